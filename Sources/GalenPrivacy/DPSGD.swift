import Foundation
import GalenNN
import GalenTensor

/// The gradient side of DP-SGD (Abadi et al. 2016), as Opacus's `DPOptimizer` with `GradSampleModule`:
/// each row's gradient is clipped to L2 norm at most `maxGradNorm` (factor min(1, C / (‖gᵢ‖ + 10⁻⁶))), the
/// clipped gradients are summed, Gaussian noise N(0, σ²C²) is added to every coordinate, and the sum is divided
/// by the expected batch size q·N. The result is left in each parameter's `grad` for any `Optimizer` to apply.
public final class DPSGD {
    /// The network, checked for supported layers.
    public let network: PerSampleGradientModel
    /// C: the bound on each row's gradient norm.
    public let maxGradNorm: Float
    /// σ: noise standard deviation over C.
    public let noiseMultiplier: Float
    /// q·N: the mean batch size under Poisson sampling, the divisor of the noisy sum.
    public let expectedBatchSize: Float
    private var noise: SeededGenerator

    /// - Parameters:
    ///   - model: a `Sequential` of supported layers (see `PerSampleGradientModel`).
    ///   - maxGradNorm: C > 0.
    ///   - noiseMultiplier: σ ≥ 0 (0 gives clipping without privacy, for tests).
    ///   - expectedBatchSize: q·N > 0.
    ///   - seed: seed of the noise.
    /// - Throws: `DifferentialPrivacyError.invalidParameter` for out-of-range values; `DifferentialPrivacyError.unsupportedLayer`.
    public init(model: Module, maxGradNorm: Float, noiseMultiplier: Float, expectedBatchSize: Float, seed: UInt64) throws {
        guard maxGradNorm > 0 && maxGradNorm.isFinite else {
            throw DifferentialPrivacyError.invalidParameter("the clipping norm must be a positive number, got \(maxGradNorm)")
        }
        guard noiseMultiplier >= 0 && noiseMultiplier.isFinite else {
            throw DifferentialPrivacyError.invalidParameter("the noise multiplier must be ≥ 0, got \(noiseMultiplier)")
        }
        guard expectedBatchSize > 0 && expectedBatchSize.isFinite else {
            throw DifferentialPrivacyError.invalidParameter("the expected batch size must be > 0, got \(expectedBatchSize)")
        }
        network = try PerSampleGradientModel(model)
        self.maxGradNorm = maxGradNorm
        self.noiseMultiplier = noiseMultiplier
        self.expectedBatchSize = expectedBatchSize
        noise = SeededGenerator(seed: seed)
    }

    /// Clip factors min(1, C / (‖gᵢ‖ + 10⁻⁶)) for per-row norms.
    public func clipFactors(norms: [Float]) -> [Float] {
        norms.map { min(1, maxGradNorm / ($0 + 1e-6)) }
    }

    /// Computes the private gradient of one batch into every parameter's `grad` (replacing it).
    /// An empty batch still gets its noise, as the privacy analysis counts every step.
    /// - Parameters:
    ///   - x, y: the batch's rows (may have 0 rows).
    ///   - loss: a per-row mean loss (see `PerSampleGradientModel.batch`).
    /// - Returns: the batch (outputs, loss) when it has rows.
    /// - Throws: loss and layer errors; `DifferentialPrivacyError.unsupportedLoss`.
    @discardableResult
    public func computeGradients(_ x: Tensor, _ y: Tensor, loss: Loss) throws -> PerSampleGradientModel.Batch? {
        var batch: PerSampleGradientModel.Batch? = nil
        var sums: [Tensor]
        if let rows = x.shape.first, rows > 0 {
            let b = try network.batch(x, y, loss: loss)
            sums = network.weightedSum(b, factors: clipFactors(norms: network.perSampleNorms(b)))
            batch = b
        } else {
            sums = network.model.parameters.map { Tensor.zeros($0.shape) }
        }
        let std = noiseMultiplier * maxGradNorm
        let scale = 1 / expectedBatchSize
        for (p, s) in zip(network.model.parameters, sums) {
            let q = s.pointer
            for i in 0..<s.count { q[i] = (q[i] + std * noise.nextNormal()) * scale }
            p.grad = s
        }
        return batch
    }
}
