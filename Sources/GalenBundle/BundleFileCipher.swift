import Foundation

/// Encrypts and decrypts the files of an encrypted model bundle (implemented with a key by
/// `GalenTabular.BundleEncryption`; any module can supply its own).
///
/// In an encrypted bundle every file, `manifest.json` included, is stored sealed by the cipher, so schema,
/// category levels, metrics and weights are all unreadable without the key. The SHA-256 recorded in the manifest
/// for each file is that of its *plaintext*, checked after decryption: authentication proves each file came from
/// the key holder unmodified, and the hash binds each file to this manifest (so files cannot be swapped between
/// bundles or names). A bundle is recognised as encrypted by `encryptedMagic` at the start of `manifest.json`.
public protocol BundleFileCipher {
    /// The stored bytes for `plaintext`, the contents of bundle file `file`.
    /// - Throws: the cipher's errors.
    func seal(_ plaintext: Data, file: String) throws -> Data
    /// The plaintext of bundle file `file` (at `path`) from its stored bytes.
    /// - Throws: the cipher's errors (wrong key, tampered or truncated file), naming `path`.
    func open(_ stored: Data, file: String, path: String) throws -> Data
}

/// The first bytes of a sealed bundle file (those of a Galen encrypted file).
public let encryptedMagic: [UInt8] = Array("GALENENC".utf8)

/// Whether `data` starts with `encryptedMagic`.
func isSealed(_ data: Data) -> Bool { data.count >= encryptedMagic.count && data.prefix(encryptedMagic.count).elementsEqual(encryptedMagic) }

/// Whether the bundle directory at `url` is encrypted (its `manifest.json` starts with `encryptedMagic`);
/// false when it is plain or unreadable.
public func isEncryptedBundle(at url: URL) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: url.appendingPathComponent("manifest.json").path) else { return false }
    defer { try? handle.close() }
    return (try? handle.read(upToCount: encryptedMagic.count)).map(isSealed) ?? false
}
