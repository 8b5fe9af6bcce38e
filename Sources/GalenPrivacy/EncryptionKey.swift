import Crypto
import Foundation

/// A master secret for encrypting files at rest. Each file gets its own AES-256 key and key-check key derived
/// from it with HKDF-SHA256 and the file's random salt, so the master secret itself never encrypts anything.
///
/// Sources: a key file (`init(contentsOfFile:)`) or an environment variable (`init(environment:)`). The secret
/// is read as, in order: 64+ hex digits; base64 decoding to 32+ bytes; otherwise the raw bytes (text trimmed of
/// surrounding white space). At least 32 bytes of secret are required. `galen keygen` writes 32 random bytes as
/// base64.
// @unchecked: SymmetricKey is an immutable value (copy-on-write secure bytes) that swift-crypto does not yet mark Sendable.
public struct EncryptionKey: @unchecked Sendable {
    /// The master secret (input keying material for HKDF).
    let secret: SymmetricKey

    /// A key from raw secret bytes.
    /// - Throws: `EncryptionError.keyTooShort` for fewer than 32 bytes (`source` names where they came from).
    public init(secret: some DataProtocol, source: String = "the given secret") throws {
        let bytes = Data(secret)
        guard bytes.count >= 32 else { throw EncryptionError.keyTooShort(source: source, bytes: bytes.count) }
        self.secret = SymmetricKey(data: bytes)
    }

    /// A fresh random 256-bit key (from the system's secure random generator).
    public static func generate() -> EncryptionKey {
        EncryptionKey(uncheckedSecret: SymmetricKey(size: .bits256))
    }

    private init(uncheckedSecret: SymmetricKey) { secret = uncheckedSecret }

    /// The key in the text form `galen keygen` writes: base64 of the secret and a newline.
    public var keyFileText: String {
        secret.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
    }

    /// Reads a key file.
    /// - Throws: `EncryptionError.keyFileUnreadable` (missing, unreadable, a directory) or `.keyTooShort`.
    public init(contentsOfFile path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw EncryptionError.keyFileUnreadable(path: path, reason: "no such file")
        }
        guard !isDir.boolValue else { throw EncryptionError.keyFileUnreadable(path: path, reason: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EncryptionError.keyFileUnreadable(path: path, reason: "permission denied or I/O error")
        }
        try self.init(secret: Self.decode(data), source: path)
    }

    /// Reads the key from environment variable `name` (default `GALEN_KEY`); nil when it is unset.
    /// - Throws: `EncryptionError.keyTooShort` when it is set but empty or short.
    public init?(environment name: String = "GALEN_KEY",
                 variables: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let value = variables[name] else { return nil }
        try self.init(secret: Self.decode(Data(value.utf8)), source: "environment variable \(name)")
    }

    /// Secret bytes from a key file's or variable's contents (see the type's documentation).
    static func decode(_ data: Data) -> Data {
        guard let text = String(data: data, encoding: .utf8) else { return data }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let hexDigits = Set("0123456789abcdefABCDEF")
        if trimmed.count >= 64, trimmed.count % 2 == 0, trimmed.allSatisfy({ hexDigits.contains($0) }) {
            var out = Data(capacity: trimmed.count / 2)
            var it = trimmed.utf8.makeIterator()
            while let hi = it.next(), let lo = it.next() {
                out.append(UInt8(hexValue(hi) << 4 | hexValue(lo)))
            }
            return out
        }
        if let b = Data(base64Encoded: trimmed), b.count >= 32 { return b }
        return Data(trimmed.utf8)
    }

    private static func hexValue(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return c - UInt8(ascii: "A") + 10
        }
    }

    /// The per-file keys: AES-256-GCM key and HMAC key for the header's key check.
    func fileKeys(salt: some DataProtocol) -> (encryption: SymmetricKey, check: SymmetricKey) {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, salt: salt,
                                             info: Data("galen encrypted file v1".utf8), outputByteCount: 64)
        return derived.withUnsafeBytes { raw in
            (SymmetricKey(data: Data(raw[0..<32])), SymmetricKey(data: Data(raw[32..<64])))
        }
    }
}
