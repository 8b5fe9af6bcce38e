import Foundation
@testable import GalenPrivacy

/// A fresh temporary folder for one test.
func temporaryFolder() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("galen-privacy-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` to `name` in `folder` and returns the path.
@discardableResult
func write(_ text: String, _ name: String, in folder: URL) -> String {
    let path = folder.appendingPathComponent(name).path
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

/// A fixed test key.
let testProjectKey = try! ProjectKey(bytes: Array("galen-test-key-0123456789abcdef".utf8))
