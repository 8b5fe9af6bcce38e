/// The precision–recall curve of a binary classifier.
///
/// Points are in order of decreasing threshold (recall non-decreasing). Point 0 is scikit-learn's anchor
/// `(recall 0, precision 1)`; every later point belongs to one distinct score, and ``thresholds`` has one entry
/// per such point (`thresholds[k]` belongs to point `k + 1`). This is scikit-learn's `precision_recall_curve`
/// output reversed.
public struct PrecisionRecallCurve: Codable, Sendable, Equatable {
    /// Recall (sensitivity) per point, in `[0, 1]`.
    public var recalls: [Double]
    /// Precision (PPV) per point, in `[0, 1]`.
    public var precisions: [Double]
    /// Thresholds of points 1…, strictly decreasing.
    public var thresholds: [Double]

    /// A curve from its arrays (`thresholds.count == recalls.count - 1`).
    public init(recalls: [Double], precisions: [Double], thresholds: [Double]) {
        self.recalls = recalls
        self.precisions = precisions
        self.thresholds = thresholds
    }

    /// The precision–recall curve of `predictions`, or `nil` when there are no positive rows.
    public init?(_ predictions: BinaryPredictions) {
        guard predictions.positiveCount > 0 else { return nil }
        self.init(ranked: RankedScores(scores: predictions.scores, labels: predictions.labels))
    }

    init(ranked: RankedScores) {
        let (tps, fps, thr) = ranked.cumulativeCounts()
        let positives = Double(tps.last ?? 0)
        var recalls = [0.0], precisions = [1.0]
        for i in 0..<tps.count {
            recalls.append(Double(tps[i]) / positives)
            precisions.append(Double(tps[i]) / Double(tps[i] + fps[i]))
        }
        self.init(recalls: recalls, precisions: precisions, thresholds: thr)
    }

    /// Average precision, Σ (Rₖ − Rₖ₋₁) Pₖ over the points: the step-wise (not interpolated) area under the
    /// curve, as scikit-learn's `average_precision_score`.
    public var averagePrecision: Double {
        var ap = 0.0
        for i in 1..<recalls.count { ap += (recalls[i] - recalls[i - 1]) * precisions[i] }
        return max(0, ap)
    }
}
