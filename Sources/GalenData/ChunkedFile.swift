import Foundation

/// A file read through a growable buffer: bytes `buffer[start..<end]` are read but not yet consumed.
final class ChunkedFile {
    let path: String
    private let fd: Int32
    /// Where bytes come from instead of `fd` (which is then -1).
    private let source: ByteSource?
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    var start = 0
    private(set) var end = 0
    private(set) var atEOF = false
    /// File offset of `buffer[0]`.
    private(set) var byteBase = 0

    init(path: String, capacity: Int) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DataError.cannotRead(source: path, reason: String(cString: strerror(errno))) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw DataError.cannotRead(source: path, reason: "it is a directory")
        }
        self.fd = fd
        self.path = path
        source = nil
        self.capacity = max(1, capacity)
        buffer = .allocate(capacity: self.capacity)
    }

    /// Reads from `source` instead of a file; `name` is used in messages.
    init(source: ByteSource, name: String, capacity: Int) {
        fd = -1
        path = name
        self.source = source
        self.capacity = max(1, capacity)
        buffer = .allocate(capacity: self.capacity)
    }

    deinit {
        buffer.deallocate()
        if fd >= 0 { close(fd) }
    }

    /// Moves unread bytes to the front and reads until at least `minimum` are buffered or the file ends,
    /// growing the buffer when needed.
    func fill(minimum: Int) throws {
        if start > 0 {
            let live = end - start
            if live > 0 { memmove(buffer, buffer + start, live) }
            byteBase += start
            end = live
            start = 0
        }
        while !atEOF && end < minimum {
            if end == capacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.moveInitialize(from: buffer, count: end)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            if let source {
                let n = try source.read(into: buffer + end, count: capacity - end)
                if n == 0 { atEOF = true } else { end += n }
                continue
            }
            let n = Foundation.read(fd, buffer + end, capacity - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw DataError.cannotRead(source: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { atEOF = true } else { end += n }
        }
    }
}
