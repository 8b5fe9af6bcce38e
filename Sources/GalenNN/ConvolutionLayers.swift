import Foundation
import GalenTensor

/// How a convolution pads its input.
public enum Padding: Sendable, Equatable {
    /// No padding: the output shrinks by the kernel size − 1.
    case valid
    /// Output keeps the input's height and width (stride 1, odd effective kernel).
    case same
    /// Explicit zeros on each side (rows, columns).
    case explicit(Int, Int)
}

/// 2-D convolution over `[N, C, H, W]` inputs (PyTorch's `nn.Conv2d`, Keras' `Conv2D`).
///
/// `weight` is `[out, in, kH, kW]` as PyTorch stores it, `bias` `[out]`;
/// initialisation matches PyTorch's (Kaiming uniform with slope √5, bias
/// U(−1/√fanIn, 1/√fanIn)), so PyTorch weights load by name.
public final class Conv2D: Module {
    /// `[out, in, kH, kW]`.
    public let weight: Tensor
    /// `[out]`, or nil without bias.
    public let bias: Tensor?
    public let inChannels: Int, outChannels: Int
    /// Stride, padding (resolved to explicit sizes) and dilation.
    public let stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int)

    /// - Parameters:
    ///   - inChannels, outChannels: channel counts.
    ///   - kernelSize: (height, width) of the kernel.
    ///   - stride, dilation: as in PyTorch.
    ///   - padding: `.valid`, `.same` (stride 1 only) or `.explicit(rows, columns)`.
    ///   - seed: seed of the initial weights; nil draws one from `GlobalRandom`.
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
                padding: Padding = .valid, dilation: (Int, Int) = (1, 1), bias: Bool = true, seed: UInt64? = nil) {
        precondition(inChannels > 0 && outChannels > 0 && kernelSize.0 > 0 && kernelSize.1 > 0,
                     "Conv2D needs positive channel counts and kernel size")
        self.inChannels = inChannels; self.outChannels = outChannels
        self.stride = stride; self.dilation = dilation
        switch padding {
        case .valid: self.padding = (0, 0)
        case let .explicit(r, c): self.padding = (r, c)
        case .same:
            precondition(stride == (1, 1), "padding .same needs stride 1")
            precondition((dilation.0 * (kernelSize.0 - 1)) % 2 == 0 && (dilation.1 * (kernelSize.1 - 1)) % 2 == 0,
                         "padding .same needs an odd effective kernel")
            self.padding = (dilation.0 * (kernelSize.0 - 1) / 2, dilation.1 * (kernelSize.1 - 1) / 2)
        }
        var g = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
        let shape = [outChannels, inChannels, kernelSize.0, kernelSize.1]
        weight = Tensor.kaimingUniform(shape, negativeSlope: Float(5).squareRoot(), generator: &g).requiringGrad()
        let bound = 1 / Float(inChannels * kernelSize.0 * kernelSize.1).squareRoot()
        self.bias = bias ? Tensor.uniform([outChannels], low: -bound, high: bound, generator: &g).requiringGrad() : nil
        super.init()
    }

    /// A square kernel.
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1,
                            padding: Padding = .valid, bias: Bool = true, seed: UInt64? = nil) {
        self.init(inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride),
                  padding: padding, bias: bias, seed: seed)
    }

    /// `[N, inChannels, H, W]` → `[N, outChannels, H', W']`.
    /// - Throws: `NNError.badInput` naming the expected and actual shapes.
    public override func forward(_ x: Tensor) throws -> Tensor {
        try convolve(x, relu: false)
    }

    /// `relu(forward(x))` as one fused operation (same values; one pass and one stored tensor fewer), used by
    /// `Sequential` for a Conv2D followed by ReLU.
    /// - Throws: `NNError.badInput` naming the expected and actual shapes.
    public func forwardReLU(_ x: Tensor) throws -> Tensor {
        try convolve(x, relu: true)
    }

    private func convolve(_ x: Tensor, relu: Bool) throws -> Tensor {
        guard x.rank == 4, x.shape[1] == inChannels else {
            throw NNError.badInput(layer: "Conv2D(\(inChannels) → \(outChannels))",
                                   detail: "expected input [N, \(inChannels), H, W], got \(x.shape)")
        }
        do {
            return relu
                ? try Tensor.conv2dReLU(x, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation)
                : try Tensor.conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation)
        } catch let e as TensorError {
            throw NNError.badInput(layer: "Conv2D(\(inChannels) → \(outChannels))", detail: e.description)
        }
    }
}

/// Max pooling over windows of `[N, C, H, W]` inputs (`nn.MaxPool2d`).
public final class MaxPool2D: Module {
    public let kernel: (Int, Int), stride: (Int, Int)?, padding: (Int, Int)
    public init(_ kernel: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernel = (kernel, kernel); self.stride = stride.map { ($0, $0) }; self.padding = (padding, padding)
        super.init()
    }
    public override func forward(_ x: Tensor) throws -> Tensor {
        try x.maxPool2d(kernel: kernel, stride: stride, padding: padding)
    }
}

/// Average pooling over windows of `[N, C, H, W]` inputs (`nn.AvgPool2d`, padding counted).
public final class AvgPool2D: Module {
    public let kernel: (Int, Int), stride: (Int, Int)?, padding: (Int, Int)
    public init(_ kernel: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernel = (kernel, kernel); self.stride = stride.map { ($0, $0) }; self.padding = (padding, padding)
        super.init()
    }
    public override func forward(_ x: Tensor) throws -> Tensor {
        try x.avgPool2d(kernel: kernel, stride: stride, padding: padding)
    }
}

/// Mean over height and width: `[N, C, H, W]` → `[N, C]` (Keras' GlobalAveragePooling2D;
/// PyTorch's `AdaptiveAvgPool2d(1)` followed by flatten).
public final class GlobalAvgPool2D: Module {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor {
        guard x.rank == 4 else { throw NNError.badInput(layer: "GlobalAvgPool2D", detail: "expected [N, C, H, W], got \(x.shape)") }
        return try x.mean(axes: [2, 3])
    }
}

/// Batch normalisation over the channels of `[N, C, H, W]` inputs (`nn.BatchNorm2d`): in training,
/// normalises with the batch's mean and (biased) variance and updates running statistics with
/// `momentum` (running variance unbiased, as PyTorch); in evaluation, uses the running statistics.
public final class BatchNorm2D: Module {
    /// Learned scale and shift `[C]`.
    public let weight: Tensor, bias: Tensor
    /// Running statistics `[C]` (buffers: saved, not optimised).
    public let runningMean: Tensor, runningVar: Tensor
    /// PyTorch's `num_batches_tracked` buffer: a scalar (shape `[]`) counting training forwards.
    /// Saved and loaded so torchvision state dicts load strictly; PyTorch stores it as int64,
    /// which the safetensors reader converts to Float32.
    public let numBatchesTracked: Tensor
    /// Channel count, running-statistics momentum and the variance epsilon.
    public let channels: Int, momentum: Float, epsilon: Float

    /// - Parameters:
    ///   - channels: `C` of the `[N, C, H, W]` inputs.
    ///   - momentum: weight of the batch statistics in the running update (PyTorch's default 0.1).
    ///   - epsilon: added to the variance before the square root.
    public init(_ channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        self.channels = channels; self.momentum = momentum; self.epsilon = epsilon
        weight = Tensor.ones([channels]).requiringGrad()
        bias = Tensor.zeros([channels]).requiringGrad()
        runningMean = Tensor.zeros([channels])
        runningVar = Tensor.ones([channels])
        numBatchesTracked = Tensor.zeros([])
        super.init()
    }

    /// PyTorch names: `weight`, `bias`, `running_mean`, `running_var`, `num_batches_tracked`.
    public override var namedLocalTensors: [(String, Tensor)] {
        [("weight", weight), ("bias", bias), ("running_mean", runningMean), ("running_var", runningVar),
         ("num_batches_tracked", numBatchesTracked)]
    }

    /// Normalises `[N, C, H, W]`: batch statistics in training (updating the running ones and
    /// `num_batches_tracked`), running statistics in evaluation.
    /// - Throws: `NNError.badInput` for a wrong shape, or a training batch with one value per channel.
    public override func forward(_ x: Tensor) throws -> Tensor {
        try normalize(x, relu: false)
    }

    /// `relu(forward(x))` as one fused operation (same values and running statistics; one pass and one
    /// stored tensor fewer), as in ResNet's blocks and `Sequential` for a BatchNorm2D followed by ReLU.
    /// - Throws: as `forward`.
    public func forwardReLU(_ x: Tensor) throws -> Tensor {
        try normalize(x, relu: true)
    }

    private func normalize(_ x: Tensor, relu: Bool) throws -> Tensor {
        guard x.rank == 4, x.shape[1] == channels else {
            throw NNError.badInput(layer: "BatchNorm2D(\(channels))", detail: "expected [N, \(channels), H, W], got \(x.shape)")
        }
        do {
            if isTraining {
                let (out, mean, variance) = try Tensor.batchNorm2dTraining(x, weight: weight, bias: bias, epsilon: epsilon, relu: relu)
                let n = x.shape[0] * x.shape[2] * x.shape[3]
                let m = momentum, unbias = Float(n) / Float(n - 1)
                for c in 0..<channels {
                    runningMean.pointer[c] = (1 - m) * runningMean.pointer[c] + m * mean[c]
                    runningVar.pointer[c] = (1 - m) * runningVar.pointer[c] + m * variance[c] * unbias
                }
                numBatchesTracked.pointer[0] += 1
                return out
            }
            return try Tensor.batchNorm2d(x, weight: weight, bias: bias, mean: runningMean, variance: runningVar, epsilon: epsilon,
                                         relu: relu)
        } catch let e as TensorError {
            throw NNError.badInput(layer: "BatchNorm2D(\(channels))", detail: e.description)
        }
    }
}

/// Drops whole channels of `[N, C, H, W]` inputs with probability `rate` in training (`nn.Dropout2d`),
/// scaling the kept ones by 1/(1 − rate).
public final class SpatialDropout2D: Module, Stochastic {
    public let rate: Float
    private var generator: SeededGenerator

    public init(_ rate: Float, seed: UInt64? = nil) {
        precondition(rate >= 0 && rate < 1, "SpatialDropout2D rate must be in [0, 1), got \(rate)")
        self.rate = rate
        generator = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
        super.init()
    }

    public func reseed(_ seed: UInt64) { generator = SeededGenerator(seed: seed) }

    public override func forward(_ x: Tensor) throws -> Tensor {
        guard isTraining, rate > 0 else { return x }
        guard x.rank == 4 else { throw NNError.badInput(layer: "SpatialDropout2D", detail: "expected [N, C, H, W], got \(x.shape)") }
        let mask = Tensor.zeros([x.shape[0], x.shape[1], 1, 1])
        let scale = 1 / (1 - rate)
        for i in 0..<mask.count where generator.nextUnitFloat() >= rate { mask.pointer[i] = scale }
        return try x * mask
    }
}
