/// The metrics reported for a binary classifier, in report order.
public enum BinaryMetric: String, CaseIterable, Codable, Sendable {
    /// Fraction of rows classified correctly at the threshold.
    case accuracy
    /// True-positive rate (recall) at the threshold.
    case sensitivity
    /// True-negative rate at the threshold.
    case specificity
    /// Positive predictive value (precision) at the threshold.
    case ppv
    /// Negative predictive value at the threshold.
    case npv
    /// Harmonic mean of PPV and sensitivity at the threshold.
    case f1
    /// Mean of sensitivity and specificity at the threshold.
    case balancedAccuracy
    /// Area under the ROC curve (threshold-free).
    case rocAUC
    /// Average precision, the area under the precision–recall curve (threshold-free).
    case prAUC
    /// Mean squared error of the predicted probability (threshold-free; lower is better).
    case brierScore
    /// Expected calibration error over uniform bins (threshold-free; lower is better).
    case expectedCalibrationError

    /// A short human-readable name, e.g. "Sensitivity (recall)".
    public var displayName: String {
        switch self {
        case .accuracy: return "Accuracy"
        case .sensitivity: return "Sensitivity (recall)"
        case .specificity: return "Specificity"
        case .ppv: return "PPV (precision)"
        case .npv: return "NPV"
        case .f1: return "F1 score"
        case .balancedAccuracy: return "Balanced accuracy"
        case .rocAUC: return "ROC AUC"
        case .prAUC: return "PR AUC (average precision)"
        case .brierScore: return "Brier score"
        case .expectedCalibrationError: return "Expected calibration error"
        }
    }

    /// Whether a larger value is better (false for the Brier score and calibration error).
    public var higherIsBetter: Bool { self != .brierScore && self != .expectedCalibrationError }

    /// Whether the metric depends on the decision threshold.
    public var dependsOnThreshold: Bool {
        switch self {
        case .rocAUC, .prAUC, .brierScore, .expectedCalibrationError: return false
        default: return true
        }
    }
}
