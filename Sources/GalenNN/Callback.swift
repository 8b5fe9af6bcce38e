import GalenTensor

/// State shared with callbacks during `fit`.
public final class TrainingContext {
    /// The model being trained.
    public let model: Module
    /// Its optimizer.
    public let optimizer: Optimizer
    /// Epochs requested.
    public let epochs: Int
    /// Batches per epoch.
    public let batchesPerEpoch: Int
    /// Names that each epoch's log will hold ("loss", "val_loss", …).
    public let logKeys: [String]
    /// Current epoch (0-based), set by the training loop.
    public var epoch = 0
    /// Set by a callback to end training after the current epoch.
    public var stopTraining = false

    /// A context for a training loop (`fit`, or another loop such as differentially private training) to share
    /// with its callbacks.
    public init(model: Module, optimizer: Optimizer, epochs: Int, batchesPerEpoch: Int, logKeys: [String]) {
        self.model = model; self.optimizer = optimizer; self.epochs = epochs
        self.batchesPerEpoch = batchesPerEpoch; self.logKeys = logKeys
    }
}

/// Hooks into `fit`, as Keras callbacks. All methods have empty defaults.
public protocol Callback: AnyObject {
    /// Before the first epoch. Throw to refuse a configuration (e.g. an unknown monitored name).
    func trainingWillBegin(_ context: TrainingContext) throws
    /// After each batch with that batch's mean loss.
    func batchDidEnd(_ batch: Int, loss: Float, context: TrainingContext)
    /// After each epoch with its log.
    func epochDidEnd(_ epoch: Int, logs: [String: Float], context: TrainingContext) throws
    /// After the last epoch, also when stopped early.
    func trainingDidEnd(_ context: TrainingContext) throws
}

extension Callback {
    public func trainingWillBegin(_ context: TrainingContext) throws {}
    public func batchDidEnd(_ batch: Int, loss: Float, context: TrainingContext) {}
    public func epochDidEnd(_ epoch: Int, logs: [String: Float], context: TrainingContext) throws {}
    public func trainingDidEnd(_ context: TrainingContext) throws {}
}

/// Whether a monitored figure improves by going down or up.
public enum MonitorMode: Sendable {
    case min, max
    /// "max" for accuracy/AUC-like names, "min" otherwise (Keras' "auto").
    public static func auto(for name: String) -> MonitorMode {
        let n = name.lowercased()
        return (n.contains("acc") || n.contains("auc") || n.contains("f1") || n.contains("precision") || n.contains("recall")) ? .max : .min
    }

    func isImprovement(_ value: Float, over best: Float?, minDelta: Float) -> Bool {
        guard value.isFinite else { return false }
        guard let best else { return true }
        switch self {
        case .min: return value < best - minDelta
        case .max: return value > best + minDelta
        }
    }
}

func checkMonitor(_ name: String, _ context: TrainingContext, _ who: String) throws {
    guard context.logKeys.contains(name) else {
        let hint = name.hasPrefix("val_") ? " (pass validationSplit or validationData to get validation figures)" : ""
        throw NNError.training("\(who) monitors '\(name)', but the logs hold only \(context.logKeys)\(hint)")
    }
}
