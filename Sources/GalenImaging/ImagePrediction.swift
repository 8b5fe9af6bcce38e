import Foundation
import GalenClinical
import GalenData

/// Predicts images with a saved model and writes one CSV row per image: `index` (0-based position in the
/// input), the class probabilities and the predicted class.
public enum ImagePrediction {
    /// What a prediction run did.
    public struct Summary: Codable, Sendable {
        /// Images predicted.
        public var rows: Int
        /// The images' source (file and split).
        public var source: String
        /// Output columns.
        public var columns: [String]
    }

    /// Predicts every image of `source` (its `test` split for a MedMNIST archive, or `split`).
    /// - Parameters:
    ///   - outputPath: the CSV to write atomically (complete or not at all), or nil for standard output.
    /// - Throws: `DataError` for unreadable images, `ImagingError.incompatibleBundle` when they do not fit the model,
    ///   file-system errors writing the output.
    public static func run(model: ImageModel, source: any ImageSource, split: String? = nil, outputPath: String?) throws -> Summary {
        let set = try source.readSet(split: split)
        let scores = try model.scores(set)
        let columns = ["index"] + model.outputColumns
        var text = columns.joined(separator: ",") + "\n"
        for i in 0..<set.count {
            text += ([String(i)] + model.outputValues(scores, row: i).map(csvField)).joined(separator: ",") + "\n"
        }
        if let outputPath {
            try AtomicFileWriter.write(text, to: URL(fileURLWithPath: outputPath))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        return Summary(rows: set.count, source: set.source, columns: columns)
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (class names are user text).
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
