/// Validated scores and true labels of a binary classifier, one entry per row.
///
/// `scores[i]` is the model's score for row `i` — normally the predicted probability of the positive class, but
/// any finite, monotone score (a logit, a decision value) works for the ranking metrics (ROC and PR curves and
/// their areas). Metrics that need probabilities (Brier score, reliability curve, expected calibration error)
/// are `nil` when some score lies outside `[0, 1]`; see ``isProbability``.
///
/// A row is *predicted positive* at threshold `t` when `score >= t`, the convention of scikit-learn's
/// `roc_curve`.
public struct BinaryPredictions: Sendable, Equatable {
    /// Scores, one per row (higher means more likely positive).
    public let scores: [Double]
    /// True labels, one per row: `1` positive, `0` negative.
    public let labels: [Int]
    /// Number of rows whose label is `1`.
    public let positiveCount: Int

    /// Validates and stores `scores` and `labels`.
    ///
    /// - Throws: ``ClinicalMetricsError/empty`` when there are no rows,
    ///   ``ClinicalMetricsError/lengthMismatch(expected:actual:what:)`` when the arrays differ in length,
    ///   ``ClinicalMetricsError/invalidLabel(row:value:allowed:)`` for a label other than 0 or 1 and
    ///   ``ClinicalMetricsError/nonFiniteValue(row:what:)`` for a NaN or infinite score.
    public init(scores: [Double], labels: [Int]) throws(ClinicalMetricsError) {
        guard !labels.isEmpty else { throw .empty }
        guard scores.count == labels.count else {
            throw .lengthMismatch(expected: labels.count, actual: scores.count, what: "scores")
        }
        var positives = 0
        for i in 0..<labels.count {
            let label = labels[i]
            guard label == 0 || label == 1 else { throw .invalidLabel(row: i, value: label, allowed: 0...1) }
            guard scores[i].isFinite else { throw .nonFiniteValue(row: i, what: "score") }
            positives += label
        }
        self.scores = scores
        self.labels = labels
        self.positiveCount = positives
    }

    /// Validates and stores single-precision `scores` (as a network outputs them) and `labels`.
    ///
    /// The scores are widened to `Double` exactly. - Throws: as ``init(scores:labels:)-([Double],_)``.
    public init(scores: [Float], labels: [Int]) throws(ClinicalMetricsError) {
        try self.init(scores: scores.map(Double.init), labels: labels)
    }

    /// Number of rows.
    public var count: Int { labels.count }
    /// Number of rows whose label is `0`.
    public var negativeCount: Int { labels.count - positiveCount }
    /// Whether both classes occur, so that ROC AUC, sensitivity and specificity are all defined.
    public var hasBothClasses: Bool { positiveCount > 0 && positiveCount < labels.count }
    /// Whether every score lies in `[0, 1]` and can therefore be read as a probability.
    public var isProbability: Bool { scores.allSatisfy { $0 >= 0 && $0 <= 1 } }
    /// Fraction of rows that are positive (the prevalence), in `[0, 1]`.
    public var prevalence: Double { Double(positiveCount) / Double(labels.count) }
}
