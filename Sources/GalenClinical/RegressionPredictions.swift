/// Validated predictions and true targets of a regression model, one entry per row (same units).
public struct RegressionPredictions: Sendable, Equatable {
    /// Model predictions.
    public let predictions: [Double]
    /// True target values.
    public let targets: [Double]

    /// Validates and stores `predictions` and `targets`.
    ///
    /// - Throws: ``ClinicalMetricsError/empty``, ``ClinicalMetricsError/lengthMismatch(expected:actual:what:)``
    ///   or ``ClinicalMetricsError/nonFiniteValue(row:what:)``.
    public init(predictions: [Double], targets: [Double]) throws(ClinicalMetricsError) {
        guard !targets.isEmpty else { throw .empty }
        guard predictions.count == targets.count else {
            throw .lengthMismatch(expected: targets.count, actual: predictions.count, what: "predictions")
        }
        for i in 0..<targets.count {
            guard targets[i].isFinite else { throw .nonFiniteValue(row: i, what: "target") }
            guard predictions[i].isFinite else { throw .nonFiniteValue(row: i, what: "prediction") }
        }
        self.predictions = predictions
        self.targets = targets
    }

    /// Single-precision predictions and targets, widened exactly; see ``init(predictions:targets:)-([Double],_)``.
    public init(predictions: [Float], targets: [Float]) throws(ClinicalMetricsError) {
        try self.init(predictions: predictions.map(Double.init), targets: targets.map(Double.init))
    }

    /// Number of rows.
    public var count: Int { targets.count }
}
