/// Why a set of predictions could not be evaluated.
///
/// Thrown when predictions are *constructed* (``BinaryPredictions``, ``MulticlassPredictions``,
/// ``RegressionPredictions``), so that every metric computed later works on validated input and never traps.
/// A metric that is merely undefined for valid input (PPV with no predicted positives, ROC AUC with one class)
/// is not an error: it is reported as `nil`.
public enum ClinicalMetricsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There were no rows to evaluate.
    case empty
    /// Two arrays that must hold one entry per row have different lengths.
    case lengthMismatch(expected: Int, actual: Int, what: String)
    /// A label is outside its allowed range (`0...1` for binary, `0..<classCount` for multiclass).
    case invalidLabel(row: Int, value: Int, allowed: ClosedRange<Int>)
    /// A score, probability, prediction or target is NaN or infinite.
    case nonFiniteValue(row: Int, what: String)
    /// A multiclass problem needs at least two classes.
    case invalidClassCount(Int)

    /// A one-line explanation naming the offending row (0-based) where there is one.
    public var description: String {
        switch self {
        case .empty:
            return "no rows to evaluate"
        case let .lengthMismatch(expected, actual, what):
            return "\(what) has \(actual) entries but there are \(expected) rows"
        case let .invalidLabel(row, value, allowed):
            return "label \(value) in row \(row) is outside \(allowed.lowerBound)...\(allowed.upperBound)"
        case let .nonFiniteValue(row, what):
            return "\(what) in row \(row) is not a finite number"
        case let .invalidClassCount(count):
            return "a multiclass evaluation needs at least 2 classes, got \(count)"
        }
    }
}
