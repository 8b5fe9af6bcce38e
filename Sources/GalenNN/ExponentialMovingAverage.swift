import GalenTensor

/// An exponential moving average of a module's state during training (weight averaging, as Keras' `use_ema` and
/// timm's `ModelEmaV2`): after each optimizer step, `update(from:)` moves every averaged tensor towards the live one,
///
///     average ← d · average + (1 − d) · value,   d = min(decay, (1 + t) / (10 + t)),
///
/// where `t` is the number of updates before this one (TensorFlow's `ExponentialMovingAverage(num_updates:)`
/// warm-up, so the first averages follow the fast-moving early weights instead of the random start). Every tensor of
/// the state dict is averaged — parameters and buffers such as BatchNorm's running mean and variance — except
/// counters (names ending in `num_batches_tracked`), which are copied.
///
/// The averaged weights are evaluated by swapping them into the module (`swapIn(_:)` … `swapOut(_:)`), and what is
/// kept or saved is `state` (a state dict with the module's names). Cost: one pass over the state per update,
/// no allocation after `init`.
public final class ExponentialMovingAverage {
    /// The largest weight of the old average per update, in (0, 1).
    public let decay: Float
    /// Updates applied so far.
    public private(set) var updates = 0
    /// The averaged state, by the module's state-dict names.
    public private(set) var state: [String: Tensor]
    /// The live weights while the average is swapped in (nil otherwise).
    private var saved: [String: Tensor]? = nil
    private let names: [String]

    /// Starts the average at the module's current state.
    /// - Parameters:
    ///   - module: the network being trained.
    ///   - decay: weight of the old average per update once warmed up, in (0, 1) (e.g. 0.99: about the last
    ///     100 updates count).
    /// - Throws: `NNError.training` when `decay` is not in (0, 1).
    public init(of module: Module, decay: Float) throws {
        guard decay > 0, decay < 1, decay.isFinite else {
            throw NNError.training("the moving average's decay must be in (0, 1), got \(decay)")
        }
        self.decay = decay
        state = module.stateDictCopy()
        names = state.keys.sorted()
    }

    /// The decay the next update uses: `min(decay, (1 + t) / (10 + t))` with `t = updates`.
    public var currentDecay: Float { min(decay, Float(1 + updates) / Float(10 + updates)) }

    /// Moves the average towards the module's current state (call after each optimizer step).
    /// - Throws: `NNError.stateDict` when the module's tensors no longer match the averaged ones.
    public func update(from module: Module) throws {
        guard saved == nil else { throw NNError.training("update(from:) while the average is swapped in") }
        let live = module.stateDict()
        let d = currentDecay, e = 1 - d
        for name in names {
            guard let v = live[name], let a = state[name], v.shape == a.shape else {
                throw NNError.stateDict("moving average: '\(name)' is missing from the module or changed shape")
            }
            let src = UnsafeBufferPointer(start: v.pointer, count: v.count)
            let dst = UnsafeMutableBufferPointer(start: a.pointer, count: a.count)
            if name.hasSuffix("num_batches_tracked") {
                for i in 0..<dst.count { dst[i] = src[i] }
            } else {
                for i in 0..<dst.count { dst[i] = d * dst[i] + e * src[i] }
            }
        }
        updates += 1
    }

    /// Puts the averaged weights into `module`, keeping its live weights aside until `swapOut(_:)`.
    /// - Throws: `NNError.training` when already swapped in; state-dict errors when the module does not fit.
    public func swapIn(_ module: Module) throws {
        guard saved == nil else { throw NNError.training("the moving average is already swapped in") }
        let live = module.stateDictCopy()
        try module.loadStateDict(state)
        saved = live
    }

    /// Restores the live weights put aside by `swapIn(_:)`.
    /// - Throws: `NNError.training` when the average is not swapped in.
    public func swapOut(_ module: Module) throws {
        guard let live = saved else { throw NNError.training("the moving average is not swapped in") }
        try module.loadStateDict(live)
        saved = nil
    }
}
