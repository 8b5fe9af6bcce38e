import Foundation
import GalenTensor

/// Changes an optimizer's learning rate once per epoch (PyTorch's `lr_scheduler`).
public protocol LRSchedule: AnyObject {
    /// Called at the end of each epoch with the monitored metric (e.g. validation loss), if any.
    func step(metric: Float?)
}

/// Multiplies the learning rate by `gamma` every `stepSize` epochs.
public final class StepLR: LRSchedule {
    private let optimizer: Optimizer
    public let stepSize: Int, gamma: Float
    private let base: Float
    private var epoch = 0

    public init(_ optimizer: Optimizer, stepSize: Int, gamma: Float = 0.1) {
        self.optimizer = optimizer; self.stepSize = max(1, stepSize); self.gamma = gamma
        base = optimizer.learningRate
    }

    public func step(metric: Float? = nil) {
        epoch += 1
        optimizer.learningRate = base * powf(gamma, Float(epoch / stepSize))
    }
}

/// Cosine annealing from the initial rate to `minimum` over `period` epochs:
/// lr = min + (base − min)·(1 + cos(π·t/T))/2.
public final class CosineAnnealingLR: LRSchedule {
    private let optimizer: Optimizer
    public let period: Int, minimum: Float
    private let base: Float
    private var epoch = 0

    public init(_ optimizer: Optimizer, period: Int, minimum: Float = 0) {
        self.optimizer = optimizer; self.period = max(1, period); self.minimum = minimum
        base = optimizer.learningRate
    }

    public func step(metric: Float? = nil) {
        epoch += 1
        let t = Float(min(epoch, period))
        optimizer.learningRate = minimum + (base - minimum) * (1 + cosf(Float.pi * t / Float(period))) / 2
    }
}

/// Divides the learning rate by `1/factor` when the metric has not improved
/// (by a relative `threshold`) for `patience` epochs, as PyTorch's
/// `ReduceLROnPlateau` in "min" mode with relative threshold. As in PyTorch, a
/// reduction that would change the rate by no more than `epsilon` is skipped
/// (the rate stops shrinking near `epsilon`), though cooldown still starts.
public final class ReduceLROnPlateau: LRSchedule {
    private let optimizer: Optimizer
    public let factor: Float, patience: Int, threshold: Float, cooldown: Int, minimum: Float, epsilon: Float
    private var best = Float.infinity
    private var bad = 0
    private var cooldownLeft = 0

    public init(_ optimizer: Optimizer, factor: Float = 0.1, patience: Int = 10, threshold: Float = 1e-4,
                cooldown: Int = 0, minimum: Float = 0, epsilon: Float = 1e-8) {
        self.optimizer = optimizer; self.factor = factor; self.patience = patience
        self.threshold = threshold; self.cooldown = cooldown; self.minimum = minimum; self.epsilon = epsilon
    }

    public func step(metric: Float?) {
        guard let metric, metric.isFinite else { return }
        if metric < best * (1 - threshold) { best = metric; bad = 0 } else { bad += 1 }
        if cooldownLeft > 0 { cooldownLeft -= 1; bad = 0 }
        if bad > patience {
            let reduced = max(optimizer.learningRate * factor, minimum)
            if optimizer.learningRate - reduced > epsilon { optimizer.learningRate = reduced }
            cooldownLeft = cooldown
            bad = 0
        }
    }
}
