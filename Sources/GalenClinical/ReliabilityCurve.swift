/// A reliability (calibration) curve: predicted probability against observed frequency of the positive class,
/// in equal-width bins over `[0, 1]`, and the expected calibration error derived from it.
///
/// Binning follows scikit-learn's `calibration_curve(strategy="uniform")`: edges `k / binCount`, and a
/// probability lying exactly on an inner edge falls into the lower bin (bins are `(lo, hi]`, the first `[0, hi]`).
/// Only non-empty bins appear in ``bins``.
public struct ReliabilityCurve: Codable, Sendable, Equatable {
    /// One non-empty bin.
    public struct Bin: Codable, Sendable, Equatable {
        /// Index of the bin, `0..<binCount`.
        public var index: Int
        /// Lower edge of the bin (probability).
        public var lowerEdge: Double
        /// Upper edge of the bin (probability).
        public var upperEdge: Double
        /// Rows that fell into the bin.
        public var count: Int
        /// Mean predicted probability of those rows (scikit-learn's `prob_pred`).
        public var meanPredicted: Double
        /// Fraction of those rows that are positive (scikit-learn's `prob_true`).
        public var fractionPositive: Double
    }

    /// Number of equal-width bins the probabilities were sorted into.
    public var binCount: Int
    /// The non-empty bins, in increasing probability.
    public var bins: [Bin]

    /// A curve from its parts.
    public init(binCount: Int, bins: [Bin]) {
        self.binCount = binCount
        self.bins = bins
    }

    /// The reliability curve of `predictions` with `binCount` bins (values below 1 are treated as 1), or `nil`
    /// when a score lies outside `[0, 1]` and so is not a probability.
    public init?(_ predictions: BinaryPredictions, binCount: Int = 10) {
        guard predictions.isProbability else { return nil }
        let nBins = max(1, binCount)
        var counts = [Int](repeating: 0, count: nBins)
        var sumPredicted = [Double](repeating: 0, count: nBins)
        var positives = [Int](repeating: 0, count: nBins)
        for i in 0..<predictions.count {
            let b = ReliabilityCurve.binIndex(of: predictions.scores[i], binCount: nBins)
            counts[b] += 1
            sumPredicted[b] += predictions.scores[i]
            positives[b] += predictions.labels[i]
        }
        var bins: [Bin] = []
        for b in 0..<nBins where counts[b] > 0 {
            bins.append(Bin(index: b, lowerEdge: ReliabilityCurve.edge(b, binCount: nBins),
                            upperEdge: ReliabilityCurve.edge(b + 1, binCount: nBins), count: counts[b],
                            meanPredicted: sumPredicted[b] / Double(counts[b]),
                            fractionPositive: Double(positives[b]) / Double(counts[b])))
        }
        self.init(binCount: nBins, bins: bins)
    }

    /// Expected calibration error: Σ over bins of (rows in bin / all rows) × |fraction positive − mean
    /// predicted|, in `[0, 1]`.
    public var expectedCalibrationError: Double {
        let total = bins.reduce(0) { $0 + $1.count }
        guard total > 0 else { return 0 }
        return bins.reduce(0.0) { $0 + Double($1.count) * abs($1.fractionPositive - $1.meanPredicted) }
            / Double(total)
    }

    /// Edge `k` of `binCount` uniform bins, computed as NumPy's `linspace(0, 1, binCount + 1)` does.
    static func edge(_ k: Int, binCount: Int) -> Double {
        k == binCount ? 1 : Double(k) * (1.0 / Double(binCount))
    }

    /// The bin of probability `p` in `[0, 1]`: the number of inner edges strictly below `p`
    /// (NumPy's `searchsorted(edges[1:-1], p, side="left")`).
    static func binIndex(of p: Double, binCount: Int) -> Int {
        var b = min(binCount - 1, max(0, Int((p * Double(binCount)).rounded(.up)) - 1))
        // Correct the float estimate against the exact edges.
        while b > 0 && p <= edge(b, binCount: binCount) { b -= 1 }
        while b < binCount - 1 && p > edge(b + 1, binCount: binCount) { b += 1 }
        return b
    }
}
