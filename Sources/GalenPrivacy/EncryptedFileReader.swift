import Crypto
import Foundation
import GalenData

/// Decrypts a Galen encrypted file chunk by chunk: memory stays at about two chunks whatever the file's size.
///
/// Every chunk is authenticated before any of its bytes are returned, and the end of the file is authenticated
/// too: `read` throws `EncryptionError.truncated` or `.authenticationFailed` instead of returning 0 when the file
/// was cut short, extended, or had chunks reordered. Consumers that must not act on a partial file (such as
/// `EncryptedFile.decrypt`) write to a temporary file and rename it only after the final chunk.
///
/// Conforms to `GalenData.ByteSource`, so `CSVBatchReader(source:name:options:)` streams an encrypted CSV.
public final class EncryptedFileReader: ByteSource {
    /// The file, for messages.
    public let path: String
    /// Plaintext bytes per chunk, from the header.
    public let chunkSize: Int
    private let cipher: ChunkCipher
    private let pull: (UnsafeMutableRawBufferPointer) throws -> Int
    private let closeSource: () -> Void
    private var chunkIndex = 0
    private var finished = false
    private var pending = Data()
    private var pendingOffset = 0
    private var sealed: [UInt8]

    /// Opens the encrypted file at `path` and checks its header and key.
    /// - Throws: `EncryptionError.io` (missing or unreadable file), `.notEncrypted`, `.corruptHeader`,
    ///   `.unsupportedVersion`, `.wrongKey`.
    public convenience init(path: String, key: EncryptionKey) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw EncryptionError.io(path: path, reason: String(cString: strerror(errno))) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw EncryptionError.io(path: path, reason: "it is a directory")
        }
        let pull: (UnsafeMutableRawBufferPointer) throws -> Int = { buffer in
            while true {
                let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
                if n >= 0 { return n }
                if errno != EINTR { throw EncryptionError.io(path: path, reason: String(cString: strerror(errno))) }
            }
        }
        do { try self.init(path: path, key: key, pull: pull, close: { close(fd) }) } catch {
            close(fd)
            throw error
        }
    }

    /// Decrypts encrypted bytes held in memory; `name` names them in messages.
    /// - Throws: as `init(path:key:)`.
    public convenience init(data: Data, name: String, key: EncryptionKey) throws {
        var offset = 0
        try self.init(path: name, key: key, pull: { buffer in
            let n = min(buffer.count, data.count - offset)
            if n > 0 {
                data.withUnsafeBytes { src in
                    buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[(src.startIndex + offset)..<(src.startIndex + offset + n)]))
                }
            }
            offset += n
            return n
        }, close: {})
    }

    private init(path: String, key: EncryptionKey, pull: @escaping (UnsafeMutableRawBufferPointer) throws -> Int,
                 close: @escaping () -> Void) throws {
        self.path = path
        self.pull = pull
        var head = [UInt8](repeating: 0, count: EncryptedFileHeader.size)
        let got = try Self.readFully(&head, pull: pull)
        let (header, fileKey) = try EncryptedFileHeader.open(Array(head[0..<got]), key: key, path: path)
        chunkSize = header.chunkSize
        cipher = ChunkCipher(header: header, key: fileKey, path: path)
        sealed = [UInt8](repeating: 0, count: header.chunkSize + EncryptedFileHeader.tagSize)
        closeSource = close
    }

    deinit { closeSource() }

    /// Reads into `buffer` until it is full or the source ends; returns the byte count.
    private static func readFully(_ buffer: inout [UInt8], pull: (UnsafeMutableRawBufferPointer) throws -> Int) throws -> Int {
        var total = 0
        try buffer.withUnsafeMutableBytes { raw in
            while total < raw.count {
                let n = try pull(UnsafeMutableRawBufferPointer(rebasing: raw[total...]))
                if n == 0 { break }
                total += n
            }
        }
        return total
    }

    /// The plaintext of the next chunk, authenticated, or nil after the authenticated final chunk.
    /// - Throws: `EncryptionError.authenticationFailed` or `.truncated` naming the chunk; `.io`.
    public func nextChunk() throws -> Data? {
        if finished { return nil }
        let n = try Self.readFully(&sealed, pull: pull)
        let final = n < sealed.count
        if final && n < EncryptedFileHeader.tagSize { throw EncryptionError.truncated(path: path, chunk: chunkIndex) }
        let plaintext = try cipher.open(sealed.withUnsafeBytes { Data(bytes: $0.baseAddress!, count: n) }, index: chunkIndex, final: final)
        chunkIndex += 1
        finished = final
        return plaintext
    }

    /// Copies up to `count` decrypted bytes into `buffer`; returns 0 only after the authenticated end of the file.
    /// - Throws: as `nextChunk()`.
    public func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        while pendingOffset == pending.count {
            guard let next = try nextChunk() else { return 0 }
            pending = next
            pendingOffset = 0
        }
        let n = min(count, pending.count - pendingOffset)
        pending.withUnsafeBytes { src in
            buffer.update(from: src.baseAddress!.assumingMemoryBound(to: UInt8.self) + pendingOffset, count: n)
        }
        pendingOffset += n
        return n
    }

    /// Decrypts the rest of the file into memory (for inputs that are read whole anyway, such as training data).
    /// - Throws: as `nextChunk()`.
    public func readAll() throws -> Data {
        var out = Data()
        if pendingOffset < pending.count { out.append(pending[(pending.startIndex + pendingOffset)...]) }
        pendingOffset = pending.count
        while let chunk = try nextChunk() { out.append(chunk) }
        return out
    }
}
