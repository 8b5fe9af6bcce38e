import GalenNN
import GalenTensor

/// Grad-CAM (Selvaraju et al., 2017): where in an image the network looked for its decision.
///
/// For image `n` and class score `y` (the logit of the chosen class; for a one-logit binary network the logit
/// itself for the positive class and its negative for the negative class), with `A` the feature map of the last
/// convolutional block `[K, h, w]`:
/// `α_k = mean_{i,j} ∂y/∂A_k(i,j)`, `cam = ReLU(Σ_k α_k A_k)` `[h, w]`, then bilinearly upsampled to the image.
public enum GradCAM {
    /// Class-activation maps for a batch.
    /// - Parameters:
    ///   - images: normalised network inputs `[N, C, H, W]`.
    ///   - classes: the class to explain for each image.
    ///   - features: the network up to and including its last convolutional block.
    ///   - head: the rest of the network (feature map → logits `[N, outputs]`).
    /// - Returns: the raw maps `[N, h, w]` (feature-map resolution, not normalised).
    /// - Throws: `ImagingError.invalidOption` when `classes` does not match the batch or names a missing
    ///   output; layer errors.
    /// The network must be in evaluation mode, so that each image's score depends on its own features only.
    public static func maps(images: Tensor, classes: [Int], features: (Tensor) throws -> Tensor,
                            head: (Tensor) throws -> Tensor) throws -> Tensor {
        let n = images.shape[0]
        guard classes.count == n else { throw ImagingError.invalidOption("Grad-CAM: \(classes.count) classes for \(n) images") }
        let a = try withNoGrad { try features(images) }.detached().requiringGrad()
        guard a.rank == 4 else { throw ImagingError.invalidOption("Grad-CAM: the feature map must be [N, K, h, w], got \(a.shape)") }
        let out = try head(a)
        let outputs = out.shape[1]
        var selector = [Float](repeating: 0, count: n * outputs)
        for (i, c) in classes.enumerated() {
            if outputs == 1 {
                guard c == 0 || c == 1 else { throw ImagingError.invalidOption("Grad-CAM: class \(c) of a one-logit binary network") }
                selector[i] = c == 1 ? 1 : -1
            } else {
                guard c >= 0 && c < outputs else { throw ImagingError.invalidOption("Grad-CAM: class \(c) of \(outputs) outputs") }
                selector[i * outputs + c] = 1
            }
        }
        let score = try (out * Tensor(shape: out.shape, values: selector)).sum()
        try score.backward()
        guard let grad = a.grad else { throw ImagingError.invalidOption("Grad-CAM: the head does not depend on the feature map") }
        let (k, h, w) = (a.shape[1], a.shape[2], a.shape[3])
        let plane = h * w
        let cam = Tensor.zeros([n, h, w])
        for i in 0..<n {
            let dst = cam.pointer + i * plane
            for ch in 0..<k {
                let g = grad.pointer + (i * k + ch) * plane, f = a.pointer + (i * k + ch) * plane
                var alpha: Float = 0
                for p in 0..<plane { alpha += g[p] }
                alpha /= Float(plane)
                for p in 0..<plane { dst[p] += alpha * f[p] }
            }
            for p in 0..<plane { dst[p] = max(dst[p], 0) }
        }
        return cam
    }

    /// Bilinear resize of one map `h × w` to `height × width`, sampling at pixel centres
    /// (PyTorch's `interpolate(mode="bilinear", align_corners=False)`).
    public static func upsample(_ map: [Float], height h: Int, width w: Int, toHeight H: Int, width W: Int) -> [Float] {
        var out = [Float](repeating: 0, count: H * W)
        let sy = Float(h) / Float(H), sx = Float(w) / Float(W)
        for y in 0..<H {
            let fy = max((Float(y) + 0.5) * sy - 0.5, 0)
            let y0 = min(Int(fy), h - 1), y1 = min(y0 + 1, h - 1), ty = fy - Float(y0)
            for x in 0..<W {
                let fx = max((Float(x) + 0.5) * sx - 0.5, 0)
                let x0 = min(Int(fx), w - 1), x1 = min(x0 + 1, w - 1), tx = fx - Float(x0)
                let top = map[y0 * w + x0] * (1 - tx) + map[y0 * w + x1] * tx
                let bottom = map[y1 * w + x0] * (1 - tx) + map[y1 * w + x1] * tx
                out[y * W + x] = top * (1 - ty) + bottom * ty
            }
        }
        return out
    }
}
