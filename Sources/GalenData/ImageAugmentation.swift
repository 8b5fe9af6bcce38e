import Foundation
import GalenTensor

/// Seeded on-the-fly augmentation of image batches, applied to each training batch before normalisation:
/// horizontal (and optionally vertical) flip, small rotation, zoom and shift (one bilinear affine resampling,
/// edges replicated), a random crop after zero padding (torchvision's `RandomCrop(size, padding:)`), then
/// optional brightness and contrast jitter (torchvision's `ColorJitter`, clamped to [0, 1]).
///
/// Every random choice comes from the generator passed in, so the same seed gives the same batches bit for
/// bit. Works in place on `[N, C, H, W]` with pixel values in [0, 1]; no per-pixel allocation (one scratch image
/// per call).
public struct ImageAugmentation: Codable, Sendable, Equatable {
    /// Flip each image left–right with probability 0.5.
    public var horizontalFlip: Bool
    /// Rotate by a uniform angle in ±`maxRotationDegrees` (0 = off).
    public var maxRotationDegrees: Float
    /// Shift by a uniform fraction in ±`maxShiftFraction` of the height and width (0 = off).
    public var maxShiftFraction: Float
    /// Pad by this many zero pixels on every side, then crop back to the original size at a random offset (0 = off).
    public var cropPadding: Int
    /// Flip each image top–bottom with probability 0.5.
    public var verticalFlip: Bool
    /// Zoom by a uniform factor in 1 ± `maxScaleFraction` about the centre (0 = off; 0.1 = 0.9×…1.1×).
    public var maxScaleFraction: Float
    /// Add a uniform offset in ±`maxBrightness` to every pixel (pixel units, images in [0, 1]; 0 = off).
    public var maxBrightness: Float
    /// Scale each image's deviations from its mean by a uniform factor in 1 ± `maxContrast` (0 = off).
    public var maxContrast: Float

    /// Settings from their parts; the extended transforms (vertical flip, zoom, brightness, contrast) are off
    /// unless given.
    public init(horizontalFlip: Bool = true, maxRotationDegrees: Float = 10, maxShiftFraction: Float = 0.05, cropPadding: Int = 2,
                verticalFlip: Bool = false, maxScaleFraction: Float = 0, maxBrightness: Float = 0, maxContrast: Float = 0) {
        self.horizontalFlip = horizontalFlip
        self.maxRotationDegrees = maxRotationDegrees
        self.maxShiftFraction = maxShiftFraction
        self.cropPadding = cropPadding
        self.verticalFlip = verticalFlip
        self.maxScaleFraction = maxScaleFraction
        self.maxBrightness = maxBrightness
        self.maxContrast = maxContrast
    }

    /// Reads settings written by any Galen version: bundles made before the extended transforms existed
    /// lack their keys, which then mean "off".
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        horizontalFlip = try c.decode(Bool.self, forKey: .horizontalFlip)
        maxRotationDegrees = try c.decode(Float.self, forKey: .maxRotationDegrees)
        maxShiftFraction = try c.decode(Float.self, forKey: .maxShiftFraction)
        cropPadding = try c.decode(Int.self, forKey: .cropPadding)
        verticalFlip = try c.decodeIfPresent(Bool.self, forKey: .verticalFlip) ?? false
        maxScaleFraction = try c.decodeIfPresent(Float.self, forKey: .maxScaleFraction) ?? 0
        maxBrightness = try c.decodeIfPresent(Float.self, forKey: .maxBrightness) ?? 0
        maxContrast = try c.decodeIfPresent(Float.self, forKey: .maxContrast) ?? 0
    }

    /// No augmentation at all.
    public static let none = ImageAugmentation(horizontalFlip: false, maxRotationDegrees: 0, maxShiftFraction: 0, cropPadding: 0)

    /// The stronger setting for small training sets: the standard transforms with rotation ±15°, plus zoom ±10 %
    /// and brightness and contrast jitter of ±0.1. Vertical flip stays off: ultrasound and chest X-ray images have
    /// a fixed top (the transducer, the neck), so an upside-down image is not a plausible input.
    public static let strong = ImageAugmentation(horizontalFlip: true, maxRotationDegrees: 15, maxShiftFraction: 0.05, cropPadding: 2,
                                                 verticalFlip: false, maxScaleFraction: 0.1, maxBrightness: 0.1, maxContrast: 0.1)

    /// Whether any transform is on.
    public var isEnabled: Bool { horizontalFlip || maxRotationDegrees > 0 || maxShiftFraction > 0 || cropPadding > 0 || usesExtended }

    /// Whether any of the extended transforms (vertical flip, zoom, brightness, contrast) is on; they take three
    /// more random draws per image.
    public var usesExtended: Bool { verticalFlip || maxScaleFraction > 0 || maxBrightness > 0 || maxContrast > 0 }

    /// A one-line description for reports, e.g. "horizontal flip, rotation ±10°, shift ±5%, random crop with padding 2".
    public var summary: String {
        var parts: [String] = []
        if horizontalFlip { parts.append("horizontal flip") }
        if verticalFlip { parts.append("vertical flip") }
        if maxRotationDegrees > 0 { parts.append(String(format: "rotation ±%g°", maxRotationDegrees)) }
        if maxScaleFraction > 0 { parts.append(String(format: "zoom ±%g%%", maxScaleFraction * 100)) }
        if maxShiftFraction > 0 { parts.append(String(format: "shift ±%g%%", maxShiftFraction * 100)) }
        if cropPadding > 0 { parts.append("random crop with padding \(cropPadding)") }
        if maxBrightness > 0 { parts.append(String(format: "brightness ±%g", maxBrightness)) }
        if maxContrast > 0 { parts.append(String(format: "contrast ±%g%%", maxContrast * 100)) }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// Checks ranges.
    /// - Throws: `DataError.invalidArgument` naming the setting.
    public func validate() throws {
        guard maxRotationDegrees >= 0, maxRotationDegrees <= 180 else {
            throw DataError.invalidArgument("rotation must be in [0, 180] degrees, got \(maxRotationDegrees)")
        }
        guard maxShiftFraction >= 0, maxShiftFraction < 0.5 else {
            throw DataError.invalidArgument("shift must be in [0, 0.5) of the image size, got \(maxShiftFraction)")
        }
        guard cropPadding >= 0, cropPadding <= 64 else {
            throw DataError.invalidArgument("crop padding must be in [0, 64] pixels, got \(cropPadding)")
        }
        guard maxScaleFraction >= 0, maxScaleFraction < 0.5 else {
            throw DataError.invalidArgument("zoom must be in [0, 0.5) (a factor of 1 ± zoom), got \(maxScaleFraction)")
        }
        guard maxBrightness >= 0, maxBrightness <= 1 else {
            throw DataError.invalidArgument("brightness jitter must be in [0, 1] (pixel units), got \(maxBrightness)")
        }
        guard maxContrast >= 0, maxContrast < 1 else {
            throw DataError.invalidArgument("contrast jitter must be in [0, 1), got \(maxContrast)")
        }
    }

    /// Augments every image of `batch` `[N, C, H, W]` in place; all channels of an image get the same transform.
    /// Draws exactly four numbers per image from `generator` for the flip, rotation, shift and crop, whatever is
    /// enabled, and three more when any extended transform is on (`usesExtended`), so turning one transform off
    /// does not change the others' draws, and settings without the extended transforms give the batches they
    /// gave before those existed.
    /// - Throws: `DataError.invalidArgument` when `batch` is not rank 4.
    public func apply(to batch: Tensor, generator g: inout SeededGenerator) throws {
        guard batch.rank == 4 else { throw DataError.invalidArgument("augmentation needs [N, C, H, W] images, got \(batch.shape)") }
        let (n, c, h, w) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3])
        let plane = h * w
        var scratch = [Float](repeating: 0, count: plane)
        for i in 0..<n {
            let uFlip = g.nextUnitFloat(), uAngle = g.nextUnitFloat(), uShift = g.nextUnitFloat(), uCrop = g.nextUnitFloat()
            let flip = horizontalFlip && uFlip < 0.5
            let angle = maxRotationDegrees * (2 * uAngle - 1) * Float.pi / 180
            // Two shifts from one draw keep the draw count fixed: high and low halves of a 24-bit value.
            let bitsShift = UInt32(uShift * 16_777_216)
            let sx = maxShiftFraction * (2 * Float(bitsShift >> 12) / 4095 - 1) * Float(w)
            let sy = maxShiftFraction * (2 * Float(bitsShift & 0xFFF) / 4095 - 1) * Float(h)
            let bitsCrop = UInt32(uCrop * 16_777_216)
            let p = cropPadding
            let cx = p > 0 ? Int(bitsCrop >> 12) % (2 * p + 1) - p : 0
            let cy = p > 0 ? Int(bitsCrop & 0xFFF) % (2 * p + 1) - p : 0
            var vflip = false, zoom: Float = 1, brightness: Float = 0, contrast: Float = 1
            if usesExtended {
                // Vertical flip and zoom share one draw (high and low halves), brightness and contrast one each.
                let bitsFlipZoom = UInt32(g.nextUnitFloat() * 16_777_216)
                let uBrightness = g.nextUnitFloat(), uContrast = g.nextUnitFloat()
                vflip = verticalFlip && (bitsFlipZoom >> 12) < 2048
                zoom = 1 + maxScaleFraction * (2 * Float(bitsFlipZoom & 0xFFF) / 4095 - 1)
                brightness = maxBrightness * (2 * uBrightness - 1)
                contrast = 1 + maxContrast * (2 * uContrast - 1)
            }
            // The image mean (over all channels) before any transform, for the contrast jitter.
            var mean: Float = 0
            if contrast != 1 {
                let all = UnsafeBufferPointer(start: batch.pointer + i * c * plane, count: c * plane)
                for v in all { mean += v }
                mean /= Float(c * plane)
            }
            for ch in 0..<c {
                let img = UnsafeMutableBufferPointer(start: batch.pointer + (i * c + ch) * plane, count: plane)
                scratch.withUnsafeMutableBufferPointer { tmp in
                    if flip { Self.flipHorizontally(img, height: h, width: w) }
                    if vflip { Self.flipVertically(img, height: h, width: w) }
                    if angle != 0 || sx != 0 || sy != 0 || zoom != 1 {
                        Self.affine(img, into: tmp, height: h, width: w, angle: angle, shiftX: sx, shiftY: sy, zoom: zoom)
                        _ = img.update(fromContentsOf: tmp)
                    }
                    if cx != 0 || cy != 0 {
                        Self.translate(img, into: tmp, height: h, width: w, dx: cx, dy: cy)
                        _ = img.update(fromContentsOf: tmp)
                    }
                    if brightness != 0 || contrast != 1 {
                        Self.jitter(img, mean: mean, contrast: contrast, brightness: brightness)
                    }
                }
            }
        }
    }

    /// Mirrors the rows of an `h × w` image in place (top row to bottom).
    static func flipVertically(_ img: UnsafeMutableBufferPointer<Float>, height h: Int, width w: Int) {
        var a = 0, b = h - 1
        while a < b {
            for x in 0..<w { img.swapAt(a * w + x, b * w + x) }
            a += 1; b -= 1
        }
    }

    /// `v ← clamp((v − mean)·contrast + mean + brightness, 0, 1)` for every pixel.
    static func jitter(_ img: UnsafeMutableBufferPointer<Float>, mean: Float, contrast: Float, brightness: Float) {
        let offset = mean * (1 - contrast) + brightness
        for k in img.indices { img[k] = min(max(img[k] * contrast + offset, 0), 1) }
    }

    /// Mirrors each row of an `h × w` image in place.
    static func flipHorizontally(_ img: UnsafeMutableBufferPointer<Float>, height h: Int, width w: Int) {
        for y in 0..<h {
            var a = y * w, b = y * w + w - 1
            while a < b { img.swapAt(a, b); a += 1; b -= 1 }
        }
    }

    /// `out(x, y) = img(R⁻¹ · ((x, y) − centre − shift) / zoom + centre)`, bilinear, coordinates clamped to the
    /// edge: the image is rotated by `angle` radians (counter-clockwise on screen) and magnified by `zoom` about its
    /// centre, and moved by the shift (pixels).
    static func affine(_ img: UnsafeMutableBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>,
                       height h: Int, width w: Int, angle: Float, shiftX: Float, shiftY: Float, zoom: Float = 1) {
        let cosA = cos(angle) / zoom, sinA = sin(angle) / zoom
        let cx = Float(w - 1) / 2, cy = Float(h - 1) / 2
        let maxX = Float(w - 1), maxY = Float(h - 1)
        for y in 0..<h {
            for x in 0..<w {
                let dx = Float(x) - cx - shiftX, dy = Float(y) - cy - shiftY
                // Inverse rotation (screen y points down, so this turns the content counter-clockwise).
                let srcX = min(max(cosA * dx - sinA * dy + cx, 0), maxX)
                let srcY = min(max(sinA * dx + cosA * dy + cy, 0), maxY)
                let x0 = Int(srcX), y0 = Int(srcY)
                let x1 = min(x0 + 1, w - 1), y1 = min(y0 + 1, h - 1)
                let fx = srcX - Float(x0), fy = srcY - Float(y0)
                let top = img[y0 * w + x0] * (1 - fx) + img[y0 * w + x1] * fx
                let bottom = img[y1 * w + x0] * (1 - fx) + img[y1 * w + x1] * fx
                out[y * w + x] = top * (1 - fy) + bottom * fy
            }
        }
    }

    /// `out(x, y) = img(x + dx, y + dy)`, zero outside: a crop at offset (dx, dy) of the zero-padded image.
    static func translate(_ img: UnsafeMutableBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>,
                          height h: Int, width w: Int, dx: Int, dy: Int) {
        for y in 0..<h {
            let sy = y + dy
            for x in 0..<w {
                let sx = x + dx
                out[y * w + x] = (sy >= 0 && sy < h && sx >= 0 && sx < w) ? img[sy * w + sx] : 0
            }
        }
    }
}
