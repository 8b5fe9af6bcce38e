import ArgumentParser
import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenImaging
import GalenPrivacy
import GalenTabular
import GalenText

/// What `galen train` learns from: a table (CSV), images (`.npz`/`.npy`, or a folder of PNGs per class), texts
/// (JSONL, or a CSV with `--kind text` / `--text-column`), or patient histories (an OMOP CDM folder, or a long-format
/// event CSV; see SequenceCommands.swift).
enum DataKind: String, ExpressibleByArgument, CaseIterable {
    case tabular, images, text, omop, events

    /// OMOP for a folder with person.csv and observation_period.csv, images for `.npz` and `.npy` files and other
    /// folders, texts for `.jsonl`/`.ndjson` files, tables for everything else (a CSV of texts needs `--kind text`
    /// or `--text-column`; event CSVs need `--kind events`).
    static func inferred(from path: String) -> DataKind {
        if OMOPDatabase.handles(path) { return .omop }
        if NumpyImageSource.handles(path) || PNGFolderSource.handles(path) { return .images }
        return TextDataset.isJSONLines(path) ? .text : .tabular
    }
}

extension ImageArchitecture: ExpressibleByArgument {}
extension ImageLRSchedule: ExpressibleByArgument {}
extension ImageTestTimeAugmentation: ExpressibleByArgument {}
extension ImageKeptWeights: ExpressibleByArgument {}

/// `--augment`: which augmentation setting trains the network.
enum ImageAugmentChoice: String, ExpressibleByArgument, CaseIterable {
    case standard, strong, none

    /// The augmentation settings this choice names.
    var settings: ImageAugmentation {
        switch self {
        case .standard: return ImageAugmentation()
        case .strong: return .strong
        case .none: return ImageAugmentation.none
        }
    }
}

/// The options of `galen train` that only images take.
struct ImageTrainOptions: ParsableArguments {
    @Option(help: "Images: labels for an .npy of images (an .npy of class indices). Sequences (--kind events): a labels CSV (patient column, label, optional index date).") var labels: String?
    @Option(help: "Network: images cnn-bn (default), cnn-small, cnn-large or resnet18; sequences lstm, gru (default) or transformer.") var arch: String?
    @Option(help: "Images: class names in label order, comma-separated (default 0, 1, …).") var classNames: String?
    @Flag(help: "Images: no augmentation (flip, rotation, shift, crop) of training batches (same as --augment none).") var noAugment = false
    @Option(help: "Images: augmentation, standard (flip, rotation ±10°, shift, crop), strong (rotation ±15°, adds zoom, brightness and contrast jitter) or none (default: standard).") var augment: ImageAugmentChoice?
    @Option(help: "Images: learning-rate schedule, cosine (default), step (×0.1 at 50% and 75% of the epochs) or constant.") var schedule: ImageLRSchedule?
    @Option(help: "Images: fixed decision threshold on the positive-class probability (e.g. 0.5) instead of Youden's J on validation.") var threshold: Double?
    @Option(help: "Images: test images shown with Grad-CAM in the report (default 16; 0 = none).") var gallery: Int?
    @Option(help: "Images: test-time augmentation stored in the bundle, horizontal-flip (mean probability of the image and its mirror image; needs flips in the training augmentation) or none (default: none).") var tta: ImageTestTimeAugmentation?
    @Option(help: "Images: decay of an exponential moving average of the weights (e.g. 0.99), validated, kept and saved instead of the trained weights; 0 = no averaging (default: 0).") var ema: Float?
    @Option(help: "Images: weights to keep, best (the best validation epoch's, with early stopping; default) or last (the last epoch's; every epoch runs, as Keras keeps them and as the MedMNIST v2 code saves them).") var keep: ImageKeptWeights?
    @Option(help: "Images: train K ≥ 2 networks with seeds SEED…SEED+K−1 (each as galen train --seed S would) and save them as one ensemble bundle whose probabilities are their mean (K× training time and bundle size; default: one network).") var ensemble: Int?

    /// Whether any image-only option was given.
    var anyGiven: Bool {
        labels != nil || arch != nil || classNames != nil || noAugment || augment != nil || schedule != nil || threshold != nil || gallery != nil
            || tta != nil || ema != nil || ensemble != nil || keep != nil
    }

    /// - Throws: `CLIError.usage` when an image-only option is given for a table.
    func refuseForTables() throws {
        if anyGiven {
            throw CLIError.usage("--labels, --arch, --class-names, --no-augment, --augment, --schedule, --threshold, --gallery, --tta, --ema, --ensemble and --keep are for images (.npz/.npy, a PNG folder, or --kind images); --labels and --arch also for sequences (--kind omop, --kind events)")
        }
    }
}

extension Galen.Train {
    /// `galen train` on images: the options are checked, `GalenImaging` does the work, the outputs are written.
    func runImages() throws {
        try text.refuse(for: "images")
        if target != nil || group != nil || idColumn != nil || exclude != nil || cv != 0 || dp || task != nil || positiveClass != nil
            || delimiter != nil || missing != nil {
            throw CLIError.usage("--target, --task, --positive-class, --group, --id-column, --exclude, --cv, --dp, --delimiter and --missing are for tables, not images")
        }
        var o = ImageTrainingOptions(dataPath: data)
        o.labelsPath = images.labels
        o.classNames = images.classNames.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        if let a = images.arch {
            guard let x = ImageArchitecture(rawValue: a) else {
                throw CLIError.usage("--arch for images takes \(ImageArchitecture.allCases.map(\.rawValue).joined(separator: ", ")), got '\(a)'")
            }
            o.architecture = x
        } else {
            o.architecture = .cnnBN
        }
        o.learningRate = learningRate ?? o.learningRate
        o.weightDecay = weightDecay ?? o.weightDecay
        o.batchSize = batchSize ?? o.batchSize
        o.epochs = epochs
        o.patience = patience
        o.seed = seed
        o.balanceClasses = !noClassWeights
        o.testFraction = testFraction
        o.validationFraction = validationFraction
        if let s = targetSensitivity { o.thresholdCriterion = .targetSensitivity(s) }
        if images.noAugment, let a = images.augment, a != ImageAugmentChoice.none {
            throw CLIError.usage("--no-augment contradicts --augment \(a.rawValue)")
        }
        if let a = images.augment { o.augmentation = a.settings }
        if images.noAugment { o.augmentation = ImageAugmentation.none }
        if let s = images.schedule { o.schedule = s }
        if let t = images.threshold {
            if targetSensitivity != nil { throw CLIError.usage("--threshold and --target-sensitivity both choose the threshold; give one") }
            o.fixedThreshold = t
        }
        o.galleryImages = images.gallery ?? o.galleryImages
        if let t = images.tta { o.testTimeAugmentation = t }
        if let d = images.ema {
            guard d == 0 || (d > 0 && d < 1) else { throw CLIError.usage("--ema takes a decay in (0, 1), e.g. 0.99, or 0 for none; got \(d)") }
            o.emaDecay = d == 0 ? nil : d
        }
        if let k = images.keep { o.keptWeights = k }  // with --patience: a usage error from ImageTrainingOptions.validate
        if let e = images.ensemble {
            guard e >= 2 else { throw CLIError.usage("--ensemble takes the number of networks, K ≥ 2; got \(e) (leave it out for one network)") }
            o.ensembleMembers = e
        }
        o.bootstrap = try TrainOutputs.bootstrap(resamples: resamples, seed: seed)
        let k: EncryptionKey? = encryptBundle ? try key.require(for: "--encrypt-bundle") : nil

        let stem = URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent
        let outDir = URL(fileURLWithPath: out ?? "runs/" + stem)
        let say: (String) -> Void = { line in if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) } }
        let result = try ImageTrainer.train(o, log: say)

        let (bundleURL, reportURL) = try TrainOutputs.write(
            to: outDir, name: name ?? stem, content: result.content, weights: result.weights,
            report: result.report, cipher: k.map { BundleEncryption(key: $0) }, formatVersion: result.content.bundleFormatVersion)
        if json {
            let summary = Galen.TrainSummary(output: outDir.path, bundle: bundleURL.path, report: reportURL.path,
                                       task: result.content.task.rawValue, threshold: result.content.threshold?.threshold,
                                       crossValidation: [], metrics: result.report.metricsDocument, differentialPrivacy: nil,
                                       ensembleValidation: result.content.ensemble?.validation)
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(summary), as: UTF8.self))
            return
        }
        let sizes = result.content.trainingData.splitSizes
        print("\nTest split (\(sizes["test"] ?? 0) images), 95% bootstrap intervals:")
        print(MetricsSummary.text(result.report.models))
        if let t = result.content.threshold { print("\n" + t.explanation) }
        if let e = result.content.ensemble { print("\nEnsemble of \(e.members.count) networks, \(e.validation.summary)") }
        print("\nBundle:  \(bundleURL.path)\(k != nil ? " (encrypted)" : "")\nReport:  \(reportURL.path)")
    }
}

extension Galen.Evaluate {
    /// `galen evaluate` with an image bundle: metrics, report (with Grad-CAM gallery) and metrics.json.
    func runImages(cipher: BundleFileCipher?) throws {
        guard strict == false else { throw CLIError.usage("--strict is for tables") }
        let model = try ImageModel(contentsOf: URL(fileURLWithPath: bundle), cipher: cipher)
        let report = try ImageEvaluation.evaluate(model: model, source: imageSource(data, labels: labels, model: model), split: split,
                                                  bootstrap: BootstrapOptions(resamples: resamples, confidenceLevel: 0.95, seed: seed))
        try writeOutputs(report, dataName: URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent)
    }
}

extension Galen.Predict {
    /// `galen predict` with an image bundle: one CSV row per image (index, probabilities, predicted class).
    func runImages(cipher: BundleFileCipher?) throws {
        if strict || idColumn != nil { throw CLIError.usage("--strict and --id-column are for tables") }
        let model = try ImageModel(contentsOf: URL(fileURLWithPath: bundle), cipher: cipher)
        let summary = try ImagePrediction.run(model: model, source: imageSource(data, labels: nil, model: model), split: split, outputPath: out)
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(summary), as: UTF8.self))
        } else if let out {
            print("Wrote \(summary.rows) predictions for \(summary.source) to \(out)")
        }
    }
}

/// Whether the bundle at `path` holds an image model (read from its manifest; encrypted bundles need `cipher`).
func isImageBundle(_ path: String, cipher: BundleFileCipher?) -> Bool {
    ImageModel.kind(of: URL(fileURLWithPath: path), cipher: cipher) == "images"
}

/// The image source for `path`: a folder of PNG class folders (matched to the model's classes by name), else a
/// NumPy file (with `labels` for a plain `.npy`).
func imageSource(_ path: String, labels: String?, model: ImageModel) -> any ImageSource {
    PNGFolderSource.handles(path) ? PNGFolderSource(path: path, modelClassNames: model.content.classNames)
                                  : NumpyImageSource(path: path, labelsPath: labels)
}
