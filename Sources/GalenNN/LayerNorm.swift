import Foundation
import GalenTensor

/// Layer normalisation over the last dimension (PyTorch's `nn.LayerNorm(features)`):
/// `(x − mean) / √(var + eps) · weight + bias`, with the biased variance.
///
/// `weight` starts at 1 and `bias` at 0; both `[features]`. The forward and backward are one
/// fused kernel (`Tensor.layerNorm`).
public final class LayerNorm: Module {
    /// `[features]` scale, or nil without `elementwiseAffine`.
    public let weight: Tensor?
    /// `[features]` shift, or nil without `elementwiseAffine`.
    public let bias: Tensor?
    /// Size of the normalised last dimension.
    public let features: Int
    /// Added to the variance (PyTorch's `eps`, default 1e-5; BERT uses 1e-12).
    public let epsilon: Float

    /// - Parameters:
    ///   - features: size of the last dimension.
    ///   - epsilon: added to the variance.
    ///   - elementwiseAffine: learn `weight` and `bias`.
    public init(_ features: Int, epsilon: Float = 1e-5, elementwiseAffine: Bool = true) {
        precondition(features > 0, "LayerNorm needs a positive size, got \(features)")
        self.features = features
        self.epsilon = epsilon
        weight = elementwiseAffine ? Tensor.ones([features]).requiringGrad() : nil
        bias = elementwiseAffine ? Tensor.zeros([features]).requiringGrad() : nil
        super.init()
    }

    /// Normalises `[..., features]`.
    /// - Throws: `NNError.badInput` when the last dimension is not `features`.
    public override func forward(_ x: Tensor) throws -> Tensor {
        try forward(x, residual: nil)
    }

    /// Normalises `x + residual` (fused into one pass at inference): the add-and-norm of a
    /// post-LN transformer layer.
    /// - Throws: `NNError.badInput` when the last dimension is not `features` or the shapes differ.
    public func forward(_ x: Tensor, residual: Tensor?) throws -> Tensor {
        guard x.rank >= 1, x.shape[x.rank - 1] == features, residual.map({ $0.shape == x.shape }) ?? true else {
            throw NNError.badInput(layer: "LayerNorm(\(features))",
                                   detail: "expected [..., \(features)], got \(x.shape)" + (residual.map { " and residual \($0.shape)" } ?? ""))
        }
        return try Tensor.layerNorm(x, residual: residual, weight: weight, bias: bias, epsilon: epsilon)
    }
}
