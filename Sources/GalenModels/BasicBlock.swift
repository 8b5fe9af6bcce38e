import GalenNN
import GalenTensor

/// The two-convolution residual block of ResNet-18/34 (torchvision's `BasicBlock`):
/// `relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))`, where the shortcut is the identity,
/// or `downsample` (1×1 convolution with the block's stride, then batch norm) when the stride
/// or channel count changes.
///
/// Parameter names are torchvision's: `conv1.weight`, `bn1.running_mean`, `downsample.0.weight`,
/// `downsample.1.bias`, …
public final class BasicBlock: Module {
    /// 3×3 convolution with the block's stride, no bias.
    public let conv1: Conv2D
    /// Batch norm after `conv1`.
    public let bn1: BatchNorm2D
    /// 3×3 convolution, stride 1, no bias.
    public let conv2: Conv2D
    /// Batch norm after `conv2`.
    public let bn2: BatchNorm2D
    /// `Sequential(Conv2D 1×1 stride s no bias, BatchNorm2D)` when the shape changes, else nil.
    public let downsample: Sequential?

    /// - Parameters:
    ///   - inChannels: channels of the block's input.
    ///   - outChannels: channels of its output.
    ///   - stride: stride of `conv1` (and of the downsample convolution).
    ///   - seed: seed of the initial weights (Kaiming normal, fan-out mode, as torchvision).
    public init(_ inChannels: Int, _ outChannels: Int, stride: Int = 1, seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        conv1 = ResNet.convolution(inChannels, outChannels, kernel: 3, stride: stride, padding: 1, generator: &g)
        bn1 = BatchNorm2D(outChannels)
        conv2 = ResNet.convolution(outChannels, outChannels, kernel: 3, stride: 1, padding: 1, generator: &g)
        bn2 = BatchNorm2D(outChannels)
        if stride != 1 || inChannels != outChannels {
            downsample = Sequential([
                ResNet.convolution(inChannels, outChannels, kernel: 1, stride: stride, padding: 0, generator: &g),
                BatchNorm2D(outChannels),
            ])
        } else {
            downsample = nil
        }
        super.init()
    }

    /// `[N, in, H, W]` → `[N, out, H/stride, W/stride]`.
    /// - Throws: `NNError.badInput` when the input shape does not fit.
    public override func forward(_ x: Tensor) throws -> Tensor {
        // relu(bn1(·)) and relu(y + shortcut) run as fused operations (same values, fewer passes and tensors).
        let y = try bn2(conv2(bn1.forwardReLU(conv1(x))))
        let shortcut = try downsample.map { try $0(x) } ?? x
        return try Tensor.addReLU(y, shortcut)
    }
}
