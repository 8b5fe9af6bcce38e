/// Metrics of a regression model on one split — mean absolute error, root mean squared error and R² — with
/// bootstrap intervals.
///
/// MAE and RMSE are in the target's units (lower is better); R² is unitless, 1 for a perfect fit, 0 for always
/// predicting the mean, negative for worse (scikit-learn's `r2_score`), and `nil` when the targets do not vary.
public struct RegressionEvaluation: Codable, Sendable, Equatable {
    /// Rows evaluated.
    public var rowCount: Int
    /// The bootstrap that produced the intervals, or `nil` when none was run.
    public var bootstrap: BootstrapOptions?
    /// Mean absolute error.
    public var meanAbsoluteError: MetricEstimate
    /// Root mean squared error.
    public var rootMeanSquaredError: MetricEstimate
    /// Coefficient of determination.
    public var r2: MetricEstimate

    /// The metrics with display names, in report order.
    public var summary: [(name: String, estimate: MetricEstimate)] {
        [("MAE", meanAbsoluteError), ("RMSE", rootMeanSquaredError), ("R²", r2)]
    }

    /// Evaluates `predictions`, with percentile bootstrap intervals when `bootstrap` is given (rows resampled
    /// with replacement; a resample whose targets do not vary is skipped for R²).
    public init(_ predictions: RegressionPredictions, bootstrap: BootstrapOptions? = BootstrapOptions()) {
        let n = predictions.count
        rowCount = n
        let mae = RegressionMetrics.meanAbsoluteError(predictions)
        let rmse = RegressionMetrics.rootMeanSquaredError(predictions)
        let r2 = RegressionMetrics.r2(predictions)
        guard let options = bootstrap, options.resamples > 0 else {
            self.bootstrap = nil
            meanAbsoluteError = MetricEstimate(value: mae)
            rootMeanSquaredError = MetricEstimate(value: rmse)
            self.r2 = MetricEstimate(value: r2)
            return
        }
        self.bootstrap = options
        // Per-row terms, with targets centred on their mean so the resampled variance keeps its precision.
        let mean = predictions.targets.reduce(0, +) / Double(n)
        var absError = [Double](repeating: 0, count: n), squaredError = absError, centred = absError
        for i in 0..<n {
            let e = predictions.predictions[i] - predictions.targets[i]
            absError[i] = abs(e)
            squaredError[i] = e * e
            centred[i] = predictions.targets[i] - mean
        }
        var maes: [Double] = [], rmses: [Double] = [], r2s: [Double] = []
        maes.reserveCapacity(options.resamples); rmses.reserveCapacity(options.resamples)
        r2s.reserveCapacity(options.resamples)
        var sampler = BootstrapSampler(rowCount: n, seed: options.seed)
        for _ in 0..<options.resamples {
            sampler.draw()
            var sumAbs = 0.0, sumSquared = 0.0, sumY = 0.0, sumYY = 0.0
            sampler.counts.withUnsafeBufferPointer { counts in
                for i in 0..<n where counts[i] != 0 {
                    let w = Double(counts[i])
                    sumAbs += w * absError[i]
                    sumSquared += w * squaredError[i]
                    sumY += w * centred[i]
                    sumYY += w * centred[i] * centred[i]
                }
            }
            let rows = Double(n)
            maes.append(sumAbs / rows)
            rmses.append((sumSquared / rows).squareRoot())
            let totalSquares = sumYY - sumY * sumY / rows
            if totalSquares > 1e-12 * sumYY { r2s.append(1 - sumSquared / totalSquares) }
        }
        meanAbsoluteError = MetricEstimate(value: mae, resampled: &maes, level: options.confidenceLevel)
        rootMeanSquaredError = MetricEstimate(value: rmse, resampled: &rmses, level: options.confidenceLevel)
        self.r2 = MetricEstimate(value: r2, resampled: &r2s, level: options.confidenceLevel)
    }
}
