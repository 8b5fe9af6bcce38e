import Foundation

/// An output file written under a temporary name in the target's folder and renamed over the target only when
/// `commit()` is called, so readers never see a partial file. Dropping it without committing removes the
/// temporary file.
public final class AtomicOutputFile {
    /// The final path.
    public let path: String
    private let temporary: String
    private let handle: FileHandle
    private var done = false

    /// Creates the temporary file next to `path`.
    /// - Throws: `PrivacyError.cannotWrite` when the folder is missing or not writable.
    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
              let h = FileHandle(forWritingAtPath: temporary) else {
            throw PrivacyError.cannotWrite(path: path, reason: "cannot create a file in its folder")
        }
        handle = h
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws {
        do { try handle.write(contentsOf: bytes) } catch {
            throw PrivacyError.cannotWrite(path: path, reason: "write failed (disk full?)")
        }
    }

    /// Flushes, closes and renames the temporary file over the target.
    public func commit() throws {
        guard !done else { return }
        done = true
        try? handle.synchronize()
        try? handle.close()
        if rename(temporary, path) != 0 {
            unlink(temporary)
            throw PrivacyError.cannotWrite(path: path, reason: "cannot rename the temporary file over it (errno \(errno))")
        }
    }

    deinit {
        if !done {
            try? handle.close()
            unlink(temporary)
        }
    }
}
