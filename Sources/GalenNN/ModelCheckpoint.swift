import Foundation
import GalenTensor

/// Saves the model's state dict as safetensors after epochs, like Keras'
/// `ModelCheckpoint`. Files are written atomically, so a crash mid-write never
/// leaves a corrupt checkpoint; the epoch and monitored value go into the
/// file's metadata.
public final class ModelCheckpoint: Callback {
    /// Destination; `{epoch}` in the name is replaced by the 1-based epoch number.
    public let path: String
    /// The log entry compared when `saveBestOnly` is set.
    public let monitor: String
    /// Save only when the monitored value improves.
    public let saveBestOnly: Bool
    /// Direction of improvement.
    public let mode: MonitorMode
    /// Files written so far.
    public private(set) var saved: [URL] = []
    private var best: Float?

    public init(path: String, monitor: String = "val_loss", saveBestOnly: Bool = true, mode: MonitorMode? = nil) {
        self.path = path; self.monitor = monitor; self.saveBestOnly = saveBestOnly
        self.mode = mode ?? MonitorMode.auto(for: monitor)
    }

    public func trainingWillBegin(_ context: TrainingContext) throws {
        if saveBestOnly { try checkMonitor(monitor, context, "ModelCheckpoint") }
        best = nil
    }

    public func epochDidEnd(_ epoch: Int, logs: [String: Float], context: TrainingContext) throws {
        let value = logs[monitor]
        if saveBestOnly {
            guard let value, mode.isImprovement(value, over: best, minDelta: 0) else { return }
            best = value
        }
        let url = URL(fileURLWithPath: path.replacingOccurrences(of: "{epoch}", with: String(epoch + 1)))
        var metadata = ["format": "pt", "epoch": String(epoch + 1)]
        if let value { metadata[monitor] = String(value) }
        try SafeTensors.write(context.model.stateDict(), metadata: metadata, to: url)
        saved.append(url)
    }
}
