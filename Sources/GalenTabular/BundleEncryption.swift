import Foundation
import GalenBundle
import GalenPrivacy

/// Seals model-bundle files with an `EncryptionKey` in the Galen encrypted-file format (each file gets its own
/// salt, derived key and nonces). Pass it to `ModelBundle.write(…cipher:)` / `ModelBundle(contentsOf:cipher:)`;
/// `TabularModel(contentsOf:key:)` uses it for you, as `galen serve` can.
public struct BundleEncryption: BundleFileCipher {
    /// The key the bundle is sealed with.
    public let key: EncryptionKey

    /// A cipher sealing bundle files with `key`.
    public init(key: EncryptionKey) { self.key = key }

    /// - Throws: `EncryptionError.io` only for files too large for the format.
    public func seal(_ plaintext: Data, file: String) throws -> Data {
        try EncryptedFile.seal(plaintext, key: key)
    }

    /// - Throws: `EncryptionError.wrongKey`, `.authenticationFailed`, `.truncated`, `.corruptHeader` naming `path`.
    public func open(_ stored: Data, file: String, path: String) throws -> Data {
        try EncryptedFile.open(stored, name: path, key: key)
    }
}
