/// The receiver operating characteristic curve of a binary classifier, and the area under it.
///
/// Points run from `(0, 0)` to `(1, 1)` in order of decreasing threshold, exactly as scikit-learn's
/// `roc_curve` returns them. Point 0 is the anchor `(0, 0)` that only a threshold above every score produces, so
/// ``thresholds`` has one entry fewer than the rate arrays: `thresholds[k]` is the threshold of point `k + 1`
/// (a row is positive when `score >= threshold`). The anchor's threshold is left out so the curve stays
/// JSON-encodable (scikit-learn uses `inf`).
public struct ROCCurve: Codable, Sendable, Equatable {
    /// False-positive rates (1 − specificity), non-decreasing, in `[0, 1]`.
    public var falsePositiveRates: [Double]
    /// True-positive rates (sensitivity), non-decreasing, in `[0, 1]`.
    public var truePositiveRates: [Double]
    /// Thresholds of points 1…, strictly decreasing (the distinct scores kept).
    public var thresholds: [Double]

    /// A curve from its arrays (`thresholds.count == falsePositiveRates.count - 1`).
    public init(falsePositiveRates: [Double], truePositiveRates: [Double], thresholds: [Double]) {
        self.falsePositiveRates = falsePositiveRates
        self.truePositiveRates = truePositiveRates
        self.thresholds = thresholds
    }

    /// The ROC curve of `predictions`, or `nil` when only one class occurs (a rate would divide by zero).
    ///
    /// - Parameter dropIntermediate: drop points on straight segments that cannot change the plot or the area,
    ///   as scikit-learn's `roc_curve(drop_intermediate=True)` (its default) does. `false` keeps one point per
    ///   distinct score.
    public init?(_ predictions: BinaryPredictions, dropIntermediate: Bool = true) {
        guard predictions.hasBothClasses else { return nil }
        self.init(ranked: RankedScores(scores: predictions.scores, labels: predictions.labels),
                  dropIntermediate: dropIntermediate)
    }

    init(ranked: RankedScores, dropIntermediate: Bool) {
        let (tps, fps, thr) = ranked.cumulativeCounts()
        var keep = Array(0..<tps.count)
        if dropIntermediate && tps.count > 2 {
            keep = [0]
            for i in 1..<(tps.count - 1) {
                let fpCorner = fps[i - 1] - 2 * fps[i] + fps[i + 1]
                let tpCorner = tps[i - 1] - 2 * tps[i] + tps[i + 1]
                if fpCorner != 0 || tpCorner != 0 { keep.append(i) }
            }
            keep.append(tps.count - 1)
        }
        let positives = Double(tps.last ?? 0), negatives = Double(fps.last ?? 0)
        var fpr = [0.0], tpr = [0.0], kept: [Double] = []
        for i in keep {
            fpr.append(Double(fps[i]) / negatives)
            tpr.append(Double(tps[i]) / positives)
            kept.append(thr[i])
        }
        self.init(falsePositiveRates: fpr, truePositiveRates: tpr, thresholds: kept)
    }

    /// Trapezoidal area under this curve, in `[0, 1]`; equals ``BinaryMetrics/rocAUC(_:)`` for the full curve.
    public var area: Double {
        var area = 0.0
        for i in 1..<falsePositiveRates.count {
            area += (falsePositiveRates[i] - falsePositiveRates[i - 1])
                * (truePositiveRates[i] + truePositiveRates[i - 1]) / 2
        }
        return area
    }
}
