/// Actual and predicted values of a regression model, for a predicted-versus-actual plot.
///
/// Large splits are thinned to at most a fixed number of points by taking every k-th row (deterministic, no
/// randomness), which keeps the report small while preserving the cloud's shape.
public struct RegressionScatter: Codable, Sendable, Equatable {
    /// True target values.
    public var actual: [Double]
    /// Model predictions, same order.
    public var predicted: [Double]
    /// Rows in the split before thinning.
    public var totalRows: Int

    /// Points from their parts.
    public init(actual: [Double], predicted: [Double], totalRows: Int) {
        self.actual = actual
        self.predicted = predicted
        self.totalRows = totalRows
    }

    /// The points of `predictions`, thinned to at most `maxPoints` (at least 1).
    public init(_ predictions: RegressionPredictions, maxPoints: Int = 2000) {
        let n = predictions.count
        let stride = max(1, (n + max(1, maxPoints) - 1) / max(1, maxPoints))
        let rows = Swift.stride(from: 0, to: n, by: stride)
        self.init(actual: rows.map { predictions.targets[$0] }, predicted: rows.map { predictions.predictions[$0] },
                  totalRows: n)
    }
}
