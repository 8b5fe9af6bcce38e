import Foundation
import Testing
@testable import GalenData

/// PNG decoding (libpng) and class-folder datasets, against fixtures written by scripts/make_png_fixtures.py
/// with the values each image should give in expected.json.
@Suite struct ImageFolderTests {
    static let root = repositoryRoot.appendingPathComponent("Tests/GalenDataTests/Fixtures/png")

    struct Expected: Decodable {
        var channels: Int, height: Int, width: Int
        var values: [Float]
    }

    static func expected() throws -> [String: Expected] {
        try JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: root.appendingPathComponent("expected.json")))
    }

    static func expectValues(_ got: UnsafeBufferPointer<Float>, _ want: [Float], _ what: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == want.count, "\(what): \(got.count) values, expected \(want.count)", sourceLocation: sourceLocation)
        let worst = zip(got, want).map { Swift.abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-4, "\(what): values differ by up to \(worst)", sourceLocation: sourceLocation)
    }

    @Test func decodesEveryColourTypeAndDepth() throws {
        let expected = try Self.expected()
        #expect(expected.count == 7)
        for (relative, want) in expected {
            let image = try PNGImage(path: Self.root.appendingPathComponent(relative).path)
            #expect(image.channels == want.channels && image.height == want.height && image.width == want.width, "\(relative)")
            image.values.withUnsafeBufferPointer { Self.expectValues($0, want.values, relative) }
        }
    }

    @Test func readsGreyClassFolders() throws {
        let expected = try Self.expected()
        let set = try ImageFolder(path: Self.root.appendingPathComponent("grey").path)
        #expect(set.classNames == ["normal", "pneumonia"])
        #expect(set.files == ["normal/a.png", "normal/b.png", "pneumonia/c.png"])  // notes.txt skipped
        #expect(set.labels == [0, 0, 1])
        #expect(set.images.shape == [3, 1, 4, 5])
        for (i, file) in set.files.enumerated() {
            let per = 20
            let got = UnsafeBufferPointer(start: set.images.pointer + i * per, count: per)
            Self.expectValues(got, expected["grey/" + file]!.values, file)
        }
    }

    @Test func readsColourClassFolders() throws {
        let expected = try Self.expected()
        let set = try ImageFolder(path: Self.root.appendingPathComponent("rgb").path)
        #expect(set.classNames == ["benign", "malignant"])
        #expect(set.labels == [0, 0, 1, 1])
        #expect(set.images.shape == [4, 3, 6, 3])
        for (i, file) in set.files.enumerated() {
            let got = UnsafeBufferPointer(start: set.images.pointer + i * 54, count: 54)
            Self.expectValues(got, expected["rgb/" + file]!.values, file)
        }
    }

    /// Each refusal names the file or folder at fault and says what is wrong.
    @Test func errorsNameTheFile() throws {
        func message(_ folder: String) -> String {
            do {
                _ = try ImageFolder(path: Self.root.appendingPathComponent(folder).path)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let channels = message("mixed_channels")
        #expect(channels.contains("b/two.png") && channels.contains("channels"), "\(channels)")
        let size = message("mixed_size")
        #expect(size.contains("a/two.png") && size.contains("5×4") && size.contains("one size"), "\(size)")
        let corrupt = message("corrupt")
        #expect(corrupt.contains("a/bad.png") && corrupt.contains("not a valid PNG"), "\(corrupt)")
        let fake = message("not_png")
        #expect(fake.contains("a/fake.png") && fake.contains("not a valid PNG"), "\(fake)")
        let empty = message("empty_class")
        #expect(empty.contains("empty_class/b") && empty.contains("no .png files"), "\(empty)")
        let missing = message("no_such_folder")
        #expect(missing.contains("no_such_folder") && missing.contains("not a folder"), "\(missing)")

        let bare = NSTemporaryDirectory() + "galen-png-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: bare, withIntermediateDirectories: true)
        defer { removeFile(bare) }
        #expect(dataError { _ = try ImageFolder(path: bare) }?.description.contains("no class folders") == true)
        #expect(dataError { _ = try PNGImage(data: Data(), source: "empty.png") }?.description.contains("empty.png") == true)
    }
}
