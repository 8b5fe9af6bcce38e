import Crypto
import Foundation

/// The secret of a project, from which pseudonyms, surrogates and date offsets are derived with HMAC-SHA-256.
///
/// The same key gives the same pseudonyms, surrogates and offsets, so tables de-identified separately still
/// join; without the key, pseudonyms cannot be reversed by hashing guesses. Keys come from a key file (any bytes,
/// surrounding whitespace removed, at least 16 bytes; `openssl rand -hex 32 > project.key` makes one) or from
/// the environment variable `GALEN_DEID_KEY` (same rules).
public struct ProjectKey: @unchecked Sendable {
    /// The environment variable read by `fromEnvironment()`.
    public static let environmentVariable = "GALEN_DEID_KEY"
    /// The fewest key bytes accepted.
    public static let minimumBytes = 16

    let key: SymmetricKey

    /// A key from raw bytes.
    /// - Throws: `PrivacyError.invalidKey` when fewer than 16 bytes are given.
    public init(bytes: [UInt8], source: String = "key") throws {
        guard bytes.count >= ProjectKey.minimumBytes else {
            throw PrivacyError.invalidKey(source: source, reason: "it holds \(bytes.count) bytes; at least \(ProjectKey.minimumBytes) are needed")
        }
        key = SymmetricKey(data: bytes)
    }

    /// Reads a key file; surrounding whitespace (a trailing newline) is removed.
    /// - Throws: `PrivacyError.invalidKey` when the file cannot be read or is too short.
    public init(contentsOfFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PrivacyError.invalidKey(source: path, reason: "the file cannot be read")
        }
        try self.init(bytes: ProjectKey.trimmed(Array(data)), source: path)
    }

    /// The key in `GALEN_DEID_KEY`, or nil when the variable is not set.
    /// - Throws: `PrivacyError.invalidKey` when it is set but too short.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ProjectKey? {
        guard let value = environment[environmentVariable] else { return nil }
        return try ProjectKey(bytes: trimmed(Array(value.utf8)), source: "$\(environmentVariable)")
    }

    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        var s = 0, e = bytes.count
        while s < e, bytes[s] == 0x20 || bytes[s] == 0x0A || bytes[s] == 0x0D || bytes[s] == 0x09 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x0A || bytes[e - 1] == 0x0D || bytes[e - 1] == 0x09 { e -= 1 }
        return Array(bytes[s..<e])
    }

    /// HMAC-SHA-256 of `value` under this key, with a `purpose` label so that pseudonyms, surrogates and offsets
    /// of the same value are unrelated.
    public func mac<S: StringProtocol>(_ value: S, purpose: String) -> [UInt8] {
        var h = HMAC<SHA256>(key: key)
        h.update(data: Array(purpose.utf8))
        h.update(data: [0])
        h.update(data: Array(value.utf8))
        return Array(h.finalize())
    }

    /// A 64-bit number derived from `value` (the first 8 bytes of its HMAC).
    public func number<S: StringProtocol>(_ value: S, purpose: String) -> UInt64 {
        let m = mac(value, purpose: purpose)
        var x: UInt64 = 0
        for i in 0..<8 { x = x << 8 | UInt64(m[i]) }
        return x
    }

    /// The pseudonym of `value`: the first `hexDigits` hex digits (default 16) of its HMAC-SHA-256.
    public func pseudonym<S: StringProtocol>(_ value: S, hexDigits: Int = 16) -> String {
        let m = mac(value, purpose: "pseudonym")
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(hexDigits)
        for b in m {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
            if out.count >= hexDigits { break }
        }
        return String(decoding: out.prefix(max(1, min(64, hexDigits))), as: UTF8.self)
    }
}
