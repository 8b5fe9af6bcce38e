import GalenTensor

/// A figure computed during `fit` and `evaluate` besides the loss.
///
/// Predictions are the model's raw outputs: for one output per row they are
/// logits of the positive class (accuracy thresholds at 0, i.e. p = 0.5); for
/// several outputs, class logits (accuracy compares the argmax with the class
/// index).
public enum TrainingMetric: String, Sendable, CaseIterable {
    /// Fraction of rows classified correctly.
    case accuracy
    /// Mean absolute error (for regression).
    case mae

    /// Name in the logs.
    public var name: String { rawValue }

    /// Running totals over batches.
    struct Accumulator {
        let metric: TrainingMetric
        var total: Double = 0
        var count: Int = 0

        mutating func add(output: Tensor, target: Tensor) {
            let rows = output.rank == 0 ? 1 : output.shape[0]
            guard rows > 0 else { return }
            let width = output.count / rows
            let po = output.pointer, pt = target.pointer
            switch metric {
            case .accuracy:
                if width == 1 {
                    for i in 0..<rows where (po[i] > 0) == (pt[i] >= 0.5) { total += 1 }
                } else {
                    for i in 0..<rows {
                        var best = 0
                        for k in 1..<width where po[i * width + k] > po[i * width + best] { best = k }
                        if Float(best) == pt[i] { total += 1 }
                    }
                }
                count += rows
            case .mae:
                for i in 0..<output.count { total += Double(abs(po[i] - pt[i])) }
                count += output.count
            }
        }

        var value: Float { count == 0 ? .nan : Float(total / Double(count)) }
    }
}
