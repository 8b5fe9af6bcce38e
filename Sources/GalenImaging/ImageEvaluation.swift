import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenTensor

/// Evaluates a saved image model on labelled images at the bundle's decision threshold, with bootstrap
/// confidence intervals and a Grad-CAM gallery, as a report (and `metrics.json`).
public enum ImageEvaluation {
    /// - Parameters:
    ///   - model: the loaded bundle.
    ///   - source: the labelled images (the `test` split of a MedMNIST archive unless `split` says otherwise).
    ///   - split: "train", "val" or "test" of a MedMNIST archive; nil for the default.
    ///   - bootstrap: interval settings.
    ///   - galleryImages: tiles in the report's gallery (0 = none).
    /// - Throws: `DataError` for unreadable images or missing labels, `ImagingError.incompatibleBundle` when the
    ///   images do not fit the model, `ImagingError.unsuitableData` for labels outside the model's classes.
    public static func evaluate(model: ImageModel, source: any ImageSource, split: String? = nil,
                                bootstrap: BootstrapOptions = BootstrapOptions(), galleryImages: Int = 16) throws -> ReportContent {
        let c = model.content
        let set = try source.readSet(split: split)
        guard let labels = set.labels else {
            throw DataError.cannotRead(source: set.source, reason: "has no labels to evaluate against (predict needs none)")
        }
        if let bad = labels.firstIndex(where: { $0 >= c.classNames.count }) {
            throw ImagingError.unsuitableData("\(set.source): label \(labels[bad]) of image \(bad) is not one of the model's \(c.classNames.count) classes")
        }
        let scores = try model.scores(set)
        let t = c.threshold?.threshold ?? 0.5
        let evaluated = try model.head.evaluate(name: c.modelDescription, scores: scores, labels: labels,
                                                threshold: t, bootstrap: bootstrap)
        var gallery: ReportImageGallery? = nil
        if galleryImages > 0 {
            gallery = try ImageGallery.make(model: model.ensemble, images: set.images, labels: labels, scores: scores, threshold: t,
                                            classNames: c.classNames, count: galleryImages)
        }
        let hash = try ImageSourceHash.sha256(of: source.path)
        let counts = (0..<c.classNames.count).map { k in labels.filter { $0 == k }.count }
        return ReportContent(
            title: "\(set.source): evaluation of \(model.bundle.manifest.name)", task: c.task,
            runInfo: [ReportField("Model", "\(model.bundle.manifest.name) (\(c.ensemble == nil ? c.architecture.rawValue : c.modelDescription)), trained on \(c.trainingData.fileName) (\(model.bundle.manifest.createdAt))"),
                      ReportField("Data", "\(set.source) (SHA-256 \(hash.prefix(16))…)"),
                      ReportField("Evaluated", ISO8601DateFormatter().string(from: Date()))],
            dataset: DatasetSummary(source: set.source, rows: set.count, columns: set.channels * set.height * set.width, target: "label",
                                    classBalance: zip(c.classNames, counts).map { ClassCount($0, $1) },
                                    targetDescription: "\(c.classNames.count) classes; images \(set.channels)×\(set.height)×\(set.width)",
                                    splits: [SplitSize("evaluated", set.count)]),
            preprocessingLog: model.members.map { m in
                (model.members.count > 1 ? "\(m.architecture.rawValue) member: " : "") + "per-channel standardisation fitted at training: mean "
                    + m.normalization.mean.map { String(format: "%.4f", $0) }.joined(separator: ", ")
            },
            evaluationSplit: "\(set.source) (\(set.count) images)", classNames: c.classNames, threshold: c.threshold,
            models: [evaluated], imageGallery: gallery)
    }
}
