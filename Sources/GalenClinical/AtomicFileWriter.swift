import Foundation

/// Writes files so that a reader sees either the old file or the complete new one, never a partial write.
public enum AtomicFileWriter {
    /// Writes `data` to `url` by writing a temporary file in the same directory and renaming it over `url`.
    ///
    /// The directory must exist. On failure the temporary file is removed and nothing at `url` changes.
    /// - Throws: the underlying file-system error (for example no such directory, or no permission).
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            if rename(temporary.path, url.path) != 0 {
                let code = errno
                throw CocoaError(.fileWriteUnknown, userInfo: [
                    NSFilePathErrorKey: url.path,
                    NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(code)),
                ])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Writes `text` as UTF-8 to `url` atomically; see ``write(_:to:)-(Data,_)``.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}
