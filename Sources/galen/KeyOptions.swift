import ArgumentParser
import Foundation
import GalenPrivacy

/// `--key-file`, shared by the commands that read or write encrypted files; falls back to `GALEN_KEY`.
struct KeyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("File holding the encryption key (from `galen keygen`); default: the GALEN_KEY environment variable.",
                               valueName: "keyfile"))
    var keyFile: String?

    /// The key from `--key-file`, else from `GALEN_KEY`; nil when neither is given.
    /// - Throws: `EncryptionError.keyFileUnreadable` or `.keyTooShort` (a data error, exit code 2).
    func load() throws -> EncryptionKey? {
        if let keyFile { return try EncryptionKey(contentsOfFile: keyFile) }
        return try EncryptionKey(environment: "GALEN_KEY")
    }

    /// The key when `needed` (an input is encrypted) or when `--key-file` was given; otherwise nil, so that a
    /// stray or malformed `GALEN_KEY` does not break work on plain files.
    /// - Throws: as `load()`.
    func load(needed: Bool) throws -> EncryptionKey? {
        needed || keyFile != nil ? try load() : nil
    }

    /// The key, required for `purpose`.
    /// - Throws: `CLIError.usage` when no key is given, and the errors of `load()`.
    func require(for purpose: String) throws -> EncryptionKey {
        guard let key = try load() else {
            throw CLIError.usage("\(purpose) needs a key: pass --key-file KEYFILE or set GALEN_KEY (create one with `galen keygen --out KEYFILE`)")
        }
        return key
    }
}
