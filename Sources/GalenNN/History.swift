/// What `fit` returns: one log per epoch with the loss, metrics and learning rate.
public struct History: Sendable, Codable {
    /// One epoch's figures: "loss", "val_loss", metric names ("accuracy",
    /// "val_accuracy"…), "lr", and "seconds".
    public var epochs: [[String: Float]] = []

    public init() {}

    /// The series of one figure across epochs (missing epochs skipped).
    public subscript(key: String) -> [Float] { epochs.compactMap { $0[key] } }

    /// Names present in the logs, sorted.
    public var keys: [String] { Array(Set(epochs.flatMap { $0.keys })).sorted() }
}
