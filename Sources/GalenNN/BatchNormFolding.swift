import Foundation
import GalenTensor

/// Batch norm folded into the convolution before it, for inference: in evaluation mode BatchNorm2D is the
/// affine map `y = x · a + b` per channel (`a = γ / √(running var + ε)`, `b = β − running mean · a`), so
/// `bn(conv(x))` is one convolution with weights `W · a` (per output channel) and bias `conv bias · a + b`,
/// which saves a whole pass over the activation. Used by ResNet's blocks and by `Sequential` for
/// Conv2D → BatchNorm2D (→ ReLU); the values equal the two layers in turn up to float rounding.
extension Conv2D {
    /// False when `GALEN_FOLD_BATCHNORM=0` is in the environment: the layers then always run in turn (for
    /// comparing both with the same binary).
    static let foldsBatchNorm = ProcessInfo.processInfo.environment["GALEN_FOLD_BATCHNORM"] != "0"

    /// `bn(self(x))`, rectified when `relu`, with the batch norm folded into this convolution when that is
    /// exact in meaning: `bn` in evaluation mode with matching channels, and gradients off (so that no
    /// parameter gradient is lost). Otherwise the two layers run in turn (training, or Grad-CAM's gradients).
    /// - Throws: `NNError.badInput` naming the expected and actual shapes.
    public func forward(_ x: Tensor, normalizedBy bn: BatchNorm2D, relu: Bool) throws -> Tensor {
        guard !bn.isTraining, !GradMode.isEnabled, bn.channels == outChannels, Self.foldsBatchNorm else {
            return relu ? try bn.forwardReLU(self(x)) : try bn(self(x))
        }
        guard x.rank == 4, x.shape[1] == inChannels else {
            throw NNError.badInput(layer: "Conv2D(\(inChannels) → \(outChannels))",
                                   detail: "expected input [N, \(inChannels), H, W], got \(x.shape)")
        }
        let o = outChannels, perFilter = weight.count / o
        let w = Tensor.zeros(weight.shape), b = Tensor.zeros([o])
        let pw = weight.pointer, pf = w.pointer, pb = b.pointer
        for ch in 0..<o {
            let a = bn.weight.pointer[ch] / (bn.runningVar.pointer[ch] + bn.epsilon).squareRoot()
            let shift = bn.bias.pointer[ch] - bn.runningMean.pointer[ch] * a
            for q in 0..<perFilter { pf[ch * perFilter + q] = pw[ch * perFilter + q] * a }
            pb[ch] = (bias?.pointer[ch] ?? 0) * a + shift
        }
        do {
            return relu
                ? try Tensor.conv2dReLU(x, weight: w, bias: b, stride: stride, padding: padding, dilation: dilation)
                : try Tensor.conv2d(x, weight: w, bias: b, stride: stride, padding: padding, dilation: dilation)
        } catch let e as TensorError {
            throw NNError.badInput(layer: "Conv2D(\(inChannels) → \(outChannels))", detail: e.description)
        }
    }
}
