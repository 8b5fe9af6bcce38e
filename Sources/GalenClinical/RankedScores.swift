/// Rows of a binary problem sorted once by descending score, with the boundaries of tied scores.
///
/// Every ranking metric (ROC and PR curves, their areas, threshold selection) and every bootstrap resample reads
/// this one sorted copy, so a resample costs O(n) instead of a fresh O(n log n) sort. Internal.
struct RankedScores: Sendable {
    /// Number of rows.
    let count: Int
    /// `order[k]` is the original row index of the k-th highest score (ties broken by row index).
    let order: [Int]
    /// Scores in descending order.
    let scores: [Double]
    /// Labels (0 or 1) in the same order as ``scores``.
    let labels: [UInt8]
    /// Exclusive end index of each run of equal scores, ascending; the last entry is ``count``.
    let groupEnds: [Int]

    /// Sorts `scores` (one per row, finite) with their `labels` (0 or 1).
    init(scores: [Double], labels: [Int]) {
        let n = scores.count
        var order = Array(0..<n)
        order.sort { a, b in
            let sa = scores[a], sb = scores[b]
            return sa > sb || (sa == sb && a < b)
        }
        var sortedScores = [Double](repeating: 0, count: n)
        var sortedLabels = [UInt8](repeating: 0, count: n)
        var ends: [Int] = []
        for k in 0..<n {
            sortedScores[k] = scores[order[k]]
            sortedLabels[k] = labels[order[k]] == 1 ? 1 : 0
            if k > 0 && sortedScores[k] != sortedScores[k - 1] { ends.append(k) }
        }
        if n > 0 { ends.append(n) }
        self.count = n
        self.order = order
        self.scores = sortedScores
        self.labels = sortedLabels
        self.groupEnds = ends
    }

    /// Cumulative true- and false-positive counts when the threshold is set at each distinct score, highest
    /// first: entry `g` counts the rows with `score >= scores[groupEnds[g] - 1]`.
    func cumulativeCounts() -> (truePositives: [Int], falsePositives: [Int], thresholds: [Double]) {
        var tps: [Int] = [], fps: [Int] = [], thresholds: [Double] = []
        tps.reserveCapacity(groupEnds.count); fps.reserveCapacity(groupEnds.count)
        thresholds.reserveCapacity(groupEnds.count)
        var tp = 0, start = 0
        for end in groupEnds {
            for k in start..<end { tp += Int(labels[k]) }
            tps.append(tp)
            fps.append(end - tp)
            thresholds.append(scores[end - 1])
            start = end
        }
        return (tps, fps, thresholds)
    }

    /// Number of rows with `score >= threshold` (always the end of a tie group, or 0).
    func predictedPositiveCount(threshold: Double) -> Int {
        // Scores are descending: find the first index whose score is below the threshold.
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if scores[mid] >= threshold { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Area under the ROC curve and average precision for rows weighted by `weight(k)` (k in sorted order).
    ///
    /// Ties contribute half, as in scikit-learn's trapezoidal `roc_auc_score`. Either value is `nil` when the
    /// weighted data lack the class it needs (AUC: both classes; AP: positives).
    @inline(__always)
    func rankingAreas(weight: (Int) -> Int) -> (rocAUC: Double?, averagePrecision: Double?) {
        var tp = 0, fp = 0, twiceArea = 0
        var apSum = 0.0
        var start = 0
        for end in groupEnds {
            var tpGroup = 0, fpGroup = 0
            for k in start..<end {
                let w = weight(k)
                if labels[k] == 1 { tpGroup += w } else { fpGroup += w }
            }
            twiceArea += fpGroup * (2 * tp + tpGroup)
            tp += tpGroup
            fp += fpGroup
            if tpGroup > 0 { apSum += Double(tpGroup) * Double(tp) / Double(tp + fp) }
            start = end
        }
        let auc: Double? = (tp > 0 && fp > 0) ? Double(twiceArea) / (2 * Double(tp) * Double(fp)) : nil
        let ap: Double? = tp > 0 ? apSum / Double(tp) : nil
        return (auc, ap)
    }
}
