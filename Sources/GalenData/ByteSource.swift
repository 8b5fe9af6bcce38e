/// A forward-only stream of bytes that CSV readers can read instead of a plain file, e.g. a decrypting reader
/// (`GalenPrivacy.EncryptedFileReader`) so an encrypted CSV streams with bounded memory.
public protocol ByteSource: AnyObject {
    /// Copies up to `count` next bytes into `buffer` and returns how many; 0 only at the end of the stream.
    /// - Throws: the source's own errors (unreadable file, failed authentication…).
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int
}
