import GalenData
import GalenTensor

/// Per-channel standardisation `(x − mean) / std`, fitted on the training images only and saved in the
/// bundle, so that evaluation and prediction apply exactly the training statistics.
public struct ImageNormalization: Codable, Sendable, Equatable {
    /// Mean intensity per channel (images scaled to [0, 1]).
    public var mean: [Float]
    /// Standard deviation per channel (never below 1e-6).
    public var standardDeviation: [Float]

    /// Statistics from their parts.
    public init(mean: [Float], standardDeviation: [Float]) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// Fits mean and standard deviation per channel over every pixel of `images` `[N, C, H, W]`.
    public static func fit(_ images: Tensor) -> ImageNormalization {
        let (n, c, plane) = (images.shape[0], images.shape[1], images.shape[2] * images.shape[3])
        var mean = [Float](repeating: 0, count: c), std = [Float](repeating: 1, count: c)
        let p = images.pointer
        for ch in 0..<c {
            var sum = 0.0, sumSq = 0.0
            for i in 0..<n {
                let base = p + (i * c + ch) * plane
                var s: Float = 0, ss: Float = 0
                for k in 0..<plane { let v = base[k]; s += v; ss += v * v }
                sum += Double(s); sumSq += Double(ss)
            }
            let count = Double(max(n * plane, 1))
            let m = sum / count
            mean[ch] = Float(m)
            std[ch] = Float(max((sumSq / count - m * m).squareRoot(), 1e-6))
        }
        return ImageNormalization(mean: mean, standardDeviation: std)
    }

    /// Standardises `images` `[N, C, H, W]` in place.
    /// - Throws: `ImagingError.incompatibleBundle` when the channel count differs from the fitted one.
    public func apply(to images: Tensor) throws {
        guard images.rank == 4, images.shape[1] == mean.count else {
            throw ImagingError.incompatibleBundle("the model expects \(mean.count)-channel images, got shape \(images.shape)")
        }
        let (n, c, plane) = (images.shape[0], images.shape[1], images.shape[2] * images.shape[3])
        let p = images.pointer
        for i in 0..<n {
            for ch in 0..<c {
                let base = p + (i * c + ch) * plane
                let m = mean[ch], inv = 1 / standardDeviation[ch]
                for k in 0..<plane { base[k] = (base[k] - m) * inv }
            }
        }
    }
}
