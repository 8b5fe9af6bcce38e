import GalenClinical

/// What `SequenceTrainer.train` does: network sizes, vocabulary, optimiser, splits and evaluation.
public struct SequenceTrainingOptions: Sendable {
    /// Encoder: lstm, gru (default) or transformer.
    public var architecture: SequenceArchitecture = .gru
    /// Embedding width per token.
    public var embeddingDimension = 32
    /// Recurrent hidden units or transformer width.
    public var hidden = 64
    /// Stacked layers.
    public var layers = 1
    /// Transformer heads.
    public var heads = 4
    /// Dropout.
    public var dropout: Float = 0.1
    /// Latest events kept per patient.
    public var maxLength = 128
    /// A code enters the vocabulary when at least this many training patients have it.
    public var minimumCodeCount = 5
    /// AdamW learning rate.
    public var learningRate: Float = 1e-3
    /// AdamW weight decay.
    public var weightDecay: Float = 1e-4
    /// Patients per batch.
    public var batchSize = 64
    /// Maximum epochs.
    public var epochs = 30
    /// Early-stopping patience in epochs (on validation ROC AUC).
    public var patience = 6
    /// Seed of the split, weights, shuffling and bootstrap.
    public var seed: UInt64 = 42
    /// Weight positives by negatives/positives when under 40 % of training patients.
    public var balanceClasses = true
    /// How the decision threshold is chosen on validation.
    public var thresholdCriterion: ThresholdCriterion = .youden
    /// Fractions of patients for test and validation (stratified by label).
    public var testFraction = 0.2
    public var validationFraction = 0.1
    /// Bootstrap of the test metrics.
    public var bootstrap = BootstrapOptions(resamples: 1000, confidenceLevel: 0.95, seed: 42)

    /// Defaults.
    public init() {}

    /// - Throws: `SequenceError.invalidOption` naming the first option out of range.
    public func validate() throws {
        func bad(_ m: String) -> SequenceError { .invalidOption(m) }
        guard embeddingDimension >= 1, hidden >= 1, layers >= 1, heads >= 1 else { throw bad("network sizes must be ≥ 1") }
        guard dropout >= 0, dropout < 1 else { throw bad("--dropout must be in [0, 1), got \(dropout)") }
        guard maxLength >= 1 else { throw bad("--max-events must be ≥ 1, got \(maxLength)") }
        guard minimumCodeCount >= 1 else { throw bad("--min-code-count must be ≥ 1, got \(minimumCodeCount)") }
        guard learningRate > 0, weightDecay >= 0 else { throw bad("the learning rate must be > 0 and weight decay ≥ 0") }
        guard batchSize >= 1, epochs >= 1, patience >= 1 else { throw bad("--batch-size, --epochs and --patience must be ≥ 1") }
        guard testFraction > 0, validationFraction > 0, testFraction + validationFraction < 1 else {
            throw bad("--test-fraction and --validation-fraction must be > 0 and sum to less than 1")
        }
    }

    /// The network configuration for a vocabulary of `vocabularySize` ids.
    public func networkConfig(vocabularySize: Int) -> SequenceNetworkConfig {
        var c = SequenceNetworkConfig(architecture: architecture, vocabularySize: vocabularySize)
        c.embeddingDimension = embeddingDimension
        c.hidden = hidden
        c.layers = layers
        c.heads = heads
        c.dropout = dropout
        c.maxLength = maxLength
        return c
    }
}
