import Foundation
import GalenClinical

/// Everything `galen train --kind text` can be told; the defaults are the documented recipe (docs/text.md):
/// frozen all-MiniLM-L6-v2 sentence embeddings → MLP head (256, dropout 0.1), AdamW (lr 1e-3, weight decay 0.01),
/// batch 64, up to 50 epochs with early stopping (patience 5) on validation loss (multiclass) or ROC AUC
/// (binary), class weights for skewed labels, threshold by Youden's J on validation; a TF-IDF logistic-regression
/// baseline beside it. `fineTuneLayers > 0` also trains the top encoder layers at `learningRate ×
/// encoderLearningRateFactor`.
public struct TextTrainingOptions: Sendable {
    /// The JSONL or CSV file of texts.
    public var dataPath: String
    /// The field holding the text.
    public var textColumn = "text"
    /// The field holding the label.
    public var target: String
    /// A field whose texts stay in one split (e.g. an ICD-10-CM category or a patient id), or nil.
    public var groupColumn: String?
    /// The encoder folder (sentence-transformers layout).
    public var encoderDirectory = URL(fileURLWithPath: "models/all-MiniLM-L6-v2")
    /// Tokens per text at most (nil: the encoder folder's `max_seq_length`).
    public var maxLength: Int?
    /// Encoder layers trained with the head (0 = frozen embeddings).
    public var fineTuneLayers = 0
    /// The head's hidden sizes.
    public var hidden: [Int] = [256]
    /// Dropout after each hidden layer of the head.
    public var dropout: Float = 0.1
    /// Step size of AdamW for the head (and the baseline).
    public var learningRate: Float = 1e-3
    /// The encoder layers' step size is `learningRate` times this.
    public var encoderLearningRateFactor: Float = 0.05
    /// Decoupled weight decay of AdamW.
    public var weightDecay: Float = 0.01
    /// Texts per mini-batch.
    public var batchSize = 64
    /// Maximum epochs.
    public var epochs = 50
    /// Epochs without validation improvement before stopping.
    public var patience = 5
    /// Seed for the split, weights, shuffling, dropout and bootstrap.
    public var seed: UInt64 = 42
    /// Weight classes inversely to their frequency when the labels are skewed.
    public var balanceClasses = true
    /// How the binary decision threshold is chosen on validation.
    public var thresholdCriterion: ThresholdCriterion = .youden
    /// Fractions held out.
    public var testFraction = 0.2
    public var validationFraction = 0.1
    /// Bootstrap settings for confidence intervals.
    public var bootstrap = BootstrapOptions(resamples: 1000, confidenceLevel: 0.95, seed: 42)
    /// Whether to train the TF-IDF logistic-regression baseline.
    public var baseline = true

    /// Options for `dataPath` and `target` with the defaults.
    public init(dataPath: String, target: String) {
        self.dataPath = dataPath
        self.target = target
    }

    /// Checks ranges.
    /// - Throws: `TextError.invalidOption` naming the option.
    public func validate() throws {
        guard learningRate > 0, learningRate.isFinite else { throw TextError.invalidOption("--learning-rate must be > 0, got \(learningRate)") }
        guard encoderLearningRateFactor > 0, encoderLearningRateFactor <= 1 else {
            throw TextError.invalidOption("--encoder-lr-factor must be in (0, 1], got \(encoderLearningRateFactor)")
        }
        guard weightDecay >= 0 else { throw TextError.invalidOption("--weight-decay must be ≥ 0, got \(weightDecay)") }
        guard batchSize > 0 else { throw TextError.invalidOption("--batch-size must be > 0, got \(batchSize)") }
        guard epochs > 0 else { throw TextError.invalidOption("--epochs must be > 0, got \(epochs)") }
        guard patience > 0 else { throw TextError.invalidOption("--patience must be > 0, got \(patience)") }
        guard fineTuneLayers >= 0 else { throw TextError.invalidOption("--fine-tune-layers must be ≥ 0, got \(fineTuneLayers)") }
        guard dropout >= 0, dropout < 1 else { throw TextError.invalidOption("--dropout must be in [0, 1), got \(dropout)") }
        if let m = maxLength, m < 2 { throw TextError.invalidOption("--max-length must be ≥ 2, got \(m)") }
        guard !textColumn.isEmpty else { throw TextError.invalidOption("--text-column must not be empty") }
        guard testFraction > 0, validationFraction > 0, testFraction + validationFraction < 1 else {
            throw TextError.invalidOption("--test-fraction and --validation-fraction must be > 0 and leave training texts")
        }
        if case let .targetSensitivity(s) = thresholdCriterion, !(s > 0 && s <= 1) {
            throw TextError.invalidOption("--target-sensitivity must be in (0, 1], got \(s)")
        }
    }
}
