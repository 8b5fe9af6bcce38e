import GalenModels
import GalenNN
import GalenTensor

/// The networks `galen train --kind images` can build (`--arch`).
///
/// - `cnn-bn` (default): a small batch-normalised CNN for small images — Conv 32 → pool → Conv 64 → Conv 64 →
///   pool → Conv 128 (3×3 same-padded, each followed by BatchNorm and ReLU), global average pooling, dropout
///   0.3, a dense layer to the outputs. Works for any image of at least 8×8 pixels.
/// - `cnn-small`: the seed documents' 28×28 network (Conv 32 → pool → Conv 64 → pool → Conv 64 → Dense 64).
/// - `cnn-large`: the seed documents' 150×150 network (Conv 32/64/128/128 with pools → Dense 512).
/// - `resnet18`: ResNet-18; the MedMNIST 28×28 variant (3×3 stem, no max-pool) for images up to 64×64,
///   torchvision's standard stem above.
public enum ImageArchitecture: String, Codable, Sendable, CaseIterable {
    case cnnBN = "cnn-bn"
    case cnnSmall = "cnn-small"
    case cnnLarge = "cnn-large"
    case resnet18 = "resnet18"

    /// A one-line description for reports.
    public var summary: String {
        switch self {
        case .cnnBN: return "CNN with batch norm (conv 32 → pool → 64 → 64 → pool → 128, global average pool, dropout 0.3)"
        case .cnnSmall: return "seed CNN-28 (conv 32 → pool → 64 → pool → 64 → dense 64)"
        case .cnnLarge: return "seed CNN-150 (conv 32 → 64 → 128 → 128 with pools → dense 512)"
        case .resnet18: return "ResNet-18"
        }
    }

    /// Checks that images of `height × width` fit the architecture.
    /// - Throws: `ImagingError.unsuitableData` naming the sizes the architecture takes.
    public func check(height: Int, width: Int) throws {
        switch self {
        case .cnnBN, .resnet18:
            guard height >= 8, width >= 8 else {
                throw ImagingError.unsuitableData("--arch \(rawValue) needs images of at least 8×8 pixels, got \(height)×\(width)")
            }
        case .cnnSmall:
            guard height == 28, width == 28 else {
                throw ImagingError.unsuitableData("--arch cnn-small is the 28×28 seed network; these images are \(height)×\(width) (use cnn-bn or resnet18)")
            }
        case .cnnLarge:
            guard height == 150, width == 150 else {
                throw ImagingError.unsuitableData("--arch cnn-large is the 150×150 seed network; these images are \(height)×\(width) (use cnn-bn or resnet18)")
            }
        }
    }

    /// Builds the network: `[N, channels, height, width]` → `[N, outputs]` logits.
    /// - Throws: `ImagingError.unsuitableData` when the image size does not fit (see `check`).
    public func build(channels: Int, height: Int, width: Int, outputs: Int, seed: UInt64) throws -> Module {
        try check(height: height, width: width)
        switch self {
        case .cnnBN: return BatchNormCNN(channels: channels, outputs: outputs, seed: seed)
        case .cnnSmall: return SeedCNN.small(channels: channels, outputs: outputs, seed: seed)
        case .cnnLarge: return SeedCNN.large(channels: channels, outputs: outputs, seed: seed)
        case .resnet18:
            return ResNet.resNet18(inputChannels: channels, classes: outputs, small: max(height, width) <= 64, seed: seed)
        }
    }

    /// The network cut after its last convolutional block, for Grad-CAM: `features` maps images to the last
    /// block's feature map `[N, K, h, w]`, `head` maps that map to the logits.
    /// - Throws: `ImagingError.incompatibleBundle` when `network` is not what this architecture builds.
    public func stages(of network: Module) throws -> (features: (Tensor) throws -> Tensor, head: (Tensor) throws -> Tensor) {
        switch self {
        case .cnnBN:
            guard let n = network as? BatchNormCNN else { break }
            return ({ try n.features($0) }, { try n.head($0) })
        case .cnnSmall, .cnnLarge:
            guard let s = network as? Sequential, let flatten = s.layers.firstIndex(where: { $0 is Flatten }) else { break }
            let features = Sequential(Array(s.layers[..<flatten])), head = Sequential(Array(s.layers[flatten...]))
            return ({ try features($0) }, { try head($0) })
        case .resnet18:
            guard let r = network as? ResNet else { break }
            return ({ x in
                var h = try r.bn1(r.conv1(x)).relu()
                if let m = r.maxpool { h = try m(h) }
                return try r.layer4(r.layer3(r.layer2(r.layer1(h))))
            }, { try r.fc(r.avgpool($0)) })
        }
        throw ImagingError.incompatibleBundle("the network is not a \(rawValue)")
    }
}

/// The default image network (`cnn-bn`): `features` (four 3×3 same-padded convolutions with batch norm and
/// ReLU, max-pools after the first and third) and `head` (global average pooling, dropout, dense). Parameter
/// names follow PyTorch (`features.0.weight`, `features.1.running_mean`, `head.2.weight`).
public final class BatchNormCNN: Module {
    /// Convolutional part: `[N, C, H, W]` → `[N, 128, H/4, W/4]`.
    public let features: Sequential
    /// Classifier: `[N, 128, h, w]` → `[N, outputs]`.
    public let head: Sequential

    /// - Parameters:
    ///   - channels: 1 for grey images, 3 for colour.
    ///   - outputs: 1 logit for binary tasks, else one per class.
    ///   - widths: channels of the four convolutions (default 32, 64, 64, 128).
    ///   - dropout: dropout rate before the dense layer.
    ///   - seed: seed of every initial weight and of dropout.
    public init(channels: Int, outputs: Int, widths: [Int] = [32, 64, 64, 128], dropout: Float = 0.3, seed: UInt64) {
        precondition(widths.count == 4 && widths.allSatisfy { $0 > 0 } && channels > 0 && outputs > 0, "BatchNormCNN needs positive sizes")
        var g = SeededGenerator(seed: seed)
        func block(_ i: Int, _ o: Int) -> [Module] {
            [Conv2D(i, o, kernelSize: 3, padding: .same, bias: false, seed: g.nextSeed()), BatchNorm2D(o), ReLU()]
        }
        features = Sequential(block(channels, widths[0]) + [MaxPool2D(2)] + block(widths[0], widths[1])
                              + block(widths[1], widths[2]) + [MaxPool2D(2)] + block(widths[2], widths[3]))
        head = Sequential([GlobalAvgPool2D(), Dropout(dropout, seed: g.nextSeed()), Dense(widths[3], outputs, seed: g.nextSeed())])
        super.init()
    }

    /// `[N, C, H, W]` → `[N, outputs]` logits.
    /// - Throws: `NNError.badInput` when the input does not fit.
    public override func forward(_ x: Tensor) throws -> Tensor { try head(features(x)) }
}
