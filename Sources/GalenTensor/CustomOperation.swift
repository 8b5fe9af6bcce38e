/// Hooks for operations defined outside GalenTensor (fused losses, layers with
/// hand-written kernels): allocate an output, fill it, and attach a gradient.
extension Tensor {
    /// A tensor of `shape` whose values are not initialised; fill every element before use.
    public static func uninitialized(_ shape: [Int]) -> Tensor { Tensor(uninitializedShape: shape) }

    /// Records that `self` was computed from `inputs`, with `backward` turning the
    /// gradient of `self` into one gradient per input (nil where not needed; each
    /// of the input's shape). Does nothing when no input requires gradients or
    /// recording is off. The closure must not capture `self` (use `detached()`).
    @discardableResult
    public func recordingGradient(_ name: String, inputs: [Tensor], _ backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        guard Tensor.needsGrad(inputs) else { return self }
        return recording(name, inputs, backward)
    }
}
