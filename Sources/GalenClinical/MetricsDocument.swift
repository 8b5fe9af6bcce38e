import Foundation

/// The content of `metrics.json`: every metric with its confidence interval, for each model evaluated on one
/// split, plus the decision threshold — what scripts and the model bundle read.
public struct MetricsDocument: Codable, Sendable, Equatable {
    /// Version of this document's layout; bumped when fields change meaning.
    public var formatVersion: Int
    /// The task.
    public var task: ClinicalTask
    /// The split the metrics were computed on, e.g. "test".
    public var split: String
    /// Class names in label order (binary: negative then positive); empty for regression.
    public var classNames: [String]
    /// The decision threshold and how it was chosen (binary only).
    public var threshold: ThresholdChoice?
    /// One entry per model, the delivered model first.
    public var models: [ModelEvaluation]

    /// The current ``formatVersion``.
    public static let currentFormatVersion = 1

    /// A document from its parts.
    public init(task: ClinicalTask, split: String, classNames: [String] = [], threshold: ThresholdChoice? = nil,
                models: [ModelEvaluation]) {
        formatVersion = MetricsDocument.currentFormatVersion
        self.task = task
        self.split = split
        self.classNames = classNames
        self.threshold = threshold
        self.models = models
    }

    /// Pretty-printed JSON with sorted keys (stable across runs); undefined values are `null`.
    /// - Throws: `EncodingError` (not expected: undefined values are never NaN).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes the document as JSON to `url` atomically (temporary file in the same directory, then rename).
    /// - Throws: an encoding or file-system error; `url` is then unchanged.
    public func write(to url: URL) throws {
        var data = try jsonData()
        data.append(0x0A)
        try AtomicFileWriter.write(data, to: url)
    }

    /// Reads a document written by ``write(to:)``.
    /// - Throws: a file-system or `DecodingError`.
    public static func read(from url: URL) throws -> MetricsDocument {
        try JSONDecoder().decode(MetricsDocument.self, from: Data(contentsOf: url))
    }
}
