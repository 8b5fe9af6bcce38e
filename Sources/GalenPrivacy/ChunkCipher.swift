import Crypto
import Foundation

/// Seals and opens the chunks of one encrypted file.
///
/// Chunk `i` (counting from 0) is AES-256-GCM with nonce = the header's 8-byte nonce prefix ‖ `i` as a 32-bit
/// big-endian integer, and authenticated data = header bytes 0..<56 ‖ `i` as a 64-bit big-endian integer ‖ one
/// byte that is 1 for the final chunk and 0 otherwise. On disk a chunk is its ciphertext followed by the 16-byte
/// tag. Every chunk but the final one holds exactly `chunkSize` plaintext bytes; the final one holds fewer
/// (possibly none), so a file always ends with an authenticated final chunk and dropping, reordering, repeating
/// or appending chunks fails authentication.
struct ChunkCipher {
    let header: EncryptedFileHeader
    let key: SymmetricKey
    let path: String
    private let aadPrefix: [UInt8]

    init(header: EncryptedFileHeader, key: SymmetricKey, path: String) {
        self.header = header; self.key = key; self.path = path
        aadPrefix = header.authenticatedBytes
    }

    /// Largest chunk count (the nonce holds a 32-bit index).
    static let maxChunks = Int(UInt32.max)

    private func nonce(_ index: Int) throws -> AES.GCM.Nonce {
        try AES.GCM.Nonce(data: header.noncePrefix + withUnsafeBytes(of: UInt32(index).bigEndian) { Array($0) })
    }

    private func aad(_ index: Int, final: Bool) -> [UInt8] {
        aadPrefix + withUnsafeBytes(of: UInt64(index).bigEndian) { Array($0) } + [final ? 1 : 0]
    }

    /// Ciphertext ‖ tag of chunk `index`.
    func seal(_ plaintext: some DataProtocol, index: Int, final: Bool) throws -> Data {
        guard index < Self.maxChunks else {
            throw EncryptionError.io(path: path, reason: "the file is too large for \(header.chunkSize)-byte chunks")
        }
        let box = try AES.GCM.seal(plaintext, using: key, nonce: nonce(index), authenticating: aad(index, final: final))
        var out = Data(box.ciphertext)
        out.append(box.tag)
        return out
    }

    /// Plaintext of chunk `index` from ciphertext ‖ tag.
    /// - Throws: `EncryptionError.authenticationFailed` naming the chunk.
    func open(_ sealed: Data, index: Int, final: Bool) throws -> Data {
        let tagSize = EncryptedFileHeader.tagSize
        guard sealed.count >= tagSize, index < Self.maxChunks else {
            throw EncryptionError.authenticationFailed(path: path, chunk: index)
        }
        do {
            let split = sealed.endIndex - tagSize
            let box = try AES.GCM.SealedBox(nonce: nonce(index), ciphertext: sealed[sealed.startIndex..<split], tag: sealed[split...])
            return try AES.GCM.open(box, using: key, authenticating: aad(index, final: final))
        } catch {
            throw EncryptionError.authenticationFailed(path: path, chunk: index)
        }
    }
}
