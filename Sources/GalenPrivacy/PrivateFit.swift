import Foundation
import GalenNN
import GalenTensor

/// What `fitPrivately` did: its per-epoch logs and the figures the privacy accountant needs.
public struct PrivateFitResult: Sendable {
    /// Per-epoch logs: validation figures ("val_loss", "val_accuracy", …), "lr" and "seconds". Figures on the
    /// training rows are left out on purpose: they would be released without the DP guarantee.
    public var history: History
    /// DP-SGD steps taken (each is one Poisson batch, empty ones included).
    public var steps: Int
    /// q: each training row's probability of joining a batch.
    public var sampleRate: Double
    /// Steps in a full epoch, ⌈N / batch size⌉.
    public var stepsPerEpoch: Int
}

extension Module {
    /// Trains with DP-SGD (as Opacus's `PrivacyEngine.make_private` with Poisson sampling): each step draws a
    /// Poisson batch (every row with probability q = batchSize / N), computes per-row gradients, clips each to
    /// `maxGradNorm`, adds Gaussian noise N(0, σ²C²) to their sum, divides by q·N, and lets `optimizer` apply it.
    /// An epoch is ⌈N / batchSize⌉ steps. Validation, callbacks (early stopping) and verbosity work as in `fit`.
    ///
    /// The guarantee covers the rows of `x`, `y`: pass σ, q and the returned `steps` to an `RDPAccountant` for
    /// (ε, δ). Validation rows, which choose the epoch to keep, are not protected.
    /// - Parameters:
    ///   - batchSize: the expected batch size q·N (≤ N).
    ///   - maxGradNorm: C, the per-row gradient norm bound.
    ///   - noiseMultiplier: σ.
    ///   - seed: seeds batch sampling, the noise and every `Stochastic` layer.
    /// - Throws: `DifferentialPrivacyError` for bad settings or unsupported layers and losses; `NNError.training` for empty,
    ///   mismatched or non-finite data or a diverging loss; layer, loss and callback errors.
    public func fitPrivately(_ x: Tensor, _ y: Tensor, loss: Loss, optimizer: Optimizer,
                             maxGradNorm: Float, noiseMultiplier: Float,
                             epochs: Int, batchSize: Int,
                             validationData: (x: Tensor, y: Tensor)? = nil, seed: UInt64 = 0,
                             metrics: [TrainingMetric] = [], callbacks: [Callback] = [],
                             verbose: Verbosity = .auto) throws -> PrivateFitResult {
        guard epochs >= 0 else { throw NNError.training("epochs must be ≥ 0, got \(epochs)") }
        guard x.rank >= 1, y.rank >= 1, x.shape[0] > 0 else { throw NNError.training("training data has no rows") }
        let n = x.shape[0]
        guard y.shape[0] == n else { throw NNError.training("training inputs have \(n) rows but targets have \(y.shape[0])") }
        guard !x.hasNonFinite, !y.hasNonFinite else { throw NNError.training("training data holds NaN or infinite values") }
        guard batchSize > 0 && batchSize <= n else {
            throw DifferentialPrivacyError.invalidParameter("the expected batch size must be in 1…\(n) (the training rows), got \(batchSize)")
        }
        let sampleRate = Double(batchSize) / Double(n)
        let stepsPerEpoch = (n + batchSize - 1) / batchSize
        let dp = try DPSGD(model: self, maxGradNorm: maxGradNorm, noiseMultiplier: noiseMultiplier,
                           expectedBatchSize: Float(batchSize), seed: seed ^ 0xD1FF_E7E4_7141_0001)
        var sampler = try PoissonSampler(rowCount: n, sampleRate: sampleRate, seed: seed)

        var keys: [String] = []
        if validationData != nil { keys = ["val_loss"] + metrics.map { "val_" + $0.name } }
        let context = TrainingContext(model: self, optimizer: optimizer, epochs: epochs, batchesPerEpoch: stepsPerEpoch, logKeys: keys)
        let allCallbacks = callbacks + (verbose.progressBar.map { [$0] } ?? [])
        reseedStochasticLayers(seed)
        for c in allCallbacks { try c.trainingWillBegin(context) }

        var history = History()
        var steps = 0
        for epoch in 0..<epochs {
            context.epoch = epoch
            let start = Date()
            train()
            for b in 0..<stepsPerEpoch {
                let rows = sampler.nextBatch()
                let xb = try x.gather(axis: 0, indices: rows)
                let yb = try y.gather(axis: 0, indices: rows)
                optimizer.zeroGrad()
                let batch = try dp.computeGradients(xb, yb, loss: loss)
                if let value = batch?.loss, !value.isFinite {
                    throw NNError.training("loss became \(value) at epoch \(epoch + 1), step \(b + 1); "
                        + "lower the learning rate or check the targets")
                }
                optimizer.step()
                steps += 1
                for c in allCallbacks { c.batchDidEnd(b, loss: batch?.loss ?? 0, context: context) }
            }
            optimizer.zeroGrad()
            var logs: [String: Float] = [:]
            if let v = validationData {
                for (k, value) in try evaluate(v.x, v.y, loss: loss, metrics: metrics, batchSize: max(batchSize, 256)) {
                    logs["val_" + k] = value
                }
            }
            logs["lr"] = optimizer.learningRate
            logs["seconds"] = Float(Date().timeIntervalSince(start))
            history.epochs.append(logs)
            for c in allCallbacks { try c.epochDidEnd(epoch, logs: logs, context: context) }
            if context.stopTraining { break }
        }
        for c in allCallbacks { try c.trainingDidEnd(context) }
        eval()
        return PrivateFitResult(history: history, steps: steps, sampleRate: sampleRate, stepsPerEpoch: stepsPerEpoch)
    }
}
