import Foundation
import GalenClinical

/// Predicts texts with a saved model and writes one CSV row per text: `line` (the text's 1-based line in the input
/// file), the class probabilities and the predicted class.
public enum TextPrediction {
    /// What a prediction run did.
    public struct Summary: Codable, Sendable {
        /// Texts predicted.
        public var rows: Int
        /// The input file's name.
        public var source: String
        /// Output columns.
        public var columns: [String]
    }

    /// Predicts every text of `dataPath` (JSONL or CSV with the model's text column; a target column is not needed).
    /// - Parameters:
    ///   - outputPath: the CSV to write atomically (complete or not at all), or nil for standard output.
    /// - Throws: `TextError.unsuitableData` for a missing text column or an empty text; `DataError` for an unreadable
    ///   file; file-system errors writing the output.
    public static func run(model: TextModel, dataPath: String, outputPath: String?,
                           progress: (Int, Int) -> Void = { _, _ in }) throws -> Summary {
        let data = try TextDataset.read(path: dataPath, textColumn: model.content.textColumn)
        let scores = try model.scores(data.texts, progress: progress)
        let columns = ["line"] + model.outputColumns
        var text = columns.map(csvField).joined(separator: ",") + "\n"
        for i in 0..<data.texts.count {
            text += ([String(data.lines[i])] + model.outputValues(scores, row: i).map(csvField)).joined(separator: ",") + "\n"
        }
        if let outputPath {
            try AtomicFileWriter.write(text, to: URL(fileURLWithPath: outputPath))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        return Summary(rows: data.texts.count, source: data.source, columns: columns)
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (class names are user text).
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
