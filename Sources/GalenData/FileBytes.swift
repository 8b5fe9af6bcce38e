import Foundation

/// The bytes of a file, read into memory with POSIX calls (no copy through Data).
final class FileBytes {
    let pointer: UnsafeMutablePointer<UInt8>
    let count: Int
    /// Whether the whole file was read (false when `limit` cut it).
    let isWhole: Bool

    /// Reads the file at `path`, or its first `limit` bytes.
    /// - Throws: `DataError.cannotRead` with the system's reason.
    init(path: String, limit: Int = Int.max) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DataError.cannotRead(source: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw DataError.cannotRead(source: path, reason: String(cString: strerror(errno))) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw DataError.cannotRead(source: path, reason: "it is a directory") }
        let size = Int(st.st_size)
        let want = min(size, limit)
        var capacity = max(want, 1)
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        var total = 0
        while true {
            if total == capacity {
                if total >= limit { break }
                // The file grew or is not a regular file: read on.
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.moveInitialize(from: buffer, count: total)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = Foundation.read(fd, buffer + total, min(capacity, limit) - total)
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                buffer.deallocate()
                throw DataError.cannotRead(source: path, reason: reason)
            }
            if n == 0 { break }
            total += n
        }
        pointer = buffer
        count = total
        isWhole = total < limit
    }

    deinit { pointer.deallocate() }
}
