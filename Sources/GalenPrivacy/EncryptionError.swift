import Foundation

/// Problems with keys and encrypted files. Each names the file (and the chunk where one is at fault) but never
/// any plaintext or key material.
public enum EncryptionError: Error, CustomStringConvertible, Equatable {
    /// No key was given for an encrypted file (`what` names the file or bundle).
    case missingKey(what: String)
    /// The key file does not exist or cannot be read.
    case keyFileUnreadable(path: String, reason: String)
    /// The key source (a key file path or `env:NAME`) holds fewer than 32 bytes of secret material.
    case keyTooShort(source: String, bytes: Int)
    /// The file does not start with the Galen encrypted-file magic.
    case notEncrypted(path: String)
    /// The header names a format version this Galen cannot read.
    case unsupportedVersion(path: String, version: Int)
    /// The header is malformed (bad chunk size, short header).
    case corruptHeader(path: String, detail: String)
    /// The key check in the header failed: the key is wrong or the header was modified.
    case wrongKey(path: String)
    /// A chunk failed authentication (modified, reordered, duplicated, truncated, extended, or wrong key).
    case authenticationFailed(path: String, chunk: Int)
    /// The file ends before its authenticated final chunk.
    case truncated(path: String, chunk: Int)
    /// Reading or writing failed at the file-system level.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missingKey(w):
            return "\(w) is encrypted: pass its key with --key-file KEYFILE or the GALEN_KEY environment variable"
        case let .keyFileUnreadable(p, r): return "cannot read key file \(p): \(r)"
        case let .keyTooShort(s, n):
            return "the key from \(s) has \(n) bytes of secret; at least 32 are needed (create one with `galen keygen --out KEYFILE`)"
        case let .notEncrypted(p): return "\(p) is not a Galen encrypted file (no GALENENC header)"
        case let .unsupportedVersion(p, v):
            return "\(p) uses encrypted-file version \(v); this Galen reads version \(EncryptedFileHeader.currentVersion). Upgrade Galen."
        case let .corruptHeader(p, d): return "\(p) has a corrupt encryption header: \(d)"
        case let .wrongKey(p): return "cannot decrypt \(p): the key is wrong (or the file header was modified)"
        case let .authenticationFailed(p, c):
            return "cannot decrypt \(p): authentication failed at chunk \(c): the file was modified, truncated, or the key is wrong"
        case let .truncated(p, c):
            return "cannot decrypt \(p): the file is truncated (it ends inside chunk \(c), before its authenticated end)"
        case let .io(p, r): return "cannot access \(p): \(r)"
        }
    }
}
