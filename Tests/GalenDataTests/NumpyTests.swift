import Foundation
import Testing
@testable import GalenData

@Suite struct NumpyTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A v1 `.npy` file with `header` (padded as NumPy pads) followed by `payload`.
    func npy(_ header: String, _ payload: [UInt8]) -> Data {
        var h = Array(header.utf8)
        while (10 + h.count + 1) % 64 != 0 { h.append(0x20) }
        h.append(0x0A)
        return Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)] + h + payload)
    }

    @Test func parsesDtypesOrdersAndEndianness() throws {
        let u8 = try NumpyArray.parse(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }", [0, 1, 2, 250, 4, 5]), source: "t")
        #expect(u8.shape == [2, 3] && u8.values == [0, 1, 2, 250, 4, 5])
        let f = try NumpyArray.parse(npy("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }", [0, 1, 2, 3, 4, 5]), source: "t")
        #expect(f.values == [0, 2, 4, 1, 3, 5])  // column-major storage read back in C order
        let be = try NumpyArray.parse(npy("{'descr': '>i2', 'fortran_order': False, 'shape': (2,), }", [0x01, 0x00, 0xFF, 0xFE]), source: "t")
        #expect(be.values == [256, -2])
        var one: Float = 1.5
        let le = try NumpyArray.parse(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
                                          Array(withUnsafeBytes(of: &one) { Data($0) })), source: "t")
        #expect(le.values == [1.5] && le.shape == [1])
        let scalar = try NumpyArray.parse(npy("{'descr': '|b1', 'fortran_order': False, 'shape': (), }", [1]), source: "t")
        #expect(scalar.shape == [] && scalar.values == [1])
    }

    @Test func badArraysNameTheProblem() {
        #expect(throws: DataError.self) { try NumpyArray.parse(Data("not numpy".utf8), source: "x") }
        #expect(throws: DataError.self) { try NumpyArray.parse(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }", [1, 2]), source: "x") }
        #expect(throws: DataError.self) { try NumpyArray.parse(npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", Array(repeating: 0, count: 8)), source: "x") }
        #expect(throws: DataError.self) { try NumpyArray.parse(npy("{'fortran_order': False, 'shape': (1,), }", [1]), source: "x") }
        do { _ = try NumpyArray.parse(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }", [1]), source: "a.npz (x.npy)"); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("a.npz (x.npy)") && "\(error)".contains("needs 4"))
        }
    }

    @Test func readsBreastMNIST() throws {
        let d = try MedMNIST(path: Self.repoRoot.appendingPathComponent("data/breastmnist/breastmnist.npz").path)
        #expect(d.train.images.shape == [546, 1, 28, 28] && d.validation.labels.count == 78 && d.test.labels.count == 156)
        #expect(d.classCount == 2)
        #expect(d.train.images.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(d.test.labels.filter { $0 == 0 }.count == 42)  // malignant in the official test split
    }

    @Test func corruptOrForeignArchivesAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("galen-npz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let junk = dir.appendingPathComponent("junk.npz")
        try Data("hello".utf8).write(to: junk)
        #expect(throws: DataError.self) { try NumpyArchive.read(path: junk.path) }
        #expect(throws: DataError.self) { try NumpyArchive.read(path: dir.appendingPathComponent("missing.npz").path) }
        var bytes = try Data(contentsOf: Self.repoRoot.appendingPathComponent("data/breastmnist/breastmnist.npz"))
        bytes[bytes.count / 3] ^= 0xFF
        let broken = dir.appendingPathComponent("broken.npz")
        try bytes.write(to: broken)
        #expect(throws: DataError.self) { try MedMNIST(path: broken.path) }
    }
}
