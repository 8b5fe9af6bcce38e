import Foundation
import GalenTensor

/// A fully connected layer, `y = x·Wᵀ + b` (PyTorch's `nn.Linear`, Keras' `Dense`).
///
/// `weight` is `[outputs, inputs]` as PyTorch stores it, `bias` is `[outputs]`.
/// Initialisation matches PyTorch's: weight U(−1/√in, 1/√in) (Kaiming uniform
/// with slope √5) and bias U(−1/√in, 1/√in).
public final class Dense: Module {
    /// `[outputs, inputs]`.
    public let weight: Tensor
    /// `[outputs]`, or nil without bias.
    public let bias: Tensor?
    /// Input features.
    public let inputs: Int
    /// Output features.
    public let outputs: Int

    /// - Parameters:
    ///   - inputs: size of the last input dimension.
    ///   - outputs: size of the last output dimension.
    ///   - bias: whether to add a learned bias.
    ///   - seed: seed for the initial weights; nil draws one from `GlobalRandom`.
    public init(_ inputs: Int, _ outputs: Int, bias: Bool = true, seed: UInt64? = nil) {
        precondition(inputs > 0 && outputs > 0, "Dense needs positive sizes, got \(inputs) → \(outputs)")
        self.inputs = inputs
        self.outputs = outputs
        var g = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
        weight = Tensor.kaimingUniform([outputs, inputs], negativeSlope: Float(5).squareRoot(), generator: &g).requiringGrad()
        let bound = 1 / Float(inputs).squareRoot()
        self.bias = bias ? Tensor.uniform([outputs], low: -bound, high: bound, generator: &g).requiringGrad() : nil
        super.init()
    }

    /// `x` of shape `[..., inputs]` → `[..., outputs]`.
    /// - Throws: `NNError.badInput` when the last dimension is not `inputs`.
    public override func forward(_ x: Tensor) throws -> Tensor {
        try checkInput(x)
        return try Tensor.linear(x, weight: weight, bias: bias)
    }

    /// `relu(forward(x))` with the ReLU fused into the bias pass when no gradient is recorded
    /// (`Sequential` uses it for a Dense layer followed by `ReLU`).
    /// - Throws: `NNError.badInput` when the last dimension is not `inputs`.
    public func forwardReLU(_ x: Tensor) throws -> Tensor {
        try checkInput(x)
        return try Tensor.linearReLU(x, weight: weight, bias: bias)
    }

    private func checkInput(_ x: Tensor) throws {
        guard x.rank >= 1, x.shape[x.rank - 1] == inputs else {
            throw NNError.badInput(layer: "Dense(\(inputs) → \(outputs))",
                                   detail: "expected input of shape [..., \(inputs)], got \(x.shape)")
        }
    }
}
