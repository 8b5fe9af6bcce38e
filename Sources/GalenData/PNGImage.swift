import CPNG
import Foundation

/// One PNG image decoded by libpng: grey or RGB, values scaled to [0, 1].
///
/// Every PNG colour type and depth is accepted: 1/2/4/8/16-bit grey, 8/16-bit RGB, palette images
/// (expanded to RGB), and images with an alpha channel or a transparency chunk, whose alpha is dropped
/// (the colour values are kept as stored). 8-bit values are divided by 255, 16-bit values by 65,535.
public struct PNGImage: Sendable {
    /// 1 (grey) or 3 (RGB).
    public var channels: Int
    /// Height and width in pixels.
    public var height: Int, width: Int
    /// Values in [0, 1], channel-major (`[C, H, W]`, as one image of an NCHW tensor).
    public var values: [Float]

    /// Decodes the PNG file at `path`.
    /// - Throws: `DataError.cannotRead` naming the file when it cannot be read or is not a valid PNG
    ///   (with libpng's reason).
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.cannotRead(source: path, reason: "the file cannot be read")
        }
        try self.init(data: data, source: path)
    }

    /// Decodes PNG bytes; `source` names them in errors.
    /// - Throws: `DataError.cannotRead` naming `source` when the bytes are not a valid PNG.
    public init(data: Data, source: String) throws {
        let header = try PNGImage.header(data, source: source)
        channels = header.colour ? 3 : 1
        height = header.height; width = header.width
        values = [Float](repeating: 0, count: channels * height * width)
        try values.withUnsafeMutableBufferPointer { out in
            try PNGImage.decode(data, source: source, into: out.baseAddress!, expectedChannels: channels,
                                height: height, width: width)
        }
    }

    /// Format and size of a PNG without decoding its pixels.
    struct Header {
        var colour: Bool, alpha: Bool, sixteenBit: Bool
        var height: Int, width: Int
    }

    /// Reads the header of `data`.
    /// - Throws: `DataError.cannotRead` naming `source` for bytes that are not a PNG.
    static func header(_ data: Data, source: String) throws -> Header {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        let ok = data.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress, raw.count > 0 else { return 0 }
            return png_image_begin_read_from_memory(&image, base, raw.count)
        }
        guard ok != 0 else { throw corrupt(&image, source) }
        return Header(colour: image.format & UInt32(PNG_FORMAT_FLAG_COLOR) != 0,
                      alpha: image.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0,
                      sixteenBit: image.format & UInt32(PNG_FORMAT_FLAG_LINEAR) != 0,
                      height: Int(image.height), width: Int(image.width))
    }

    /// Decodes `data` into `out` (`expectedChannels × height × width` floats, channel-major).
    /// - Throws: `DataError.cannotRead` naming `source` for a corrupt PNG, or one whose channels or size
    ///   differ from those expected.
    static func decode(_ data: Data, source: String, into out: UnsafeMutablePointer<Float>,
                       expectedChannels: Int, height: Int, width: Int) throws {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        try data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0,
                  png_image_begin_read_from_memory(&image, base, raw.count) != 0 else { throw corrupt(&image, source) }
            let colour = image.format & UInt32(PNG_FORMAT_FLAG_COLOR) != 0
            let alpha = image.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
            let sixteen = image.format & UInt32(PNG_FORMAT_FLAG_LINEAR) != 0
            let c = colour ? 3 : 1
            guard c == expectedChannels else {
                throw DataError.cannotRead(source: source, reason: "is \(colour ? "RGB" : "grey") (\(c) channel\(c == 1 ? "" : "s")) but earlier images have \(expectedChannels); all images must have the same channels")
            }
            guard Int(image.height) == height, Int(image.width) == width else {
                throw DataError.cannotRead(source: source, reason: "is \(image.width)×\(image.height) pixels but earlier images are \(width)×\(height); all images must have one size")
            }
            // Direct (not colour-mapped) output keeping the file's alpha, so that dropping it leaves the
            // stored colours. 16-bit files are read as 16-bit "linear" values, which libpng leaves as stored
            // unless the file declares a gamma (it then converts to linear light).
            image.format = (colour ? UInt32(PNG_FORMAT_FLAG_COLOR) : 0) | (alpha ? UInt32(PNG_FORMAT_FLAG_ALPHA) : 0)
                | (sixteen ? UInt32(PNG_FORMAT_FLAG_LINEAR) : 0)
            let stored = c + (alpha ? 1 : 0), pixels = height * width
            if sixteen {
                var buffer = [UInt16](repeating: 0, count: stored * pixels)
                let ok = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
                guard ok != 0 else { throw corrupt(&image, source) }
                // libpng premultiplies 16-bit colour by alpha; divide it back out where alpha > 0.
                for i in 0..<pixels {
                    let a = alpha ? Float(buffer[i * stored + c]) : 65535
                    for ch in 0..<c {
                        out[ch * pixels + i] = a > 0 ? min(1, Float(buffer[i * stored + ch]) / a) : 0
                    }
                }
            } else {
                var buffer = [UInt8](repeating: 0, count: stored * pixels)
                let ok = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
                guard ok != 0 else { throw corrupt(&image, source) }
                for i in 0..<pixels { for ch in 0..<c {
                    out[ch * pixels + i] = Float(buffer[i * stored + ch]) / 255
                } }
            }
        }
    }

    /// The error for a PNG libpng refused, with libpng's message.
    private static func corrupt(_ image: inout png_image, _ source: String) -> DataError {
        let message = withUnsafeBytes(of: &image.message) { raw -> String in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        return DataError.cannotRead(source: source, reason: "not a valid PNG image" + (message.isEmpty ? "" : " (libpng: \(message))"))
    }
}
