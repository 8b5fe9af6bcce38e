import Foundation
import GalenBundle

/// The SHA-256 fingerprint of an image input, recorded in bundles and reports: the file's hash for a NumPy file;
/// for a folder, the hash of the list of its files (relative path and each file's SHA-256, sorted by path), so
/// renaming, adding, removing or changing any image changes it.
enum ImageSourceHash {
    /// - Throws: file errors for unreadable files or folders.
    static func sha256(of path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return try FileHash.sha256(fileAt: URL(fileURLWithPath: path))
        }
        let root = URL(fileURLWithPath: path)
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            var d: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path, isDirectory: &d), !d.boolValue {
                files.append(relative)
            }
        }
        var listing = ""
        for relative in files.sorted() {
            listing += relative + "\t" + (try FileHash.sha256(fileAt: root.appendingPathComponent(relative))) + "\n"
        }
        return FileHash.sha256(Data(listing.utf8))
    }
}
