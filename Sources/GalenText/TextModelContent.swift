import GalenClinical
import GalenData

/// What a text model bundle's `manifest.json` holds under `content`: the encoder it needs (by folder name and
/// SHA-256 of its weights — the bundle never copies them), tokenizer settings, the head, the classes, and how the
/// model was made and how well it did.
public struct TextModelContent: Codable, Sendable {
    /// "text" (tabular bundles say "tabular", image bundles "images").
    public var kind: String = "text"
    /// The encoder the features come from.
    public var encoder: TextEncoderReference
    /// Encoder layers trained with the head (0: frozen); their weights are in `model.safetensors`.
    public var fineTuneLayers: Int
    /// The head's hidden sizes and dropout.
    public var hidden: [Int]
    public var dropout: Float
    /// Binary (one logit, positive class = label 1) or multiclass (one logit per class).
    public var task: TaskKind
    /// Class names in label order.
    public var classNames: [String]
    /// The fields read from input files.
    public var textColumn: String
    public var target: String
    /// Binary only: decision threshold on the positive-class probability and how it was chosen.
    public var threshold: ThresholdChoice?
    /// Optimiser settings, epochs run and the best epoch.
    public var training: TextTrainingSummary
    /// The training file's name, SHA-256 and split sizes (the texts are never stored).
    public var trainingData: TextDataFingerprint
    /// Test metrics with confidence intervals.
    public var metrics: MetricsDocument
}

/// Identifies an encoder folder without copying it.
public struct TextEncoderReference: Codable, Sendable, Equatable {
    /// Folder name, e.g. `all-MiniLM-L6-v2`.
    public var name: String
    /// SHA-256 (hex) of its `model.safetensors`; a different file is refused at load.
    public var sha256: String
    /// Tokens per text at most, `[CLS]`/`[SEP]` included.
    public var maxLength: Int
    /// The tokenizer: uncased WordPiece from the folder's `vocab.txt`.
    public var tokenizer: String
    /// Embedding width.
    public var hiddenSize: Int
    /// Encoder layers.
    public var layers: Int
    /// Pooling: "mean, L2-normalised".
    public var pooling: String
}

/// How the model was trained, as recorded in the bundle.
public struct TextTrainingSummary: Codable, Sendable, Equatable {
    public var learningRate: Float
    /// Learning rate of the fine-tuned encoder layers (nil when frozen).
    public var encoderLearningRate: Float?
    public var weightDecay: Float
    public var batchSize: Int
    public var maxEpochs: Int
    public var epochsRun: Int
    /// 1-based epoch whose weights were kept.
    public var bestEpoch: Int
    /// "validation ROC AUC" or "validation loss".
    public var monitor: String
    public var seed: UInt64
    /// Positive-class weight of the loss (binary) or class weights (multiclass); empty when unweighted.
    public var classWeights: [Float]
    /// Wall-clock seconds: encoding the texts, training, and all of it.
    public var encodingSeconds: Double
    public var trainingSeconds: Double
    public var seconds: Double
}

/// Identifies the file a text model was trained on without storing it.
public struct TextDataFingerprint: Codable, Sendable, Equatable {
    public var fileName: String
    public var sha256: String
    /// Texts per split ("train", "validation", "test").
    public var splitSizes: [String: Int]
    /// The group column the split respected, if any.
    public var groupColumn: String?
}
