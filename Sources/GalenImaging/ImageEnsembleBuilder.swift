import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenNN

/// Joins already-trained image bundles of one task into one ensemble bundle (`galen ensemble`), so that members
/// can be trained in parallel processes or on other machines. The members must share class names, channels, image
/// size and training data (by `ImageSourceHash`); their architectures, normalisations and recipes may differ. The
/// ensemble's threshold and figures come from the validation split of the members' data, scored by the ensemble
/// (mean probability); the test split is never scored. An input that is itself an ensemble adds all its members.
public enum ImageEnsembleBuilder {
    /// How `combine` chooses the threshold and writes its report.
    public struct Options: Sendable {
        /// Threshold rule on the ensemble's validation scores (Youden's J by default, as for single models).
        public var thresholdCriterion: ThresholdCriterion = .youden
        /// A fixed threshold instead (e.g. 0.5).
        public var fixedThreshold: Double?
        /// Bootstrap settings of the report's validation metrics.
        public var bootstrap = BootstrapOptions(resamples: 1000, confidenceLevel: 0.95, seed: 42)
        /// Validation images in the report's Grad-CAM gallery (0 = none).
        public var galleryImages = 16

        /// The defaults.
        public init() {}
    }

    /// Combines `models` into an ensemble scored on the validation split of `source`.
    /// - Parameters:
    ///   - models: the loaded bundles, each with the name errors call it by (the path given on the command line).
    ///   - source: the members' training data (official splits: its `val` split is scored).
    ///   - log: receives progress lines.
    /// - Returns: the bundle content (`ensemble` set; `metrics` and the report are on the validation split), the
    ///   member networks and the report.
    /// - Throws: `ImagingError.incompatibleBundle` naming the member and the field that differs, or when the data is
    ///   not the members' training data or has no official validation split; `ImagingError.invalidOption` for no
    ///   models or bad options; `DataError` for unreadable images.
    public static func combine(_ models: [(name: String, model: ImageModel)], source: any ImageSource, options: Options = Options(),
                               log: (String) -> Void = { _ in }) throws -> ImageTrainingResult {
        guard let (firstName, first) = models.first else { throw ImagingError.invalidOption("galen ensemble needs at least one bundle") }
        if let t = options.fixedThreshold, !(t > 0 && t < 1) { throw ImagingError.invalidOption("--threshold must be in (0, 1), got \(t)") }
        if case let .targetSensitivity(s) = options.thresholdCriterion, !(s > 0 && s <= 1) {
            throw ImagingError.invalidOption("--target-sensitivity must be in (0, 1], got \(s)")
        }
        let c = first.content
        for (name, model) in models {
            let m = model.content
            func refuse(_ field: String, _ theirs: String, _ ours: String) -> ImagingError {
                .incompatibleBundle("cannot combine \(name): its \(field) is \(theirs), but \(firstName) (the first bundle) has \(ours)")
            }
            if m.classNames != c.classNames {
                throw refuse("class names", m.classNames.joined(separator: ", "), c.classNames.joined(separator: ", "))
            }
            if m.channels != c.channels { throw refuse("channels", "\(m.channels)", "\(c.channels)") }
            if (m.height, m.width) != (c.height, c.width) { throw refuse("image size (height × width)", "\(m.height)×\(m.width)", "\(c.height)×\(c.width)") }
            if m.trainingData.sha256 != c.trainingData.sha256 {
                throw refuse("training data (SHA-256)", "\(m.trainingData.fileName) \(m.trainingData.sha256.prefix(16))…",
                             "\(c.trainingData.fileName) \(c.trainingData.sha256.prefix(16))…")
            }
            guard m.trainingData.officialSplits else {
                throw ImagingError.incompatibleBundle("cannot combine \(name): it was trained on a split Galen made (seeded by the run), "
                    + "so its validation images cannot be told apart from other members' training images; galen ensemble needs data with "
                    + "official train/val/test splits (a MedMNIST .npz). Train such members together: galen train DATA --ensemble K")
            }
        }
        let hash = try ImageSourceHash.sha256(of: source.path)
        guard hash == c.trainingData.sha256 else {
            throw ImagingError.incompatibleBundle("\(source.path) (SHA-256 \(hash.prefix(16))…) is not the data the members were trained on "
                                                  + "(\(c.trainingData.fileName), SHA-256 \(c.trainingData.sha256.prefix(16))…)")
        }
        let validation = try source.readSet(split: "val")
        guard let labels = validation.labels else {
            throw DataError.cannotRead(source: validation.source, reason: "has no labels; the ensemble's threshold needs labelled validation images")
        }
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= c.classNames.count }) {
            throw ImagingError.unsuitableData("\(validation.source): label \(labels[bad]) of image \(bad) is not one of the models' \(c.classNames.count) classes")
        }
        try first.checkFits(validation)

        // The members, flattened: a single-network bundle adds its network, an ensemble all of its members.
        var records: [ImageEnsembleMember] = [], networks: [ImageNetwork] = []
        for (name, model) in models {
            let m = model.content
            let described = "\(model.bundle.manifest.name) (\(name))"
            if let e = m.ensemble {
                for (i, member) in e.members.enumerated() {
                    var r = member
                    r.source = "\(described), member \(i + 1)" + (member.source.map { " from \($0)" } ?? "")
                    records.append(r)
                }
            } else {
                records.append(ImageEnsembleMember(file: "", architecture: m.architecture, normalization: m.normalization,
                                                   augmentation: m.augmentation, training: m.training,
                                                   testTimeAugmentation: m.scoring, source: described))
            }
            networks += model.members
        }
        for i in records.indices { records[i].file = ImageEnsembleMember.fileName(i) }
        let head = ImageTaskHead(classCount: c.classNames.count)
        let model = try ImageEnsemble(members: networks, head: head)

        log("Scoring \(validation.count) validation images with \(networks.count) networks…")
        let memberScores = try model.memberScores(validation.images)
        let scores = ImageEnsemble.mean(memberScores)
        var notes: [String] = []
        let threshold = try ImageTrainer.chooseThreshold(head: head, validationScores: scores, labels: labels, fixed: options.fixedThreshold,
                                                         criterion: options.thresholdCriterion, notes: &notes)
        if let threshold { log(threshold.explanation) }
        let t = threshold?.threshold ?? 0.5
        let figures = try ImageEnsembleValidation.measure(head: head, memberScores: memberScores, labels: labels, threshold: threshold?.threshold)
        log(figures.summary)
        let modelName = ImageModelContent.describe(records.map(\.architecture))
        let evaluated = try head.evaluate(name: modelName, scores: scores, labels: labels, threshold: t, bootstrap: options.bootstrap)
        var gallery: ReportImageGallery? = nil
        if options.galleryImages > 0 {
            log("Grad-CAM for \(min(options.galleryImages, validation.count)) validation images…")
            gallery = try ImageGallery.make(model: model, images: validation.images, labels: labels, scores: scores, threshold: t,
                                            classNames: c.classNames, count: options.galleryImages)
        }
        notes.append("These figures are on the validation images, on which the threshold was chosen (and each member's best epoch): "
                     + "they are optimistic. Evaluate the bundle on the test split once, with galen evaluate.")
        let counts = (0..<c.classNames.count).map { k in labels.filter { $0 == k }.count }
        let runInfo = [ReportField("Data", "\(validation.source) (SHA-256 \(hash.prefix(16))…)"),
                       ReportField("Ensemble", "\(records.count) networks, probabilities averaged; " + zip(records, figures.memberROCAUC).enumerated().map { i, r in
                           "member \(i + 1): \(r.0.architecture.rawValue), seed \(r.0.training.seed), best epoch \(r.0.training.bestEpoch) of \(r.0.training.epochsRun)"
                               + (r.1.map { String(format: ", validation ROC AUC %.4f", $0) } ?? "") + (r.0.source.map { ", from \($0)" } ?? "")
                       }.joined(separator: "; ")),
                       ReportField("Validation", figures.summary),
                       ReportField("Created", ISO8601DateFormatter().string(from: Date()))]
        let report = ReportContent(
            title: "\(source.name): ensemble of \(records.count) image classifiers", task: c.task, runInfo: runInfo,
            dataset: DatasetSummary(source: validation.source, rows: validation.count, columns: c.channels * c.height * c.width, target: "label",
                                    classBalance: zip(c.classNames, counts).map { ClassCount($0, $1) },
                                    targetDescription: "\(c.classNames.count) classes; images \(c.channels)×\(c.height)×\(c.width)",
                                    splits: [SplitSize("validation", validation.count)]),
            preprocessingLog: ["each member standardises the images with the per-channel mean and SD fitted on its training images"],
            evaluationSplit: "validation", classNames: c.classNames, threshold: threshold, models: [evaluated], notes: notes,
            imageGallery: gallery)
        let lead = records[0]
        var content = ImageModelContent(architecture: lead.architecture, channels: c.channels, height: c.height, width: c.width, task: c.task,
                                        classNames: c.classNames, normalization: lead.normalization, threshold: threshold,
                                        augmentation: lead.augmentation, training: lead.training, trainingData: c.trainingData,
                                        metrics: report.metricsDocument, testTimeAugmentation: lead.testTimeAugmentation)
        content.ensemble = ImageEnsembleContent(members: records, validation: figures)
        return ImageTrainingResult(content: content, networks: networks.map(\.network), report: report)
    }
}
