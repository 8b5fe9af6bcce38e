import GalenClinical
import GalenData
import GalenModels
import GalenPrivacy

/// What a tabular model bundle's `manifest.json` holds under `content`:
/// everything needed to replay preprocessing and the network on new rows, and to
/// tell a reader how the model was made and how well it did.
public struct TabularModelContent: Codable, Sendable {
    /// "tabular".
    public var kind: String = "tabular"
    /// The target column, task, classes and positive class.
    public var target: TargetInfo
    /// The input schema (names, types, allowed categories) and fitted preprocessing.
    public var preprocessor: Preprocessor
    /// The network in `model.safetensors`.
    public var architecture: TabularNetworkSpec
    /// The linear baseline in `baseline.safetensors`.
    public var baselineArchitecture: TabularNetworkSpec
    /// Decision threshold on the positive-class probability (binary only) and how it was chosen.
    public var threshold: ThresholdChoice?
    /// Regression only: the network predicts (y − mean) / std; these undo it.
    public var targetMean: Double?
    public var targetStandardDeviation: Double?
    /// Column carried through to predictions to identify rows (e.g. a patient ID), if any.
    public var idColumn: String?
    /// Training settings.
    public var options: NetworkOptions
    /// The training file's name, SHA-256 and size (the data itself is never stored).
    public var trainingData: DataFingerprint
    /// Test-split metrics of the network and the baseline, with confidence intervals.
    public var metrics: MetricsDocument
    /// The differential-privacy guarantee (ε, δ, σ, C, q, steps) when trained with `--dp`; absent otherwise.
    public var differentialPrivacy: PrivacyGuarantee? = nil
    /// Distribution of each input column in the training rows, for drift monitoring (absent in bundles written
    /// before it was added).
    public var reference: FeatureReference? = nil
}

/// Identifies the data a model was trained on without storing it.
public struct DataFingerprint: Codable, Sendable, Equatable {
    /// File name (no directory, so that no local path leaks into a shared bundle).
    public var fileName: String
    /// SHA-256 of the file's bytes (of the plaintext, for an encrypted file).
    public var sha256: String
    /// Rows and columns read.
    public var rows: Int
    public var columns: Int
}
