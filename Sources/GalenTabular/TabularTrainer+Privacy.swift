import Foundation
import GalenModels
import GalenNN
import GalenPrivacy
import GalenTensor

extension TabularTrainer {
    /// The network and baseline trained with DP-SGD, and the guarantee of both together.
    struct PrivateTraining {
        var network: Sequential
        var baseline: Sequential
        var history: History
        var bestEpoch: Int?
        var guarantee: PrivacyGuarantee
    }

    /// What the guarantee covers, recorded with it.
    static let privacyScope = "the training rows, for the network and the baseline together (both are in the bundle, "
        + "so their steps are composed); not the preprocessing statistics fitted on the training rows, nor the "
        + "validation rows (early stopping, threshold) or the test rows (evaluation)"

    /// Trains the network and the baseline with DP-SGD on the same training rows. Both models are released in the
    /// bundle, so the budget covers both: σ is chosen (as Opacus's `get_noise_multiplier`) so that the planned steps
    /// of the two runs together (2 × epochs × ⌈N / batch⌉ at q = batch / N) spend at most ε; early stopping can
    /// only take fewer steps, and the ε recorded is the one the steps actually taken spend.
    /// - Throws: `TabularError.invalidOption` for a batch larger than the training rows or a budget no σ reaches;
    ///   `DifferentialPrivacyError` and `NNError` from training.
    static func trainPrivately(spec: TabularNetworkSpec, baselineSpec: TabularNetworkSpec, x: Tensor, y: Tensor,
                               validation: (x: Tensor, y: Tensor), loss: Loss, metrics: [TrainingMetric],
                               options n: NetworkOptions, privacy dp: PrivateTrainingOptions, taskName: String,
                               verbosity: Verbosity, log: (String) -> Void) throws -> PrivateTraining {
        let rows = x.shape[0]
        guard n.batchSize <= rows else {
            throw TabularError.invalidOption("--batch-size \(n.batchSize) is larger than the \(rows) training rows; DP-SGD samples batches of that expected size")
        }
        let sampleRate = Double(n.batchSize) / Double(rows)
        let stepsPerEpoch = (rows + n.batchSize - 1) / n.batchSize
        let plannedSteps = 2 * n.epochs * stepsPerEpoch
        let sigma: Double
        do {
            sigma = try NoiseMultiplier.forBudget(epsilon: dp.epsilon, delta: dp.delta, sampleRate: sampleRate, steps: plannedSteps)
        } catch let e as DifferentialPrivacyError {
            throw TabularError.invalidOption("--epsilon \(dp.epsilon): \(e)")
        }
        log(String(format: "Differential privacy: ε = %g, δ = %g, C = %g, q = %.4g (batch %d of %d rows), %d planned steps → noise multiplier σ = %.4f",
                   dp.epsilon, dp.delta, dp.maxGradNorm, sampleRate, n.batchSize, rows, plannedSteps, sigma))

        log("Training \(spec.summary) with DP-SGD for up to \(n.epochs) epochs…")
        let network = try spec.build(seed: n.seed)
        let stop = EarlyStopping(monitor: "val_loss", patience: n.patience)
        let net = try network.fitPrivately(x, y, loss: loss,
                                           optimizer: AdamW(network.parameters, learningRate: n.learningRate, weightDecay: n.weightDecay),
                                           maxGradNorm: Float(dp.maxGradNorm), noiseMultiplier: Float(sigma),
                                           epochs: n.epochs, batchSize: n.batchSize, validationData: validation, seed: n.seed,
                                           metrics: metrics, callbacks: [stop], verbose: verbosity)

        log("Training the \(taskName.lowercased()) with DP-SGD…")
        let baseline = try baselineSpec.build(seed: n.seed &+ 1)
        let base = try baseline.fitPrivately(x, y, loss: loss, optimizer: Adam(baseline.parameters, learningRate: 1e-2),
                                             maxGradNorm: Float(dp.maxGradNorm), noiseMultiplier: Float(sigma),
                                             epochs: n.epochs, batchSize: n.batchSize, validationData: validation, seed: n.seed &+ 1,
                                             callbacks: [EarlyStopping(monitor: "val_loss", patience: n.patience)], verbose: .silent)

        var accountant = RDPAccountant()
        accountant.record(noiseMultiplier: sigma, sampleRate: sampleRate, steps: net.steps)
        accountant.record(noiseMultiplier: sigma, sampleRate: sampleRate, steps: base.steps)
        let spent = try accountant.privacySpent(delta: dp.delta)
        let guarantee = PrivacyGuarantee(epsilon: spent.epsilon, targetEpsilon: dp.epsilon, delta: dp.delta, noiseMultiplier: sigma,
                                         maxGradNorm: dp.maxGradNorm, sampleRate: sampleRate, steps: net.steps + base.steps,
                                         order: spent.order, scope: privacyScope)
        log(String(format: "Privacy spent: ε = %.4f (δ = %g) over %d steps (network %d, baseline %d)",
                   spent.epsilon, dp.delta, net.steps + base.steps, net.steps, base.steps))
        return PrivateTraining(network: network, baseline: baseline, history: net.history, bestEpoch: stop.bestEpoch,
                               guarantee: guarantee)
    }

    /// One line for the report's run information.
    static func privacySummary(_ g: PrivacyGuarantee) -> String {
        String(format: "DP-SGD: ε = %.3f spent (target %g), δ = %g; noise multiplier σ = %.4f, clipping norm C = %g, "
               + "sample rate q = %.4g, %d steps; RDP accountant", g.epsilon, g.targetEpsilon, g.delta, g.noiseMultiplier,
               g.maxGradNorm, g.sampleRate, g.steps)
    }

    /// The report note explaining what the guarantee covers.
    static func privacyNote(_ g: PrivacyGuarantee) -> String {
        String(format: "Trained with differential privacy (DP-SGD, (ε = %.3f, δ = %g)). The guarantee covers %@. "
               + "Training-loss curves are not recorded, since they would be released without it.", g.epsilon, g.delta, g.scope)
    }
}
