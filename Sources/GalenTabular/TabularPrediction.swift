import Foundation
import GalenData
import GalenPrivacy
import GalenTensor

/// What `galen predict` did.
public struct PredictionSummary: Codable, Sendable {
    /// Rows predicted.
    public var rows: Int
    /// Output file, or nil for standard output.
    public var output: String?
    /// Warnings (type mismatches, unseen categories…), at most 100 kept; `warningCount` counts all.
    public var warnings: [DataWarning]
    public var warningCount: Int
}

/// Streams a CSV through a tabular model: reads it in batches (bounded memory
/// for millions of rows), validates each batch against the bundle's schema,
/// and writes one output row per input row: the ID column when there is one,
/// then probabilities and the predicted label. The output file is written to a
/// temporary file beside it and renamed at the end, so a failure never leaves a
/// partial file or damages an existing one.
public enum TabularPrediction {
    /// - Parameters:
    ///   - model: the loaded bundle.
    ///   - inputPath: CSV to predict.
    ///   - outputPath: destination CSV, or nil to write to standard output.
    ///   - strict: turn every warning into an error.
    ///   - idColumn: column to carry through (default: the bundle's ID column, if the input has it).
    ///   - batchRows: rows per batch.
    ///   - key: decrypts `inputPath` chunk by chunk when it is a Galen encrypted file (memory stays bounded).
    ///   - progress: called with the number of rows done after each batch.
    /// - Throws: `EncryptionError` for an encrypted input without its key, with a wrong key, or damaged; `DataError` for unreadable input, missing columns, or (strict) warnings; file errors.
    @discardableResult
    public static func run(model: TabularModel, inputPath: String, outputPath: String?, strict: Bool = false,
                           idColumn: String? = nil, batchRows: Int = 65_536, key: EncryptionKey? = nil,
                           progress: (Int) -> Void = { _ in }) throws -> PredictionSummary {
        let reader = try TabularInput.batchReader(path: inputPath, options: model.readOptions, key: key)
        let id = idColumn ?? model.content.idColumn.flatMap { reader.header.contains($0) ? $0 : nil }
        if let idColumn, !reader.header.contains(idColumn) {
            throw DataError.unknownColumn(name: idColumn, role: "ID", available: reader.header,
                                          suggestion: closestName(to: idColumn, among: reader.header))
        }
        let sink = try OutputSink(path: outputPath)
        var summary = PredictionSummary(rows: 0, output: outputPath, warnings: [], warningCount: 0)
        do {
            try sink.write(CSVWriter.row((id.map { [$0] } ?? []) + model.outputColumns))
            while let batch = try reader.next(maxRows: batchRows) {
                let (scores, warnings) = try model.scores(batch, strict: strict)
                summary.warningCount += warnings.count
                for w in warnings where summary.warnings.count < 100 { summary.warnings.append(w) }
                let ids = id.flatMap { batch.column(named: $0) }
                var text = ""
                text.reserveCapacity(batch.rowCount * 32)
                for i in 0..<batch.rowCount {
                    let idValue = ids.map { [$0.text(at: i) ?? ""] } ?? []
                    text += CSVWriter.row(idValue + model.outputValues(scores, row: i))
                }
                try sink.write(text)
                summary.rows += batch.rowCount
                progress(summary.rows)
            }
            try sink.commit()
        } catch {
            sink.abandon()
            throw error
        }
        return summary
    }
}

/// Writes to standard output, or to a temporary file renamed into place by `commit`.
final class OutputSink {
    private let handle: FileHandle
    private let temp: URL?
    private let target: URL?

    init(path: String?) throws {
        guard let path else {
            handle = FileHandle.standardOutput
            temp = nil; target = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
            throw DataError.cannotRead(source: path, reason: "the output path is a directory")
        }
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: tmp.path, contents: nil),
              let h = FileHandle(forWritingAtPath: tmp.path) else {
            throw DataError.cannotRead(source: path, reason: "cannot create the output file (does the folder exist and is it writable?)")
        }
        handle = h; temp = tmp; target = url
    }

    func write(_ s: String) throws { try handle.write(contentsOf: Data(s.utf8)) }

    func commit() throws {
        guard let temp, let target else { return }
        try handle.synchronize()
        try handle.close()
        if rename(temp.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw DataError.cannotRead(source: target.path, reason: "cannot move the output into place: \(reason)")
        }
    }

    func abandon() {
        guard let temp else { return }
        try? handle.close()
        try? FileManager.default.removeItem(at: temp)
    }
}
