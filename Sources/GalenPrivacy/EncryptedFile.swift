import Foundation

/// Whole-file operations on Galen encrypted files: detect, encrypt, decrypt (streaming, atomic), and in-memory
/// sealing for small files such as model-bundle members.
///
/// Format: an 88-byte `EncryptedFileHeader`, then chunks of AES-256-GCM ciphertext each followed by its 16-byte
/// tag (see `ChunkCipher`). Keys are derived per file with HKDF-SHA256 from the `EncryptionKey` and the header's
/// random salt. Overhead: 88 bytes plus 16 bytes per chunk.
public enum EncryptedFile {
    /// Whether the file at `path` starts with the encrypted-file magic (false when it cannot be read).
    public static func isEncrypted(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: EncryptedFileHeader.magic.count) else { return false }
        return EncryptedFileHeader.hasMagic(head)
    }

    /// Whether `data` starts with the encrypted-file magic.
    public static func isEncrypted(_ data: Data) -> Bool { EncryptedFileHeader.hasMagic(data) }

    /// Encrypts the file at `input` into `output` with bounded memory; `output` appears only when complete.
    /// - Returns: plaintext bytes encrypted.
    /// - Throws: `EncryptionError.io` for unreadable input or unwritable output.
    @discardableResult
    public static func encrypt(input: String, output: String, key: EncryptionKey,
                               chunkSize: Int = EncryptedFileHeader.defaultChunkSize) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: input) else {
            throw EncryptionError.io(path: input, reason: FileManager.default.fileExists(atPath: input) ? "permission denied" : "no such file")
        }
        defer { try? handle.close() }
        let writer = try EncryptedFileWriter(path: output, key: key, chunkSize: chunkSize)
        var total = 0
        do {
            while let data = try handle.read(upToCount: max(chunkSize, 1 << 20)), !data.isEmpty {
                try writer.write(data)
                total += data.count
            }
        } catch let e as EncryptionError {
            throw e
        } catch {
            writer.abandon()
            throw EncryptionError.io(path: input, reason: (error as NSError).localizedDescription)
        }
        try writer.finish()
        return total
    }

    /// Decrypts `input` into `output` with bounded memory. The output is written to a temporary file and renamed
    /// into place only after the authenticated final chunk, so a tampered, truncated or wrong-key file writes
    /// nothing and leaves an existing `output` untouched.
    /// - Returns: plaintext bytes written.
    /// - Throws: `EncryptionError` (see `EncryptedFileReader`), `.io` for an unwritable output.
    @discardableResult
    public static func decrypt(input: String, output: String, key: EncryptionKey) throws -> Int {
        let reader = try EncryptedFileReader(path: input, key: key)
        let out = try PrivateAtomicFile(path: output)
        var total = 0
        do {
            while let chunk = try reader.nextChunk() {
                try out.write(chunk)
                total += chunk.count
            }
            try out.commit()
        } catch {
            out.abandon()
            throw error
        }
        return total
    }

    /// Encrypts `plaintext` in memory into the same format as `encrypt`.
    public static func seal(_ plaintext: Data, key: EncryptionKey,
                            chunkSize: Int = EncryptedFileHeader.defaultChunkSize) throws -> Data {
        precondition(EncryptedFileHeader.chunkSizeRange.contains(chunkSize), "chunk size out of range")
        let header = EncryptedFileHeader(chunkSize: chunkSize)
        let keys = key.fileKeys(salt: header.salt)
        let cipher = ChunkCipher(header: header, key: keys.encryption, path: "memory")
        var out = Data(header.encoded(checkKey: keys.check))
        var start = plaintext.startIndex, index = 0
        while plaintext.endIndex - start >= chunkSize {
            out.append(try cipher.seal(plaintext[start..<(start + chunkSize)], index: index, final: false))
            start += chunkSize
            index += 1
        }
        out.append(try cipher.seal(plaintext[start...], index: index, final: true))
        return out
    }

    /// Decrypts and authenticates `data` in memory; `name` names it in errors.
    /// - Throws: `EncryptionError` as `EncryptedFileReader`.
    public static func open(_ data: Data, name: String, key: EncryptionKey) throws -> Data {
        try EncryptedFileReader(data: data, name: name, key: key).readAll()
    }

    /// Decrypts the whole file at `path` into memory (for inputs read whole anyway, such as training data).
    /// - Throws: `EncryptionError` as `EncryptedFileReader`.
    public static func readAll(path: String, key: EncryptionKey) throws -> Data {
        try EncryptedFileReader(path: path, key: key).readAll()
    }
}
