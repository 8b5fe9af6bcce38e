import Foundation
import GalenClinical
import GalenData
import GalenPrivacy

/// Everything `galen train` can be told; the defaults are the documented recipe.
public struct TabularTrainingOptions: Sendable {
    /// The CSV file to learn from.
    public var dataPath: String
    /// The column to predict.
    public var target: String
    /// Task override (inferred from the target when nil).
    public var task: TaskKind?
    /// Positive class override for binary targets.
    public var positiveClass: String?
    /// Column whose rows belong together (a patient ID): no group spans two splits.
    public var groupColumn: String?
    /// Column carried through to predictions (defaults to the group column, else a detected ID column).
    public var idColumn: String?
    /// Fractions of rows held out for testing and for validation (early stopping, threshold).
    public var testFraction: Double = 0.2
    public var validationFraction: Double = 0.1
    /// k-fold cross-validation on the non-test rows, reported as mean ± sd (0 = off).
    public var crossValidationFolds: Int = 0
    /// How the binary decision threshold is chosen on the validation split.
    public var thresholdCriterion: ThresholdCriterion = .youden
    /// Weight classes inversely to their frequency when the target is skewed (minority < 40 %).
    public var balanceClasses: Bool = true
    /// Network and optimiser settings.
    public var network = NetworkOptions()
    /// CSV reading settings (delimiter, missing tokens, column types).
    public var readOptions = CSVReadOptions()
    /// Preprocessing settings (excluded columns, ID detection, …).
    public var preprocessing = PreprocessingOptions()
    /// Bootstrap settings for confidence intervals.
    public var bootstrap = BootstrapOptions(resamples: 1000, confidenceLevel: 0.95, seed: 42)
    /// Key for an encrypted `dataPath` (a Galen encrypted file); the plaintext is decrypted in memory only.
    /// The training-data fingerprint is the SHA-256 of the plaintext, as for the same file unencrypted.
    public var key: EncryptionKey?
    /// Seed for the split (the network has its own in `network.seed`).
    public var splitSeed: UInt64 = 42
    /// Differentially private training (DP-SGD) of the network and the baseline, or nil for ordinary training.
    public var privacy: PrivateTrainingOptions?

    public init(dataPath: String, target: String) {
        self.dataPath = dataPath
        self.target = target
    }

    /// Checks ranges.
    /// - Throws: `TabularError.invalidOption` naming the option.
    public func validate() throws {
        try network.validate()
        guard testFraction > 0 && testFraction < 1 else { throw TabularError.invalidOption("--test-fraction must be in (0, 1), got \(testFraction)") }
        guard validationFraction > 0 && validationFraction < 1 && testFraction + validationFraction < 1 else {
            throw TabularError.invalidOption("--validation-fraction must be in (0, 1) and leave training rows, got \(validationFraction)")
        }
        guard crossValidationFolds == 0 || crossValidationFolds >= 2 else {
            throw TabularError.invalidOption("--cv needs at least 2 folds, got \(crossValidationFolds)")
        }
        if case let .targetSensitivity(s) = thresholdCriterion, !(s > 0 && s <= 1) {
            throw TabularError.invalidOption("--target-sensitivity must be in (0, 1], got \(s)")
        }
        if let privacy {
            try privacy.validate()
            guard crossValidationFolds == 0 else {
                throw TabularError.invalidOption("--cv cannot be combined with --dp: the extra models would spend privacy budget the report does not account for")
            }
        }
    }
}
