import Foundation
import Testing
@testable import GalenTensor

/// `SafeTensors.write(…, halfPrecision: true)`: F16 files, rounded to nearest even, read back as Float32.
@Suite struct SafeTensorsHalfTests {
    @Test func floatToHalfRoundsToNearestEvenAndInvertsHalfToFloat() {
        // Every finite binary16 value survives the round trip exactly.
        for h in UInt16(0)...UInt16.max where (h >> 10) & 0x1F != 0x1F {
            #expect(SafeTensors.floatToHalf(SafeTensors.halfToFloat(h)) == h, "bits \(h)")
        }
        #expect(SafeTensors.floatToHalf(1) == 0x3C00 && SafeTensors.floatToHalf(-2) == 0xC000)
        #expect(SafeTensors.floatToHalf(65504) == 0x7BFF && SafeTensors.floatToHalf(70000) == 0x7C00)
        #expect(SafeTensors.floatToHalf(.infinity) == 0x7C00 && SafeTensors.halfToFloat(SafeTensors.floatToHalf(.nan)).isNaN)
        #expect(SafeTensors.floatToHalf(1 + 0x1p-11) == 0x3C00)             // a tie: to the even neighbour (1.0)
        #expect(SafeTensors.floatToHalf(1 + 3 * 0x1p-11) == 0x3C02)         // a tie: to the even neighbour (1 + 2^-9)
        #expect(SafeTensors.floatToHalf(0x1p-24) == 0x0001 && SafeTensors.floatToHalf(0x1p-26) == 0)  // subnormal, underflow
    }

    @Test func halfPrecisionFilesHalveTheDataAndReadBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("galen-f16-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let values: [Float] = [0, 1, -1.5, 0.1, 3.14159, -1000.25, 1e-5, 60000]
        let t = try Tensor(shape: [2, 4], values: values)
        let half = dir.appendingPathComponent("h.safetensors"), full = dir.appendingPathComponent("f.safetensors")
        try SafeTensors.write(["w": t], metadata: ["k": "v"], halfPrecision: true, to: half)
        try SafeTensors.write(["w": t], metadata: ["k": "v"], to: full)
        let (read, meta) = try SafeTensors.readWithMetadata(contentsOf: half)
        #expect(meta == ["k": "v"] && read["w"]!.shape == [2, 4])
        for (i, v) in values.enumerated() {
            let r = read["w"]!.pointer[i]
            #expect(abs(r - v) <= abs(v) * 0x1p-11 + 0x1p-24, "value \(v) read back as \(r)")
        }
        let hs = try FileManager.default.attributesOfItem(atPath: half.path)[.size] as! Int
        let fs = try FileManager.default.attributesOfItem(atPath: full.path)[.size] as! Int
        #expect(fs - hs == values.count * 2)
    }
}
