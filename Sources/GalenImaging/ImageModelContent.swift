import GalenClinical
import GalenData

/// What an image model bundle's `manifest.json` holds under `content`: everything needed to replay the
/// normalisation and the network on new images, and to tell a reader how the model was made and how well it did.
///
/// An ensemble bundle (`ensemble` present) holds several networks, each with its own weights file and settings in
/// `ensemble.members`; its top-level `architecture`, `normalization`, `augmentation`, `training` and
/// `testTimeAugmentation` are those of the first member, and `threshold` and `metrics` are the ensemble's.
public struct ImageModelContent: Codable, Sendable {
    /// "images" (tabular bundles say "tabular").
    public var kind: String = "images"
    /// The network in `model.safetensors`.
    public var architecture: ImageArchitecture
    /// Input images: channels, height, width.
    public var channels: Int
    public var height: Int
    public var width: Int
    /// Binary (one logit, positive class = label 1) or multiclass (one logit per class).
    public var task: TaskKind
    /// Class names in label order.
    public var classNames: [String]
    /// Per-channel standardisation fitted on the training images.
    public var normalization: ImageNormalization
    /// Binary only: decision threshold on the positive-class probability and how it was chosen.
    public var threshold: ThresholdChoice?
    /// Augmentation used in training.
    public var augmentation: ImageAugmentation
    /// Optimiser settings, epochs run and the best epoch (1-based).
    public var training: ImageTrainingSummary
    /// The training file's name and SHA-256 (the images are never stored).
    public var trainingData: ImageDataFingerprint
    /// Test metrics with confidence intervals.
    public var metrics: MetricsDocument
    /// How images are scored (`--tta`); absent in bundles made before test-time augmentation existed, which score
    /// each image alone.
    public var testTimeAugmentation: ImageTestTimeAugmentation? = nil

    /// The member networks and the ensemble's validation figures; absent for a single network (`model.safetensors`).
    public var ensemble: ImageEnsembleContent? = nil

    /// The scoring rule in force: the stored one, else none (older bundles).
    public var scoring: ImageTestTimeAugmentation { testTimeAugmentation ?? .none }

    /// The bundle layout version to write: 2 for an ensemble (so that Galen builds without ensembles refuse it with
    /// "upgrade Galen" instead of looking for `model.safetensors`), else 1.
    public var bundleFormatVersion: Int { ensemble == nil ? 1 : 2 }

    /// The model's name in reports: "Network (cnn-bn)", or "Ensemble of 3 networks (resnet18, resnet18, cnn-bn)".
    public var modelDescription: String {
        Self.describe(ensemble.map { $0.members.map(\.architecture) } ?? [architecture])
    }

    /// "Network (A)" for one architecture, "Ensemble of K networks (A, B, …)" for several.
    static func describe(_ architectures: [ImageArchitecture]) -> String {
        let names = architectures.map(\.rawValue).joined(separator: ", ")
        return architectures.count == 1 ? "Network (\(names))" : "Ensemble of \(architectures.count) networks (\(names))"
    }
}

/// How the network was trained, as recorded in the bundle.
public struct ImageTrainingSummary: Codable, Sendable, Equatable {
    public var learningRate: Float
    public var weightDecay: Float
    public var batchSize: Int
    public var maxEpochs: Int
    public var epochsRun: Int
    /// 1-based epoch whose weights were kept (the last epoch with `keptWeights == .last`).
    public var bestEpoch: Int
    /// "validation ROC AUC" or "validation loss".
    public var monitor: String
    public var seed: UInt64
    /// Positive-class weight of the loss (binary) or class weights (multiclass); empty when unweighted.
    public var classWeights: [Float]
    /// Wall-clock seconds of training.
    public var seconds: Double
    /// The learning-rate schedule (absent in bundles made before the choice existed: they used cosine decay).
    public var schedule: ImageLRSchedule?
    /// Decay of the exponential moving average of the weights whose values were kept (`--ema`); absent when the
    /// saved weights are the trained ones (and in bundles made before weight averaging existed).
    public var emaDecay: Float? = nil
    /// Which weights were kept (`--keep`); absent means the best validation epoch's (and in bundles made before
    /// the choice existed).
    public var keptWeights: ImageKeptWeights? = nil
}

/// Identifies the image file a model was trained on without storing it.
public struct ImageDataFingerprint: Codable, Sendable, Equatable {
    /// File name (no directory).
    public var fileName: String
    /// SHA-256 of the file's bytes.
    public var sha256: String
    /// Images per split ("train", "validation", "test").
    public var splitSizes: [String: Int]
    /// Whether the splits are the file's own (MedMNIST) or made by Galen (stratified, seeded).
    public var officialSplits: Bool
}
