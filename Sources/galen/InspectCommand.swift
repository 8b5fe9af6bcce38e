import ArgumentParser
import Foundation
import GalenData
import GalenPrivacy

extension Galen {
    /// `galen inspect`: the schema Galen infers from a CSV.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the inferred schema of a CSV: types, missing values, ranges and class balance.",
            discussion: """
            Examples:
              galen inspect data/wdbc/breast_cancer_wdbc.csv --target diagnosis
              galen inspect visits.csv --json
            """
        )

        @Argument(help: "CSV file.") var data: String
        @Option(help: "Target column, to show its class balance and the task Galen would infer.") var target: String?
        @Option(help: "Field delimiter: ',', ';', 'tab' (default: detected).") var delimiter: String?
        @Option(help: "Comma-separated extra tokens meaning 'missing'.") var missing: String?
        @OptionGroup var key: KeyOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let options = try readOptions(delimiter: delimiter, missing: missing)
            let table: Table
            if EncryptedFile.isEncrypted(path: data) {
                guard let k = try key.load(needed: true) else { throw EncryptionError.missingKey(what: data) }
                table = try CSVReader.read(bytes: [UInt8](try EncryptedFile.readAll(path: data, key: k)), source: data, options: options)
            } else {
                table = try CSVReader.read(path: data, options: options)
            }
            let report = try SchemaReport.make(table, target: target)
            if json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(report), as: UTF8.self))
            } else {
                print(report.renderText())
            }
        }
    }
}
