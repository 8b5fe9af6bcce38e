import Foundation
import Testing
@testable import GalenTensor

/// `SafeTensors.encoded` and `readWithMetadata(bytes:source:)`: the in-memory forms used for encrypted bundles.
@Suite struct SafeTensorsMemoryTests {
    @Test func encodedMatchesTheFileAndReadsBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("galen-st-mem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let tensors = ["w": try Tensor(shape: [2, 3], values: [1, -2, 3.5, 0, 1e-8, 7]), "b": Tensor([0.5, 0.25, -1]),
                       "empty": Tensor([])]
        let file = dir.appendingPathComponent("m.safetensors")
        try SafeTensors.write(tensors, metadata: ["format": "pt"], to: file)
        let bytes = try SafeTensors.encoded(tensors, metadata: ["format": "pt"])
        #expect(bytes == (try Data(contentsOf: file)))
        let (read, metadata) = try SafeTensors.readWithMetadata(bytes: bytes, source: "memory")
        #expect(metadata == ["format": "pt"])
        #expect(read.mapValues(\.scalars) == tensors.mapValues(\.scalars))
        #expect(read["w"]?.shape == [2, 3])
    }

    @Test func malformedBytesAreRefused() {
        #expect(throws: SafeTensorsError.self) { try SafeTensors.readWithMetadata(bytes: Data([1, 2, 3]), source: "memory") }
        #expect(throws: SafeTensorsError.self) { try SafeTensors.readWithMetadata(bytes: Data(), source: "memory") }
        #expect(throws: SafeTensorsError.self) { try SafeTensors.encoded(["": Tensor([1])]) }
    }
}
