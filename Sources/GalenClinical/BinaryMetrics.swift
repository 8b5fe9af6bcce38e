/// Threshold-free metrics of a binary classifier, computed from its scores.
///
/// Each function returns `nil` when the metric is undefined for the data, never a NaN and never a trap.
public enum BinaryMetrics {
    /// Area under the ROC curve, in `[0, 1]`: the probability that a random positive row scores above a random
    /// negative one, ties counting one half (scikit-learn's `roc_auc_score`). `nil` unless both classes occur.
    public static func rocAUC(_ predictions: BinaryPredictions) -> Double? {
        guard predictions.hasBothClasses else { return nil }
        return RankedScores(scores: predictions.scores, labels: predictions.labels).rankingAreas { _ in 1 }.rocAUC
    }

    /// Area under the precision–recall curve as average precision, in `[0, 1]` (scikit-learn's
    /// `average_precision_score`). `nil` when there are no positive rows.
    public static func averagePrecision(_ predictions: BinaryPredictions) -> Double? {
        guard predictions.positiveCount > 0 else { return nil }
        return RankedScores(scores: predictions.scores, labels: predictions.labels)
            .rankingAreas { _ in 1 }.averagePrecision
    }

    /// Brier score: mean squared difference between predicted probability and label, in `[0, 1]`, lower is
    /// better (scikit-learn's `brier_score_loss`). `nil` when a score lies outside `[0, 1]`.
    public static func brierScore(_ predictions: BinaryPredictions) -> Double? {
        guard predictions.isProbability else { return nil }
        var sum = 0.0
        for i in 0..<predictions.count {
            let d = predictions.scores[i] - Double(predictions.labels[i])
            sum += d * d
        }
        return sum / Double(predictions.count)
    }

    /// Expected calibration error over `binCount` equal-width bins (see ``ReliabilityCurve``), in `[0, 1]`,
    /// lower is better. `nil` when a score lies outside `[0, 1]`.
    public static func expectedCalibrationError(_ predictions: BinaryPredictions, binCount: Int = 10) -> Double? {
        ReliabilityCurve(predictions, binCount: binCount)?.expectedCalibrationError
    }
}
