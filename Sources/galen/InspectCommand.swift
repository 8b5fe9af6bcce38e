import ArgumentParser
import Foundation
import GalenData

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
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let table = try CSVReader.read(path: data, options: try readOptions(delimiter: delimiter, missing: missing))
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
