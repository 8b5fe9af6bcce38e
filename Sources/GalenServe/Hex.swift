import Foundation

/// Lower-case hexadecimal text of bytes (hashes, key secrets), without `String(format:)`, which showed up in
/// profiles of `galen serve` under load (two SHA-256 digests a request).
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Two hex digits per byte, in order.
    static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
