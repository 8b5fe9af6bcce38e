import Foundation
import GalenTensor

/// Seeded on-the-fly augmentation of image batches, applied to each training batch before normalisation:
/// horizontal flip, small rotation and shift (one bilinear affine resampling, edges replicated), then a
/// random crop after zero padding (torchvision's `RandomCrop(size, padding:)`).
///
/// Every random choice comes from the generator passed in, so the same seed gives the same batches bit for
/// bit. Works in place on `[N, C, H, W]`; no per-pixel allocation (one scratch image per call).
public struct ImageAugmentation: Codable, Sendable, Equatable {
    /// Flip each image left–right with probability 0.5.
    public var horizontalFlip: Bool
    /// Rotate by a uniform angle in ±`maxRotationDegrees` (0 = off).
    public var maxRotationDegrees: Float
    /// Shift by a uniform fraction in ±`maxShiftFraction` of the height and width (0 = off).
    public var maxShiftFraction: Float
    /// Pad by this many zero pixels on every side, then crop back to the original size at a random offset (0 = off).
    public var cropPadding: Int

    /// Settings from their parts.
    public init(horizontalFlip: Bool = true, maxRotationDegrees: Float = 10, maxShiftFraction: Float = 0.05, cropPadding: Int = 2) {
        self.horizontalFlip = horizontalFlip
        self.maxRotationDegrees = maxRotationDegrees
        self.maxShiftFraction = maxShiftFraction
        self.cropPadding = cropPadding
    }

    /// No augmentation at all.
    public static let none = ImageAugmentation(horizontalFlip: false, maxRotationDegrees: 0, maxShiftFraction: 0, cropPadding: 0)

    /// Whether any transform is on.
    public var isEnabled: Bool { horizontalFlip || maxRotationDegrees > 0 || maxShiftFraction > 0 || cropPadding > 0 }

    /// A one-line description for reports, e.g. "flip, rotation ±10°, shift ±5%, crop with padding 2".
    public var summary: String {
        var parts: [String] = []
        if horizontalFlip { parts.append("horizontal flip") }
        if maxRotationDegrees > 0 { parts.append(String(format: "rotation ±%g°", maxRotationDegrees)) }
        if maxShiftFraction > 0 { parts.append(String(format: "shift ±%g%%", maxShiftFraction * 100)) }
        if cropPadding > 0 { parts.append("random crop with padding \(cropPadding)") }
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
    }

    /// Augments every image of `batch` `[N, C, H, W]` in place; all channels of an image get the same transform.
    /// Draws exactly four numbers per image from `generator`, whatever is enabled, so turning one transform off
    /// does not change the others' draws.
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
            for ch in 0..<c {
                let img = UnsafeMutableBufferPointer(start: batch.pointer + (i * c + ch) * plane, count: plane)
                scratch.withUnsafeMutableBufferPointer { tmp in
                    if flip { Self.flipHorizontally(img, height: h, width: w) }
                    if angle != 0 || sx != 0 || sy != 0 {
                        Self.affine(img, into: tmp, height: h, width: w, angle: angle, shiftX: sx, shiftY: sy)
                        _ = img.update(fromContentsOf: tmp)
                    }
                    if cx != 0 || cy != 0 {
                        Self.translate(img, into: tmp, height: h, width: w, dx: cx, dy: cy)
                        _ = img.update(fromContentsOf: tmp)
                    }
                }
            }
        }
    }

    /// Mirrors each row of an `h × w` image in place.
    static func flipHorizontally(_ img: UnsafeMutableBufferPointer<Float>, height h: Int, width w: Int) {
        for y in 0..<h {
            var a = y * w, b = y * w + w - 1
            while a < b { img.swapAt(a, b); a += 1; b -= 1 }
        }
    }

    /// `out(x, y) = img(R⁻¹ · ((x, y) − centre − shift) + centre)`, bilinear, coordinates clamped to the edge:
    /// the image is rotated by `angle` radians (counter-clockwise on screen) about its centre and moved by the shift.
    static func affine(_ img: UnsafeMutableBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>,
                       height h: Int, width w: Int, angle: Float, shiftX: Float, shiftY: Float) {
        let cosA = cos(angle), sinA = sin(angle)
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
