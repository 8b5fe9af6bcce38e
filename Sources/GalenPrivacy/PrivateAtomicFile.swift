import Foundation

/// A file written to a temporary name beside its destination (mode 0600, from `mkstemp`) and renamed into place
/// by `commit()`; until then the destination is untouched, and `abandon()` (or deinit) removes the temporary file.
final class PrivateAtomicFile {
    let path: String
    private let temp: String
    private var fd: Int32
    private var done = false

    /// - Throws: `EncryptionError.io` when the path is a directory or the folder is missing or not writable.
    init(path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw EncryptionError.io(path: path, reason: "the output path is a directory")
        }
        let url = URL(fileURLWithPath: path)
        var stem = Substring(url.lastPathComponent)
        while stem.utf8.count > 200 { stem = stem.dropLast() }
        var template = Array((url.deletingLastPathComponent().path + "/." + stem + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw EncryptionError.io(path: path, reason: "cannot create the output file: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        self.path = path
        temp = String(cString: template)
    }

    deinit { abandon() }

    /// Appends bytes.
    /// - Throws: `EncryptionError.io`.
    func write(_ data: some DataProtocol) throws {
        for region in data.regions {
            try region.withUnsafeBytes { raw in
                guard var p = raw.baseAddress else { return }
                var left = raw.count
                while left > 0 {
                    let n = Foundation.write(fd, p, left)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw EncryptionError.io(path: path, reason: String(cString: strerror(errno)))
                    }
                    p += n
                    left -= n
                }
            }
        }
    }

    /// Flushes to disk and renames into place.
    /// - Throws: `EncryptionError.io` (the temporary file is removed).
    func commit() throws {
        guard fsync(fd) == 0 else { throw EncryptionError.io(path: path, reason: String(cString: strerror(errno))) }
        close(fd)
        fd = -1
        guard rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            abandon()
            throw EncryptionError.io(path: path, reason: "cannot move the output into place: \(reason)")
        }
        done = true
    }

    /// Removes the temporary file; the destination stays as it was.
    func abandon() {
        if done { return }
        done = true
        if fd >= 0 { close(fd); fd = -1 }
        unlink(temp)
    }
}
