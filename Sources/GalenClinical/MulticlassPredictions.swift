/// Validated outputs and true labels of a classifier over `classCount` classes, one entry per row.
///
/// Built either from class probabilities (row-major, `rowCount × classCount`, as a softmax layer outputs them;
/// the predicted class is the arg-max, the first on ties) or from predicted labels alone (then no ROC AUC).
public struct MulticlassPredictions: Sendable, Equatable {
    /// Number of classes, ≥ 2; labels are `0..<classCount`.
    public let classCount: Int
    /// True class per row.
    public let labels: [Int]
    /// Predicted class per row.
    public let predictedLabels: [Int]
    /// Class scores, row-major `count × classCount`, or `nil` when built from predicted labels.
    public let probabilities: [Double]?

    /// Predictions from per-class scores (normally probabilities summing to 1 per row).
    ///
    /// - Parameters:
    ///   - probabilities: row-major `labels.count × classCount` scores.
    ///   - classCount: number of classes, ≥ 2.
    ///   - labels: true class per row, in `0..<classCount`.
    /// - Throws: ``ClinicalMetricsError/invalidClassCount(_:)``, ``ClinicalMetricsError/empty``,
    ///   ``ClinicalMetricsError/lengthMismatch(expected:actual:what:)`` when `probabilities.count` is not
    ///   `labels.count × classCount`, ``ClinicalMetricsError/invalidLabel(row:value:allowed:)`` and
    ///   ``ClinicalMetricsError/nonFiniteValue(row:what:)``.
    public init(probabilities: [Double], classCount: Int, labels: [Int]) throws(ClinicalMetricsError) {
        guard classCount >= 2 else { throw .invalidClassCount(classCount) }
        guard !labels.isEmpty else { throw .empty }
        guard probabilities.count == labels.count * classCount else {
            throw .lengthMismatch(expected: labels.count * classCount, actual: probabilities.count,
                                  what: "probabilities (rows × classes)")
        }
        var predicted = [Int](repeating: 0, count: labels.count)
        for i in 0..<labels.count {
            guard labels[i] >= 0 && labels[i] < classCount else {
                throw .invalidLabel(row: i, value: labels[i], allowed: 0...(classCount - 1))
            }
            var best = 0
            for k in 0..<classCount {
                let p = probabilities[i * classCount + k]
                guard p.isFinite else { throw .nonFiniteValue(row: i, what: "probability of class \(k)") }
                if p > probabilities[i * classCount + best] { best = k }
            }
            predicted[i] = best
        }
        self.classCount = classCount
        self.labels = labels
        self.predictedLabels = predicted
        self.probabilities = probabilities
    }

    /// Predictions from single-precision per-class scores; see ``init(probabilities:classCount:labels:)-([Double],_,_)``.
    public init(probabilities: [Float], classCount: Int, labels: [Int]) throws(ClinicalMetricsError) {
        try self.init(probabilities: probabilities.map(Double.init), classCount: classCount, labels: labels)
    }

    /// Predictions from predicted classes only (no scores, so no ROC AUC).
    ///
    /// - Throws: as ``init(probabilities:classCount:labels:)-([Double],_,_)``, for a predicted label as for a
    ///   true one.
    public init(predictedLabels: [Int], labels: [Int], classCount: Int) throws(ClinicalMetricsError) {
        guard classCount >= 2 else { throw .invalidClassCount(classCount) }
        guard !labels.isEmpty else { throw .empty }
        guard predictedLabels.count == labels.count else {
            throw .lengthMismatch(expected: labels.count, actual: predictedLabels.count, what: "predicted labels")
        }
        for i in 0..<labels.count {
            for value in [labels[i], predictedLabels[i]] where value < 0 || value >= classCount {
                throw .invalidLabel(row: i, value: value, allowed: 0...(classCount - 1))
            }
        }
        self.classCount = classCount
        self.labels = labels
        self.predictedLabels = predictedLabels
        self.probabilities = nil
    }

    /// Number of rows.
    public var count: Int { labels.count }

    /// The scores of class `k` (one per row), or `nil` without probabilities.
    public func scores(ofClass k: Int) -> [Double]? {
        guard let p = probabilities, k >= 0, k < classCount else { return nil }
        return (0..<count).map { p[$0 * classCount + k] }
    }
}
