import GalenNN
import GalenTensor

/// Test-time augmentation (`--tta`): how a model scores an image. `horizontal-flip` averages the class
/// probabilities of the image and of its left–right mirror image (the pose the training augmentation's flips
/// taught the network to treat alike); `none` scores the image alone.
///
/// Stored in the bundle (`ImageModelContent.testTimeAugmentation`), so that the validation epochs and threshold
/// of training, `galen evaluate`, `galen predict` and anything else that scores through `ImageModel` use the same
/// rule. Bundles made before it existed lack the key and score without augmentation. Grad-CAM maps explain the
/// image as given (not its mirror image).
public enum ImageTestTimeAugmentation: String, Codable, Sendable, CaseIterable {
    case none = "none"
    case horizontalFlip = "horizontal-flip"

    /// A one-line description for reports.
    public var summary: String {
        switch self {
        case .none: return "none"
        case .horizontalFlip: return "mean probability of the image and its horizontal flip"
        }
    }

    /// Class scores of `network` for normalised images `[N, C, H, W]` in evaluation mode, without gradients:
    /// binary positive-class probabilities `[N]`, multiclass probabilities `[N × classes]` row-major; with
    /// `horizontalFlip` the mean of the scores of the images and of their mirror images.
    /// `plain`, when given, is the network's logits for `images` already computed (it saves that pass).
    /// - Throws: the network's errors for images that do not fit it.
    func scores(of network: Module, head: ImageTaskHead, images: Tensor, plain: Tensor? = nil) throws -> [Float] {
        var scores = try head.scores(plain ?? logits(of: network, images))
        guard self == .horizontalFlip else { return scores }
        let mirrored = try head.scores(logits(of: network, Self.horizontallyFlipped(images)))
        for i in 0..<scores.count { scores[i] = 0.5 * (scores[i] + mirrored[i]) }
        return scores
    }

    /// A copy of `images` (`[N, C, H, W]`, any rank ≥ 2: the last axis is the width) with every row reversed.
    static func horizontallyFlipped(_ images: Tensor) -> Tensor {
        let out = images.copy()
        guard images.rank >= 2, let w = images.shape.last, w > 1 else { return out }
        let rows = images.count / w
        let src = UnsafeBufferPointer(start: images.pointer, count: images.count)
        let dst = UnsafeMutableBufferPointer(start: out.pointer, count: out.count)
        for r in 0..<rows {
            let base = r * w
            for j in 0..<w { dst[base + j] = src[base + w - 1 - j] }
        }
        return out
    }
}
