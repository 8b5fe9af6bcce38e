import GalenTensor

/// Stops training when a monitored figure stops improving and, by default,
/// puts back the weights of the best epoch.
///
/// The best weights are kept as a copy of their values, taken when the best
/// epoch ends, so later training cannot change them (a known bug elsewhere kept
/// references to the live weights, which "restored" the last weights instead).
/// They are restored when training ends, whether it stopped early or not.
public final class EarlyStopping: Callback {
    /// The log entry watched, e.g. "val_loss".
    public let monitor: String
    /// Epochs without improvement before stopping.
    public let patience: Int
    /// Smallest change that counts as an improvement.
    public let minDelta: Float
    /// Whether to restore the best epoch's weights at the end.
    public let restoreBestWeights: Bool
    /// Direction of improvement.
    public let mode: MonitorMode

    /// Best value seen, its epoch (0-based), and the epoch at which training was stopped (nil if not stopped).
    public private(set) var best: Float?
    public private(set) var bestEpoch: Int?
    public private(set) var stoppedEpoch: Int?
    private var wait = 0
    private var bestWeights: [String: Tensor]?

    public init(monitor: String = "val_loss", patience: Int = 10, minDelta: Float = 0,
                restoreBestWeights: Bool = true, mode: MonitorMode? = nil) {
        self.monitor = monitor; self.patience = patience; self.minDelta = minDelta
        self.restoreBestWeights = restoreBestWeights
        self.mode = mode ?? MonitorMode.auto(for: monitor)
    }

    public func trainingWillBegin(_ context: TrainingContext) throws {
        try checkMonitor(monitor, context, "EarlyStopping")
        best = nil; bestEpoch = nil; stoppedEpoch = nil; wait = 0; bestWeights = nil
    }

    public func epochDidEnd(_ epoch: Int, logs: [String: Float], context: TrainingContext) throws {
        guard let value = logs[monitor] else { return }
        if mode.isImprovement(value, over: best, minDelta: minDelta) {
            best = value
            bestEpoch = epoch
            wait = 0
            if restoreBestWeights { bestWeights = context.model.stateDictCopy() }
        } else {
            wait += 1
            if wait >= patience {
                stoppedEpoch = epoch
                context.stopTraining = true
            }
        }
    }

    public func trainingDidEnd(_ context: TrainingContext) throws {
        if restoreBestWeights, let w = bestWeights { try context.model.loadStateDict(w) }
    }
}
