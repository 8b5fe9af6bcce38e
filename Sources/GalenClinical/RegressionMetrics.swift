/// Point estimates of regression metrics.
public enum RegressionMetrics {
    /// Mean of |prediction − target|, in target units.
    public static func meanAbsoluteError(_ p: RegressionPredictions) -> Double {
        var sum = 0.0
        for i in 0..<p.count { sum += abs(p.predictions[i] - p.targets[i]) }
        return sum / Double(p.count)
    }

    /// Mean of (prediction − target)², in squared target units.
    public static func meanSquaredError(_ p: RegressionPredictions) -> Double {
        var sum = 0.0
        for i in 0..<p.count {
            let e = p.predictions[i] - p.targets[i]
            sum += e * e
        }
        return sum / Double(p.count)
    }

    /// Square root of the mean squared error, in target units.
    public static func rootMeanSquaredError(_ p: RegressionPredictions) -> Double {
        meanSquaredError(p).squareRoot()
    }

    /// 1 − Σ(prediction − target)² / Σ(target − mean target)²; `nil` when every target is equal.
    public static func r2(_ p: RegressionPredictions) -> Double? {
        let mean = p.targets.reduce(0, +) / Double(p.count)
        var residual = 0.0, total = 0.0
        for i in 0..<p.count {
            let e = p.predictions[i] - p.targets[i], d = p.targets[i] - mean
            residual += e * e
            total += d * d
        }
        return total > 0 ? 1 - residual / total : nil
    }
}
