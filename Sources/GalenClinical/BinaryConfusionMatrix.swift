/// Counts of a binary classifier's decisions at one threshold, and the rates derived from them.
///
/// Every rate is a fraction in `[0, 1]`, or `nil` when its denominator is zero (for example ``ppv`` when nothing
/// was predicted positive). Laid out as scikit-learn's `confusion_matrix(y, ŷ)`: `[[tn, fp], [fn, tp]]`.
public struct BinaryConfusionMatrix: Codable, Sendable, Equatable {
    /// Positives predicted positive.
    public var truePositives: Int
    /// Negatives predicted positive.
    public var falsePositives: Int
    /// Negatives predicted negative.
    public var trueNegatives: Int
    /// Positives predicted negative.
    public var falseNegatives: Int

    /// A matrix from its four counts (each ≥ 0).
    public init(truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    /// Counts the decisions `score >= threshold` against the true labels.
    public init(_ predictions: BinaryPredictions, threshold: Double) {
        var tp = 0, fp = 0
        for i in 0..<predictions.count where predictions.scores[i] >= threshold {
            if predictions.labels[i] == 1 { tp += 1 } else { fp += 1 }
        }
        self.init(truePositives: tp, falsePositives: fp,
                  trueNegatives: predictions.negativeCount - fp, falseNegatives: predictions.positiveCount - tp)
    }

    /// Counts already-made decisions (`predicted[i]` is 0 or 1) against the true labels.
    ///
    /// - Throws: ``ClinicalMetricsError/lengthMismatch(expected:actual:what:)`` or
    ///   ``ClinicalMetricsError/invalidLabel(row:value:allowed:)`` for a decision other than 0 or 1.
    public init(predicted: [Int], labels: [Int]) throws(ClinicalMetricsError) {
        guard predicted.count == labels.count else {
            throw .lengthMismatch(expected: labels.count, actual: predicted.count, what: "predicted labels")
        }
        var tp = 0, fp = 0, tn = 0, fn = 0
        for i in 0..<labels.count {
            let p = predicted[i], y = labels[i]
            guard p == 0 || p == 1 else { throw .invalidLabel(row: i, value: p, allowed: 0...1) }
            guard y == 0 || y == 1 else { throw .invalidLabel(row: i, value: y, allowed: 0...1) }
            switch (y, p) {
            case (1, 1): tp += 1
            case (0, 1): fp += 1
            case (0, 0): tn += 1
            default: fn += 1
            }
        }
        self.init(truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn)
    }

    /// All rows counted.
    public var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
    /// Rows whose true label is positive.
    public var actualPositives: Int { truePositives + falseNegatives }
    /// Rows whose true label is negative.
    public var actualNegatives: Int { trueNegatives + falsePositives }
    /// Rows predicted positive.
    public var predictedPositives: Int { truePositives + falsePositives }
    /// Rows predicted negative.
    public var predictedNegatives: Int { trueNegatives + falseNegatives }

    /// (TP + TN) / total; `nil` for an empty matrix.
    public var accuracy: Double? { ratio(truePositives + trueNegatives, total) }
    /// Sensitivity (recall, true-positive rate): TP / (TP + FN); `nil` without actual positives.
    public var sensitivity: Double? { ratio(truePositives, actualPositives) }
    /// Specificity (true-negative rate): TN / (TN + FP); `nil` without actual negatives.
    public var specificity: Double? { ratio(trueNegatives, actualNegatives) }
    /// Positive predictive value (precision): TP / (TP + FP); `nil` when nothing is predicted positive.
    public var ppv: Double? { ratio(truePositives, predictedPositives) }
    /// Negative predictive value: TN / (TN + FN); `nil` when nothing is predicted negative.
    public var npv: Double? { ratio(trueNegatives, predictedNegatives) }
    /// F1 score, the harmonic mean of PPV and sensitivity: 2TP / (2TP + FP + FN); `nil` when TP + FP + FN = 0.
    public var f1: Double? { ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives) }
    /// Mean of sensitivity and specificity; `nil` unless both classes occur.
    public var balancedAccuracy: Double? {
        guard let sens = sensitivity, let spec = specificity else { return nil }
        return (sens + spec) / 2
    }

    /// The counts as scikit-learn lays them out: rows are true labels (0, 1), columns predicted labels (0, 1).
    public var matrix: [[Int]] { [[trueNegatives, falsePositives], [falseNegatives, truePositives]] }

    private func ratio(_ numerator: Int, _ denominator: Int) -> Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }
}
