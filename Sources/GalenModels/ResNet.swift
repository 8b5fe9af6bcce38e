import Foundation
import GalenNN
import GalenTensor

/// ResNet with basic blocks, built as torchvision builds it, so a torchvision state dict
/// (saved as safetensors) loads strictly by name: `conv1`, `bn1`, ReLU, `maxpool`,
/// `layer1`…`layer4` (each a `Sequential` of `BasicBlock`s named `0`, `1`, …), global average
/// pooling (`avgpool`), and `fc`.
///
/// `small: true` gives the MedMNIST v2 28×28 variant (ResNet-18 (28)): the stem is a 3×3
/// stride-1 convolution (padding 1) and there is no max-pool; everything else, names included,
/// is the same.
///
/// Initialisation follows torchvision: convolutions Kaiming normal (fan-out, ReLU gain),
/// batch-norm weight 1 and bias 0, `fc` PyTorch's default `Linear` init — all from one seed.
public final class ResNet: Module {
    /// The stem convolution (7×7 stride 2 padding 3, or 3×3 stride 1 padding 1 when small), no bias.
    public let conv1: Conv2D
    /// Batch norm after the stem.
    public let bn1: BatchNorm2D
    /// 3×3 stride-2 padding-1 max-pool after the stem; nil in the small variant.
    public let maxpool: MaxPool2D?
    /// The four stages; stages 2–4 halve height and width and (by default) double the channels.
    public let layer1: Sequential, layer2: Sequential, layer3: Sequential, layer4: Sequential
    /// Global average pooling `[N, C, H, W]` → `[N, C]` (torchvision's `AdaptiveAvgPool2d(1)` + flatten).
    public let avgpool: GlobalAvgPool2D
    /// The classifier, `Dense(widths[3], classes)`.
    public let fc: Dense
    /// Whether this is the 28×28 (MedMNIST) variant.
    public let small: Bool

    /// ResNet-18 widths, `[64, 128, 256, 512]`.
    public static let resNet18Widths = [64, 128, 256, 512]

    /// A ResNet of basic blocks.
    /// - Parameters:
    ///   - inputChannels: 1 for grey images, 3 for colour.
    ///   - classes: outputs of `fc` (one logit per class, or 1 for binary).
    ///   - blocks: basic blocks per stage (ResNet-18: `[2, 2, 2, 2]`).
    ///   - widths: channels of the four stages (ResNet-18: `[64, 128, 256, 512]`); the stem has `widths[0]`.
    ///   - small: the MedMNIST 28×28 variant (3×3 stride-1 stem, no max-pool).
    ///   - seed: seed of every initial weight.
    public init(inputChannels: Int = 3, classes: Int, blocks: [Int] = [2, 2, 2, 2],
                widths: [Int] = ResNet.resNet18Widths, small: Bool = false, seed: UInt64) {
        precondition(blocks.count == 4 && widths.count == 4, "ResNet needs four stages, got blocks \(blocks), widths \(widths)")
        precondition(blocks.allSatisfy { $0 > 0 } && widths.allSatisfy { $0 > 0 } && inputChannels > 0 && classes > 0,
                     "ResNet needs positive sizes")
        var g = SeededGenerator(seed: seed)
        self.small = small
        conv1 = small
            ? ResNet.convolution(inputChannels, widths[0], kernel: 3, stride: 1, padding: 1, generator: &g)
            : ResNet.convolution(inputChannels, widths[0], kernel: 7, stride: 2, padding: 3, generator: &g)
        bn1 = BatchNorm2D(widths[0])
        maxpool = small ? nil : MaxPool2D(3, stride: 2, padding: 1)
        var stages: [Sequential] = []
        var inChannels = widths[0]
        for stage in 0..<4 {
            var layers: [Module] = []
            for b in 0..<blocks[stage] {
                let stride = (stage > 0 && b == 0) ? 2 : 1
                layers.append(BasicBlock(inChannels, widths[stage], stride: stride, seed: g.nextSeed()))
                inChannels = widths[stage]
            }
            stages.append(Sequential(layers))
        }
        layer1 = stages[0]; layer2 = stages[1]; layer3 = stages[2]; layer4 = stages[3]
        avgpool = GlobalAvgPool2D()
        fc = Dense(widths[3], classes, seed: g.nextSeed())
        super.init()
    }

    /// ResNet-18: torchvision's `resnet18` (`small: false`) or the MedMNIST v2 ResNet-18 (28) (`small: true`).
    /// - Parameters:
    ///   - inputChannels: 1 for grey images, 3 for colour.
    ///   - classes: outputs of `fc`.
    ///   - small: the 28×28 variant (3×3 stride-1 stem, no max-pool).
    ///   - widths: stage channels; reduce them only for tests and experiments (names stay torchvision's).
    ///   - seed: seed of the initial weights.
    public static func resNet18(inputChannels: Int = 3, classes: Int, small: Bool = false,
                                widths: [Int] = ResNet.resNet18Widths, seed: UInt64 = 0) -> ResNet {
        ResNet(inputChannels: inputChannels, classes: classes, blocks: [2, 2, 2, 2], widths: widths, small: small, seed: seed)
    }

    /// `[N, inputChannels, H, W]` → `[N, classes]` logits.
    /// - Throws: `NNError.badInput` when the input is not `[N, inputChannels, H, W]`.
    public override func forward(_ x: Tensor) throws -> Tensor {
        var h = try bn1.forwardReLU(conv1(x))
        if let maxpool { h = try maxpool(h) }
        h = try layer4(layer3(layer2(layer1(h))))
        return try fc(avgpool(h))
    }

    /// A bias-free square convolution initialised as torchvision's ResNet does:
    /// Kaiming normal in fan-out mode with the ReLU gain, std = √(2 / (out·k·k)).
    static func convolution(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int, padding: Int,
                            generator g: inout SeededGenerator) -> Conv2D {
        let conv = Conv2D(inChannels, outChannels, kernelSize: kernel, stride: stride,
                          padding: .explicit(padding, padding), bias: false, seed: g.nextSeed())
        let std = (2 / Float(outChannels * kernel * kernel)).squareRoot()
        let w = Tensor.normal(conv.weight.shape, std: std, generator: &g)
        conv.weight.pointer.update(from: w.pointer, count: w.count)  // same shape by construction
        return conv
    }
}
