import Crypto
import Foundation

/// The 88-byte header of a Galen encrypted file (all integers big-endian):
///
/// | bytes | field |
/// | --- | --- |
/// | 0..<8 | magic `GALENENC` |
/// | 8 | format version (1) |
/// | 9 | algorithm (1 = AES-256-GCM with HKDF-SHA256 key derivation) |
/// | 10..<12 | reserved, zero |
/// | 12..<16 | plaintext bytes per chunk (16 B … 16 MiB; default 64 KiB) |
/// | 16..<48 | random salt for HKDF (per file) |
/// | 48..<56 | random nonce prefix (per file) |
/// | 56..<88 | key check: HMAC-SHA256 of bytes 0..<56 under the file's derived check key |
///
/// The key check lets a wrong key be told apart from a damaged chunk and authenticates the header before any chunk
/// is read; bytes 0..<56 are also part of every chunk's authenticated data.
public struct EncryptedFileHeader: Sendable {
    /// `GALENENC`.
    public static let magic: [UInt8] = Array("GALENENC".utf8)
    /// The format version this Galen writes and reads.
    public static let currentVersion = 1
    /// Header length in bytes.
    public static let size = 88
    /// Length of the part covered by the key check and bound into every chunk.
    static let authenticatedSize = 56
    /// Plaintext bytes per chunk written by default (64 KiB).
    public static let defaultChunkSize = 1 << 16
    /// Allowed chunk sizes in bytes; larger ones are refused on read so a forged header cannot demand huge buffers.
    public static let chunkSizeRange = 16...(1 << 24)
    /// AES-GCM tag bytes after each chunk's ciphertext.
    public static let tagSize = 16

    /// Plaintext bytes per chunk (every chunk but the last holds exactly this many).
    public let chunkSize: Int
    /// HKDF salt.
    let salt: [UInt8]
    /// First 8 bytes of every chunk nonce (the last 4 are the chunk index).
    let noncePrefix: [UInt8]

    /// A new header with a fresh random salt and nonce prefix.
    init(chunkSize: Int) {
        var rng = SystemRandomNumberGenerator()
        self.chunkSize = chunkSize
        salt = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        noncePrefix = (0..<8).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    private init(chunkSize: Int, salt: [UInt8], noncePrefix: [UInt8]) {
        self.chunkSize = chunkSize; self.salt = salt; self.noncePrefix = noncePrefix
    }

    /// Bytes 0..<56.
    var authenticatedBytes: [UInt8] {
        var b = Self.magic
        b += [UInt8(Self.currentVersion), 1, 0, 0]
        b += withUnsafeBytes(of: UInt32(chunkSize).bigEndian) { Array($0) }
        return b + salt + noncePrefix
    }

    /// The full header, with the key check computed under `checkKey`.
    func encoded(checkKey: SymmetricKey) -> [UInt8] {
        let prefix = authenticatedBytes
        return prefix + Array(HMAC<SHA256>.authenticationCode(for: prefix, using: checkKey))
    }

    /// Whether `bytes` start with the magic.
    public static func hasMagic(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.count >= magic.count && bytes.prefix(magic.count).elementsEqual(magic)
    }

    /// Parses and authenticates a header.
    /// - Returns: the header and the derived chunk-encryption key.
    /// - Throws: `EncryptionError.notEncrypted`, `.corruptHeader`, `.unsupportedVersion`, `.wrongKey`.
    static func open(_ bytes: [UInt8], key: EncryptionKey, path: String) throws -> (EncryptedFileHeader, SymmetricKey) {
        guard hasMagic(bytes) else { throw EncryptionError.notEncrypted(path: path) }
        guard bytes.count >= size else { throw EncryptionError.corruptHeader(path: path, detail: "the file ends inside the header") }
        let version = Int(bytes[8])
        guard version == currentVersion else { throw EncryptionError.unsupportedVersion(path: path, version: version) }
        guard bytes[9] == 1, bytes[10] == 0, bytes[11] == 0 else {
            throw EncryptionError.corruptHeader(path: path, detail: "unknown algorithm or flags")
        }
        let chunkSize = bytes[12..<16].reduce(0) { $0 << 8 | Int($1) }
        guard chunkSizeRange.contains(chunkSize) else {
            throw EncryptionError.corruptHeader(path: path, detail: "chunk size \(chunkSize) is outside \(chunkSizeRange)")
        }
        let header = EncryptedFileHeader(chunkSize: chunkSize, salt: Array(bytes[16..<48]), noncePrefix: Array(bytes[48..<56]))
        let keys = key.fileKeys(salt: header.salt)
        guard HMAC<SHA256>.isValidAuthenticationCode(Array(bytes[56..<88]), authenticating: Array(bytes[0..<56]),
                                                    using: keys.check) else {
            throw EncryptionError.wrongKey(path: path)
        }
        return (header, keys.encryption)
    }
}
