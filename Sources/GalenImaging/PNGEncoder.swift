import Foundation
import ZIPFoundation

/// Encodes 8-bit grey or RGB pixels as PNG (deflate from ZIPFoundation's zlib binding, CRC-32 and Adler-32
/// here), for images inlined in reports as data URIs.
public enum PNGEncoder {
    /// PNG bytes for `pixels` (row-major; `channels` = 1 grey or 3 RGB values per pixel).
    /// - Throws: `ImagingError.invalidOption` for a size mismatch; the compressor's error (not expected).
    public static func encode(_ pixels: [UInt8], width: Int, height: Int, channels: Int) throws -> Data {
        guard channels == 1 || channels == 3, width > 0, height > 0, pixels.count == width * height * channels else {
            throw ImagingError.invalidOption("PNG: \(pixels.count) values do not make a \(width)×\(height) image with \(channels) channels")
        }
        // Scanlines, each prefixed with filter type 0 (none).
        var raw = Data(capacity: height * (width * channels + 1))
        for y in 0..<height {
            raw.append(0)
            raw.append(contentsOf: pixels[(y * width * channels)..<((y + 1) * width * channels)])
        }
        var deflated = Data()
        _ = try Data.compress(size: Int64(raw.count), bufferSize: 64 * 1024, provider: { position, size in
            raw.subdata(in: Int(position)..<min(raw.count, Int(position) + size))
        }, consumer: { deflated.append($0) })
        var zlib = Data([0x78, 0x01])
        zlib.append(deflated)
        appendBigEndian(&zlib, adler32(raw))

        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        appendBigEndian(&header, UInt32(width))
        appendBigEndian(&header, UInt32(height))
        header.append(contentsOf: [8, channels == 1 ? 0 : 2, 0, 0, 0])  // depth 8, grey or RGB, deflate, no filter, no interlace
        chunk(&png, "IHDR", header)
        chunk(&png, "IDAT", zlib)
        chunk(&png, "IEND", Data())
        return png
    }

    /// `data:image/png;base64,…` for the PNG of `pixels`.
    /// - Throws: as `encode`.
    public static func dataURI(_ pixels: [UInt8], width: Int, height: Int, channels: Int) throws -> String {
        "data:image/png;base64," + (try encode(pixels, width: width, height: height, channels: channels)).base64EncodedString()
    }

    static func chunk(_ png: inout Data, _ type: String, _ body: Data) {
        appendBigEndian(&png, UInt32(body.count))
        var typed = Data(type.utf8)
        typed.append(body)
        png.append(typed)
        appendBigEndian(&png, typed.crc32(checksum: 0))
    }

    static func appendBigEndian(_ data: inout Data, _ v: UInt32) {
        data.append(contentsOf: [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)])
    }

    /// Adler-32 of `data` (the zlib stream's checksum).
    static func adler32(_ data: Data) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }
}
