import Foundation
import GalenData
import Testing

@Suite struct ImageSourceTests {
    static let breast = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/breastmnist/breastmnist.npz").path

    @Test func readsMedMNISTWithOfficialSplits() throws {
        let d = try NumpyImageSource(path: Self.breast).read()
        #expect(d.hasOfficialSplits)
        #expect(d.train.count == 546 && d.validation?.count == 78 && d.test?.count == 156)
        #expect(d.train.images.shape == [546, 1, 28, 28])
        #expect(d.train.images.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(Set(d.train.labels!) == [0, 1])
    }

    @Test func readsPlainNpyWithLabels() throws {
        let dir = try NumpyWriting.tempDir()
        let (pixels, labels) = NumpyWriting.squares(n: 6, size: 4, seed: 1)
        try NumpyWriting.npy(pixels, shape: [6, 4, 4], dtype: "|u1").write(to: dir.appendingPathComponent("x.npy"))
        try NumpyWriting.npy(labels, shape: [6, 1], dtype: "<i8").write(to: dir.appendingPathComponent("y.npy"))
        let d = try NumpyImageSource(path: dir.appendingPathComponent("x.npy").path, labelsPath: dir.appendingPathComponent("y.npy").path).read()
        #expect(!d.hasOfficialSplits)
        #expect(d.train.images.shape == [6, 1, 4, 4])
        #expect(d.train.labels == labels.map { Int($0) })
        #expect(abs(d.train.images.scalars[0] - Float(pixels[0] / 255)) < 1e-6)
    }

    @Test func readsColourImagesAsNCHW() throws {
        let dir = try NumpyWriting.tempDir()
        // One 1×2 RGB image: pixel 0 = (10, 20, 30), pixel 1 = (40, 50, 60).
        let url = dir.appendingPathComponent("c.npz")
        try NumpyWriting.npz(["images": NumpyWriting.npy([10, 20, 30, 40, 50, 60], shape: [1, 1, 2, 3], dtype: "|u1")], to: url)
        let s = try NumpyImageSource(path: url.path).readSet()
        #expect(s.images.shape == [1, 3, 1, 2])
        #expect(s.images.scalars.map { ($0 * 255).rounded() } == [10, 40, 20, 50, 30, 60])
        #expect(s.labels == nil)
    }

    /// Every malformed input is a `DataError` naming the file and the array, never a crash.
    @Test func badInputsAreTypedErrors() throws {
        let dir = try NumpyWriting.tempDir()
        let good = NumpyWriting.npy([Double](repeating: 7, count: 2 * 4 * 4), shape: [2, 4, 4], dtype: "|u1")
        let labels = NumpyWriting.npy([0, 1], shape: [2], dtype: "<i8")
        func expectError(_ arrays: [String: Data], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let url = dir.appendingPathComponent("\(UUID().uuidString).npz")
            try NumpyWriting.npz(arrays, to: url)
            do {
                _ = try NumpyImageSource(path: url.path).read()
                Issue.record("expected an error containing '\(fragment)'", sourceLocation: sourceLocation)
            } catch let e as DataError {
                #expect(e.description.contains(fragment), "\(e)", sourceLocation: sourceLocation)
                #expect(e.description.contains(url.lastPathComponent), "\(e)", sourceLocation: sourceLocation)
            }
        }
        try expectError(["train_images": good], "no train_labels")
        try expectError(["train_images": good, "train_labels": labels, "val_images": good, "val_labels": labels], "only one of the val and test")
        try expectError(["other": good], "holds no image arrays")
        try expectError(["train_images": NumpyWriting.npy([Double](repeating: 1, count: 32), shape: [2, 4, 4], dtype: "<i8"),
                         "train_labels": labels], "dtype <i8")
        try expectError(["train_images": NumpyWriting.npy([0, 1], shape: [2], dtype: "|u1"), "train_labels": labels], "shape [2]")
        try expectError(["train_images": good, "train_labels": NumpyWriting.npy([0, 1, 1], shape: [3], dtype: "<i8")], "3 labels for 2 images")
        try expectError(["train_images": good, "train_labels": NumpyWriting.npy([0, 0.5], shape: [2], dtype: "<f4")], "not a class index")
        try expectError(["train_images": NumpyWriting.npy([Double](repeating: 2, count: 32), shape: [2, 4, 4], dtype: "<f4"),
                         "train_labels": labels], "[0, 1]")

        // Not a zip at all, and a truncated one.
        let corrupt = dir.appendingPathComponent("corrupt.npz")
        try Data("this is not a zip archive".utf8).write(to: corrupt)
        #expect(throws: DataError.self) { try NumpyImageSource(path: corrupt.path).read() }
        let whole = dir.appendingPathComponent("whole.npz")
        try NumpyWriting.npz(["train_images": good, "train_labels": labels], to: whole)
        let bytes = try Data(contentsOf: whole)
        try bytes.prefix(bytes.count / 2).write(to: corrupt)
        #expect(throws: DataError.self) { try NumpyImageSource(path: corrupt.path).read() }
        // Missing file; .npy without labels; unknown extension.
        #expect(throws: DataError.self) { try NumpyImageSource(path: dir.appendingPathComponent("none.npz").path).read() }
        try good.write(to: dir.appendingPathComponent("x.npy"))
        #expect(throws: DataError.self) { try NumpyImageSource(path: dir.appendingPathComponent("x.npy").path).read() }
        #expect(throws: DataError.self) { try NumpyImageSource(path: dir.appendingPathComponent("x.png").path).read() }
    }
}
