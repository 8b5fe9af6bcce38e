import Foundation
import GalenBundle
import GalenClinical

/// Evaluates a saved text model on labelled texts at the bundle's decision threshold, with bootstrap confidence
/// intervals, as a report (and `metrics.json`).
public enum TextEvaluation {
    /// - Parameters:
    ///   - model: the loaded bundle and encoder.
    ///   - dataPath: a JSONL or CSV file with the model's text column and target column.
    ///   - bootstrap: interval settings.
    /// - Throws: `TextError.unsuitableData` for a missing column, an empty text or a label outside the model's
    ///   classes (naming the line); `DataError` for an unreadable file.
    public static func evaluate(model: TextModel, dataPath: String, bootstrap: BootstrapOptions = BootstrapOptions(),
                                log: (String) -> Void = { _ in }) throws -> ReportContent {
        let c = model.content
        let data = try TextDataset.read(path: dataPath, textColumn: c.textColumn, target: c.target)
        let labels = try data.labels(classNames: c.classNames)
        log("Embedding \(data.texts.count) texts with \(c.encoder.name)…")
        let scores = try model.scores(data.texts)
        let t = c.threshold?.threshold ?? 0.5
        let name = c.fineTuneLayers == 0 ? "Network (\(c.encoder.name) frozen + MLP)"
                                         : "Network (\(c.encoder.name), top \(c.fineTuneLayers) fine-tuned + MLP)"
        let evaluated = try model.head.evaluate(name: name, scores: scores, labels: labels, threshold: t, bootstrap: bootstrap)
        let hash = try FileHash.sha256(fileAt: URL(fileURLWithPath: dataPath))
        var counts = [Int](repeating: 0, count: c.classNames.count)
        for l in labels { counts[l] += 1 }
        return ReportContent(
            title: "\(data.source): evaluation of \(model.bundle.manifest.name)", task: c.task,
            runInfo: [ReportField("Model", "\(model.bundle.manifest.name) (text, \(c.encoder.name)), trained on \(c.trainingData.fileName) (\(model.bundle.manifest.createdAt))"),
                      ReportField("Data", "\(data.source) (SHA-256 \(hash.prefix(16))…)"),
                      ReportField("Evaluated", ISO8601DateFormatter().string(from: Date()))],
            dataset: DatasetSummary(source: data.source, rows: data.texts.count, columns: 1, target: c.target,
                                    classBalance: zip(c.classNames, counts).map { ClassCount($0, $1) },
                                    targetDescription: "\(c.classNames.count) classes; text from '\(c.textColumn)'",
                                    splits: [SplitSize("evaluated", data.texts.count)]),
            preprocessingLog: ["WordPiece tokenisation (uncased) to at most \(c.encoder.maxLength) tokens; \(c.encoder.name) embeddings"],
            evaluationSplit: "\(data.source) (\(data.texts.count) texts)", classNames: c.classNames, threshold: c.threshold,
            models: [evaluated])
    }
}
