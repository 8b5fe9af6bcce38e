import Crypto
import Foundation

/// Encrypts a stream of bytes into a Galen encrypted file (see `EncryptedFileHeader` and `ChunkCipher` for the
/// format), buffering at most one chunk.
///
/// The output is written to a temporary file beside `path` (mode 0600) and renamed into place by `finish()`, so a
/// failure or an abandoned writer leaves no partial file and never damages an existing one.
public final class EncryptedFileWriter {
    /// The destination.
    public var path: String { file.path }
    private let cipher: ChunkCipher
    private let file: PrivateAtomicFile
    private var buffer = Data()
    private var chunkIndex = 0
    private var done = false

    /// Creates the temporary file and writes the header.
    /// - Parameter chunkSize: plaintext bytes per chunk, in `EncryptedFileHeader.chunkSizeRange` (default 64 KiB).
    /// - Throws: `EncryptionError.io` when the folder does not exist or is not writable, or the chunk size is out of range.
    public init(path: String, key: EncryptionKey, chunkSize: Int = EncryptedFileHeader.defaultChunkSize) throws {
        guard EncryptedFileHeader.chunkSizeRange.contains(chunkSize) else {
            throw EncryptionError.io(path: path, reason: "chunk size \(chunkSize) is outside \(EncryptedFileHeader.chunkSizeRange)")
        }
        file = try PrivateAtomicFile(path: path)
        let header = EncryptedFileHeader(chunkSize: chunkSize)
        let keys = key.fileKeys(salt: header.salt)
        cipher = ChunkCipher(header: header, key: keys.encryption, path: path)
        do { try file.write(header.encoded(checkKey: keys.check)) } catch {
            abandon()
            throw error
        }
    }

    deinit { abandon() }

    /// Appends plaintext bytes, writing every full chunk.
    /// - Throws: `EncryptionError.io` on a write failure (the writer is then abandoned).
    public func write(_ bytes: some DataProtocol) throws {
        precondition(!done, "write after finish or abandon")
        buffer.append(contentsOf: bytes)
        let size = cipher.header.chunkSize
        var start = buffer.startIndex
        do {
            while buffer.endIndex - start >= size {
                try file.write(cipher.seal(buffer[start..<(start + size)], index: chunkIndex, final: false))
                chunkIndex += 1
                start += size
            }
        } catch {
            abandon()
            throw error
        }
        if start != buffer.startIndex { buffer = Data(buffer[start...]) }
    }

    /// Writes the final chunk, flushes, and renames the file into place.
    /// - Throws: `EncryptionError.io` (the temporary file is removed).
    public func finish() throws {
        precondition(!done, "finish twice")
        done = true
        do {
            try file.write(cipher.seal(buffer, index: chunkIndex, final: true))
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    /// Discards everything written; the destination is left as it was.
    public func abandon() {
        done = true
        file.abandon()
    }
}
