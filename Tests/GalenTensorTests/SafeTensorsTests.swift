import Foundation
import Testing
@testable import GalenTensor

// MARK: - Helpers

/// A fresh directory under the temporary directory; removed by `cleanup`.
private func makeTempDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("galen-safetensors-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func cleanup(_ url: URL) { try? FileManager.default.removeItem(at: url) }

/// A safetensors file from a header string and a data buffer; `headerLength` overrides the length field.
private func rawFile(header: String, data: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
    rawFile(headerBytes: Array(header.utf8), data: data, headerLength: headerLength)
}

private func rawFile(headerBytes: [UInt8], data: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
    let n = headerLength ?? UInt64(headerBytes.count)
    return withUnsafeBytes(of: n.littleEndian) { Array($0) } + headerBytes + data
}

/// A valid file holding `entries` laid out contiguously in order, header padded with `padding` spaces.
private func rawFile(entries: [(name: String, dtype: String, shape: [Int], bytes: [UInt8])],
                     padding: Int = 0) -> [UInt8] {
    var parts: [String] = []
    var data: [UInt8] = []
    for e in entries {
        parts.append("\"\(e.name)\":{\"dtype\":\"\(e.dtype)\",\"shape\":\(e.shape),\"data_offsets\":[\(data.count),\(data.count + e.bytes.count)]}")
        data += e.bytes
    }
    return rawFile(header: "{" + parts.joined(separator: ",") + "}" + String(repeating: " ", count: padding), data: data)
}

private func bytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    values.flatMap { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } }
}

private func floatBytes(_ values: [Float]) -> [UInt8] { bytes(values.map(\.bitPattern)) }

private func write(_ bytes: [UInt8], to url: URL) throws { try Data(bytes).write(to: url) }

/// The case name of an error (`"invalidOffsets"` for `.invalidOffsets(...)`).
private func kind(_ error: SafeTensorsError) -> String {
    Mirror(reflecting: error).children.first?.label ?? "\(error)"
}

/// Values compared bit for bit, so that -0.0, NaN payloads and subnormals count.
private func bits(_ t: Tensor) -> [UInt32] { t.scalars.map(\.bitPattern) }

// MARK: - Interop with PyTorch / Hugging Face files

@Suite("SafeTensors")
struct SafeTensorsTests {
    private struct Expected: Decodable {
        struct Entry: Decodable { var dtype: String; var shape: [Int]; var values: [Double] }
        var metadata: [String: String]
        var tensors: [String: Entry]
    }

    private static func fixture(_ name: String, _ ext: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/safetensors"),
                     "missing fixture \(name).\(ext); run scripts/make_safetensors_fixture.py")
    }

    @Test func readsFileWrittenByPythonSafetensors() throws {
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: Self.fixture("interop", "json")))
        let (tensors, metadata) = try SafeTensors.readWithMetadata(contentsOf: Self.fixture("interop", "safetensors"))
        #expect(metadata == expected.metadata)
        #expect(Set(tensors.keys) == Set(expected.tensors.keys))
        #expect(Set(expected.tensors.values.map(\.dtype)).isSuperset(of: ["F32", "F16", "BF16", "F64", "I64"]))
        for (name, e) in expected.tensors {
            let t = try #require(tensors[name], "tensor \(name)")
            #expect(t.shape == e.shape, "\(name)")
            // The expected values are float32 values printed as doubles, so the conversion is exact.
            #expect(bits(t) == e.values.map { Float($0).bitPattern }, "\(name) (\(e.dtype))")
        }
    }

    @Test func pythonFileF32TensorsShareTheMapping() throws {
        let tensors = try SafeTensors.read(contentsOf: Self.fixture("interop", "safetensors"))
        let matrix = try #require(tensors["f32.matrix"]), scalar = try #require(tensors["f32.scalar"])
        // Python lays f32.matrix at [56, 80) and f32.scalar at [80, 84): adjacent in one mapping.
        #expect(scalar.pointer - matrix.pointer == 6)
    }

    // MARK: - Round trip and layout

    @Test func writeThenReadIsIdentical() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("model.safetensors")
        let special: [Float] = [0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude,
                                .greatestFiniteMagnitude, 0x1p-133, -3.5, 1.0 / 3.0]
        var rng = SystemRandomNumberGenerator()
        let tensors: [String: Tensor] = [
            "encoder.layers.0.weight": try Tensor(shape: [4, 5], values: (0..<20).map { _ in Float.random(in: -2...2, using: &rng) }),
            "encoder.layers.0.bias": Tensor((0..<5).map { Float($0) }),
            "special": Tensor(special),
            "scalar": Tensor(scalar: -7.25),
            "empty": try Tensor(shape: [3, 0, 2], values: []),
            "ünïcødé \"quoted\" \\ name/with.slashes": try Tensor(shape: [1, 1, 1], values: [9]),
        ]
        let metadata = ["format": "pt", "epoch": "12", "note": "line\nbreak \"quotes\" \\ tab\t ✓ \u{1}"]
        try SafeTensors.write(tensors, metadata: metadata, to: url)

        let (read, readMetadata) = try SafeTensors.readWithMetadata(contentsOf: url)
        #expect(readMetadata == metadata)
        #expect(Set(read.keys) == Set(tensors.keys))
        for (name, t) in tensors {
            let r = try #require(read[name])
            #expect(r.shape == t.shape, "\(name)")
            #expect(bits(r) == bits(t), "\(name)")
        }
        // Writing what was read gives the same bytes.
        let again = dir.appendingPathComponent("again.safetensors")
        try SafeTensors.write(read, metadata: readMetadata, to: again)
        #expect(try Data(contentsOf: again) == Data(contentsOf: url))
    }

    @Test func headerIsSortedCompactAndPaddedTo8Bytes() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("w.safetensors")
        try SafeTensors.write(["b": Tensor([1, 2]), "a": Tensor([3]), "c": Tensor(scalar: 4)],
                              metadata: ["k": "v"], to: url)
        let file = try [UInt8](Data(contentsOf: url))
        let n = Int(file[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        #expect((8 + n) % 8 == 0)
        let header = try #require(String(bytes: file[8..<(8 + n)], encoding: .utf8))
        let trimmed = header.replacingOccurrences(of: " +$", with: "", options: .regularExpression)
        #expect(header.count - trimmed.count < 8)
        #expect(trimmed == #"{"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
            + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},"c":{"dtype":"F32","shape":[],"data_offsets":[12,16]}}"#)
        #expect(file.count == 8 + n + 16)
        #expect(Array(file[(8 + n)...]) == floatBytes([3, 1, 2, 4]))
        // No metadata: no __metadata__ key.
        try SafeTensors.write(["a": Tensor([3])], to: url)
        #expect(try String(decoding: Data(contentsOf: url), as: UTF8.self).contains("__metadata__") == false)
        #expect(try SafeTensors.readWithMetadata(contentsOf: url).metadata.isEmpty)
    }

    /// The bytes Galen writes are fixed; scripts/make_safetensors_fixture.py checks that Python's
    /// safetensors reads this same file. `GALEN_UPDATE_FIXTURES=1` rewrites the golden file.
    @Test func writeMatchesGoldenFile() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("galen_written.safetensors")
        // Keep in sync with GALEN_WRITTEN in scripts/make_safetensors_fixture.py.
        try SafeTensors.write([
            "layer.bias": Tensor([0.5, -0.25, 0]),
            "layer.weight": try Tensor(rows: [[1, 2, 3], [-4, 5.5, -6.75]]),
            "scalar": Tensor(scalar: 3.5),
            "empty": try Tensor(shape: [0, 2], values: []),
        ], metadata: ["format": "pt", "note": "quote \" backslash \\ tab \t ✓"], to: url)
        let written = try Data(contentsOf: url)
        if ProcessInfo.processInfo.environment["GALEN_UPDATE_FIXTURES"] != nil {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/safetensors/galen_written.safetensors")
            try written.write(to: source)
        }
        #expect(written == (try Data(contentsOf: Self.fixture("galen_written", "safetensors"))))
    }

    // MARK: - Memory mapping

    @Test func alignedF32SharesTheMappingWithoutCopying() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("m.safetensors")
        try SafeTensors.write(["a": Tensor([1, 2, 3]), "b": Tensor([4, 5])], to: url)
        let t = try SafeTensors.read(contentsOf: url)
        let a = try #require(t["a"]), b = try #require(t["b"])
        #expect(b.pointer - a.pointer == 3)  // both point into the one mapping, 12 bytes apart
        #expect(b.scalars == [4, 5])
    }

    @Test func inPlaceUpdatesNeverTouchTheFile() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("m.safetensors")
        try SafeTensors.write(["w": Tensor([1, 2, 3])], to: url)
        let before = try Data(contentsOf: url)
        let w = try #require(try SafeTensors.read(contentsOf: url)["w"])
        w.pointer[0] = 100  // what an optimizer step does
        try w.assign(Tensor([7, 8, 9]))
        #expect(w.scalars == [7, 8, 9])
        #expect(try Data(contentsOf: url) == before)
        #expect(try SafeTensors.read(contentsOf: url)["w"]?.scalars == [1, 2, 3])
    }

    @Test func replacingAMappedFileKeepsTheOldTensors() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("m.safetensors")
        try SafeTensors.write(["w": Tensor([1, 2, 3])], to: url)
        let old = try #require(try SafeTensors.read(contentsOf: url)["w"])
        try SafeTensors.write(["w": Tensor([4, 5, 6])], to: url)
        #expect(old.scalars == [1, 2, 3])
        #expect(try SafeTensors.read(contentsOf: url)["w"]?.scalars == [4, 5, 6])
    }

    @Test func tensorsOutliveEachOtherAndTheMapping() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("m.safetensors")
        try SafeTensors.write(["a": Tensor([1, 2]), "b": Tensor([3, 4])], to: url)
        var tensors: [String: Tensor]? = try SafeTensors.read(contentsOf: url)
        let b = try #require(tensors?["b"])
        tensors = nil  // drops "a"; the mapping lives on through "b"
        try FileManager.default.removeItem(at: url)
        #expect(b.scalars == [3, 4])
    }

    // MARK: - Conversions and valid edge cases

    @Test func convertsEveryDTypeToFloat32() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("d.safetensors")
        let f64: [Double] = [0.1, -1e300, 1e-50, 2.5]
        let file = rawFile(entries: [
            // Listed widest first so that every range stays naturally aligned.
            ("f64", "F64", [4], bytes(f64.map(\.bitPattern))),
            ("i64", "I64", [3], bytes([Int64.min, -1, 1 << 40])),
            ("u64", "U64", [2], bytes([UInt64.max, 3])),
            ("f32", "F32", [2], floatBytes([1.5, -0.0])),
            ("i32", "I32", [2], bytes([Int32.min, 77])),
            ("u32", "U32", [1], bytes([UInt32.max])),
            // 1, -2, +inf, -inf, NaN, smallest subnormal, largest finite, -0
            ("f16", "F16", [8], bytes([UInt16(0x3C00), 0xC000, 0x7C00, 0xFC00, 0x7E00, 0x0001, 0x7BFF, 0x8000])),
            ("bf16", "BF16", [3], bytes([UInt16(0x3F80), 0xC049, 0x7F80])),
            ("i16", "I16", [2], bytes([Int16.min, 5])),
            ("u16", "U16", [1], bytes([UInt16.max])),
            // E4M3: 1, -448 (max), smallest subnormal 2^-9, NaN, 0.5
            ("f8e4m3", "F8_E4M3", [5], [0x38, 0xFE, 0x01, 0x7F, 0x30]),
            // E5M2: 1, -2, +inf, smallest subnormal 2^-16
            ("f8e5m2", "F8_E5M2", [4], [0x3C, 0xC0, 0x7C, 0x01]),
            ("i8", "I8", [2], [0x80, 0x7F]),
            ("u8", "U8", [2], [0, 255]),
            ("bool", "BOOL", [3], [0, 1, 2]),
        ])
        try write(file, to: url)
        let t = try SafeTensors.read(contentsOf: url)
        #expect(t["f64"]?.scalars == f64.map { Float($0) })
        #expect(t["f64"]?.scalars[1] == -.infinity)
        #expect(t["i64"]?.scalars == [-9.223372e18, -1, 1_099_511_627_776])
        #expect(t["u64"]?.scalars == [1.8446744e19, 3])
        #expect(t["f32"].map(bits) == [Float(1.5).bitPattern, Float(-0.0).bitPattern])
        #expect(t["i32"]?.scalars == [-2_147_483_648, 77])
        #expect(t["u32"]?.scalars == [4_294_967_296])
        let f16 = try #require(t["f16"]?.scalars)
        #expect(Array(f16[0..<4]) == [1, -2, .infinity, -.infinity])
        #expect(f16[4].isNaN)
        #expect(f16[5] == 0x1p-24 && f16[6] == 65504)
        #expect(f16[7] == 0 && f16[7].sign == .minus)
        #expect(t["bf16"]?.scalars == [1, -3.140625, .infinity])
        #expect(t["i16"]?.scalars == [-32768, 5])
        #expect(t["u16"]?.scalars == [65535])
        let e4m3 = try #require(t["f8e4m3"]?.scalars)
        #expect(e4m3[0] == 1 && e4m3[1] == -448 && e4m3[2] == 0x1p-9 && e4m3[3].isNaN && e4m3[4] == 0.5)
        #expect(t["f8e5m2"]?.scalars == [1, -2, .infinity, 0x1p-16])
        #expect(t["i8"]?.scalars == [-128, 127])
        #expect(t["u8"]?.scalars == [0, 255])
        #expect(t["bool"]?.scalars == [0, 1, 1])
    }

    @Test func halfConversionMatchesFloat16ForEveryBitPattern() {
        #if !(os(macOS) && arch(x86_64))  // Float16 is unavailable on Intel Macs
        if #available(macOS 11, *) {
            for h in UInt16.min...UInt16.max {
                let expected = Float(Float16(bitPattern: h))
                let got = SafeTensors.halfToFloat(h)
                if expected.isNaN { #expect(got.isNaN) } else if got.bitPattern != expected.bitPattern {
                    Issue.record("half 0x\(String(h, radix: 16)): \(got) != \(expected)")
                    return
                }
            }
        }
        #endif
    }

    @Test func readsF32AtAnyAlignment() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("u.safetensors")
        // A 1-byte U8 tensor first puts the F32 data at offset 1 of the buffer; the four header
        // paddings place it at every alignment in the file, so both the copy and the shared path run.
        for padding in 0..<4 {
            let file = rawFile(entries: [("u", "U8", [1], [7]), ("w", "F32", [2, 2], floatBytes([1, -2, 3.5, 1e-30]))],
                               padding: padding)
            try write(file, to: url)
            let t = try SafeTensors.read(contentsOf: url)
            #expect(t["w"]?.shape == [2, 2])
            #expect(t["w"]?.scalars == [1, -2, 3.5, 1e-30], "padding \(padding)")
            #expect(t["u"]?.scalars == [7])
        }
    }

    @Test func acceptsPaddedHeaderEmptyHeaderAndNullMetadata() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("p.safetensors")
        try write(rawFile(entries: [("w", "F32", [1], floatBytes([2]))], padding: 13), to: url)
        #expect(try SafeTensors.read(contentsOf: url)["w"]?.scalars == [2])

        try write(rawFile(header: "{}"), to: url)
        #expect(try SafeTensors.read(contentsOf: url).isEmpty)

        try write(rawFile(header: #"{"__metadata__":null}"#), to: url)
        #expect(try SafeTensors.readWithMetadata(contentsOf: url).metadata.isEmpty)

        // Zero-size tensors may sit at the same offset as a neighbour; unknown entry fields are ignored.
        try write(rawFile(header: #"{"e":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"#
            + #""w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":true}}"#, data: floatBytes([5])), to: url)
        let t = try SafeTensors.read(contentsOf: url)
        #expect(t["e"]?.shape == [0] && t["w"]?.scalars == [5])
    }

    // MARK: - Malformed files

    struct Malformed: CustomTestStringConvertible, Sendable {
        var label: String
        var file: [UInt8]
        var expected: String
        /// Words the message must contain besides the path (tensor name, byte counts).
        var mentions: [String] = []
        var testDescription: String { label }
    }

    static let malformed: [Malformed] = {
        let w = floatBytes([1, 2, 3])
        func entry(_ name: String = "w", dtype: String = "F32", shape: String = "[3]", offsets: String = "[0,12]") -> String {
            "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":\(offsets)}"
        }
        return [
            Malformed(label: "empty file", file: [], expected: "fileTooSmall", mentions: ["0 bytes"]),
            Malformed(label: "shorter than the length field", file: [1, 0, 0], expected: "fileTooSmall", mentions: ["3 bytes"]),
            Malformed(label: "header length past the end", file: rawFile(header: "{}", headerLength: 50),
                      expected: "headerExceedsFile", mentions: ["50", "2 bytes"]),
            Malformed(label: "header length over 100 MB", file: rawFile(header: "{}", headerLength: 100_000_001),
                      expected: "headerTooLarge", mentions: ["100000001"]),
            Malformed(label: "header length UInt64.max", file: rawFile(header: "{}", headerLength: .max),
                      expected: "headerTooLarge"),
            Malformed(label: "zero header length", file: rawFile(header: ""), expected: "invalidHeader"),
            Malformed(label: "invalid JSON", file: rawFile(header: #"{"w": {"dtype": "#), expected: "invalidHeader",
                      mentions: ["invalid JSON"]),
            Malformed(label: "header is an array", file: rawFile(header: "[1, 2]"), expected: "invalidHeader"),
            Malformed(label: "header starts with whitespace", file: rawFile(header: "  {}"), expected: "invalidHeader"),
            Malformed(label: "header not UTF-8", file: rawFile(headerBytes: Array("{\"".utf8) + [0xFF, 0xFE] + Array("\":1}".utf8)),
                      expected: "invalidHeader", mentions: ["UTF-8"]),
            Malformed(label: "deeply nested JSON",
                      file: rawFile(header: #"{"w":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"),
                      expected: "invalidHeader"),
            Malformed(label: "trailing garbage after JSON", file: rawFile(header: "{} x"), expected: "invalidHeader"),
            Malformed(label: "duplicate tensor", file: rawFile(header: "{" + entry() + "," + entry() + "}", data: w),
                      expected: "invalidHeader", mentions: ["\"w\""]),
            Malformed(label: "duplicate tensor written differently", file: rawFile(header: "{" + entry() + "," + entry("\\u0077") + "}", data: w),
                      expected: "invalidHeader", mentions: ["\"w\"", "more than once"]),
            Malformed(label: "duplicate field in an entry",
                      file: rawFile(header: #"{"w":{"dtype":"F32","dtype":"F16","shape":[3],"data_offsets":[0,12]}}"#, data: w),
                      expected: "invalidHeader", mentions: ["\"dtype\"", "\"w\""]),
            Malformed(label: "duplicate metadata key", file: rawFile(header: #"{"__metadata__":{"a":"1","a":"2"}}"#),
                      expected: "invalidHeader", mentions: ["\"a\"", "__metadata__"]),
            Malformed(label: "entry is a number", file: rawFile(header: #"{"w": 5}"#), expected: "invalidEntry", mentions: ["\"w\""]),
            Malformed(label: "entry is null", file: rawFile(header: #"{"w": null}"#), expected: "invalidEntry"),
            Malformed(label: "missing dtype", file: rawFile(header: #"{"w":{"shape":[3],"data_offsets":[0,12]}}"#, data: w),
                      expected: "invalidEntry", mentions: ["dtype"]),
            Malformed(label: "dtype not a string", file: rawFile(header: #"{"w":{"dtype":32,"shape":[3],"data_offsets":[0,12]}}"#, data: w),
                      expected: "invalidEntry"),
            Malformed(label: "fractional dimension", file: rawFile(header: "{" + entry(shape: "[2.5]") + "}", data: w),
                      expected: "invalidEntry", mentions: ["shape must hold whole numbers"]),
            Malformed(label: "shape is a number", file: rawFile(header: "{" + entry(shape: "3") + "}", data: w),
                      expected: "invalidEntry"),
            Malformed(label: "three data offsets", file: rawFile(header: "{" + entry(offsets: "[0,12,12]") + "}", data: w),
                      expected: "invalidEntry", mentions: ["3"]),
            Malformed(label: "offset beyond Int64", file: rawFile(header: "{" + entry(offsets: "[0,18446744073709551615]") + "}", data: w),
                      expected: "invalidEntry", mentions: ["data_offsets"]),
            Malformed(label: "unknown dtype", file: rawFile(header: "{" + entry(dtype: "C64") + "}", data: w),
                      expected: "unsupportedDType", mentions: ["C64", "\"w\""]),
            Malformed(label: "negative dimension", file: rawFile(header: "{" + entry(shape: "[-3]") + "}", data: w),
                      expected: "invalidShape", mentions: ["-3"]),
            Malformed(label: "element count overflows", file: rawFile(header: "{" + entry(shape: "[4611686018427387904,4]") + "}", data: w),
                      expected: "invalidShape", mentions: ["overflow"]),
            Malformed(label: "shape does not match offsets", file: rawFile(header: "{" + entry(shape: "[2,3]") + "}", data: w),
                      expected: "byteCountMismatch", mentions: ["24 bytes", "12 bytes", "\"w\""]),
            Malformed(label: "dtype does not match offsets", file: rawFile(header: "{" + entry(dtype: "F64") + "}", data: w),
                      expected: "byteCountMismatch", mentions: ["24", "12"]),
            Malformed(label: "reversed offsets", file: rawFile(header: "{" + entry(offsets: "[12,0]") + "}", data: w),
                      expected: "invalidOffsets", mentions: ["[12, 0]"]),
            Malformed(label: "negative offset", file: rawFile(header: "{" + entry(offsets: "[-4,8]") + "}", data: w),
                      expected: "invalidOffsets"),
            Malformed(label: "offsets past the buffer", file: rawFile(header: "{" + entry(offsets: "[4,16]") + "}", data: w),
                      expected: "invalidOffsets", mentions: ["12-byte"]),
            Malformed(label: "overlapping tensors",
                      file: rawFile(header: "{" + entry("a", shape: "[2]", offsets: "[0,8]") + "," + entry("b", shape: "[2]", offsets: "[4,12]") + "}", data: w),
                      expected: "invalidOffsets", mentions: ["\"b\"", "overlaps", "\"a\""]),
            Malformed(label: "hole between tensors",
                      file: rawFile(header: "{" + entry("a", shape: "[1]", offsets: "[0,4]") + "," + entry("b", shape: "[1]", offsets: "[8,12]") + "}", data: w),
                      expected: "invalidOffsets", mentions: ["hole", "\"b\""]),
            Malformed(label: "buffer not covered", file: rawFile(header: "{" + entry(shape: "[2]", offsets: "[0,8]") + "}", data: w),
                      expected: "incompleteBuffer", mentions: ["8", "12"]),
            Malformed(label: "data without tensors", file: rawFile(header: "{}", data: w), expected: "incompleteBuffer"),
            Malformed(label: "metadata value not a string", file: rawFile(header: #"{"__metadata__":{"epoch":3}}"#),
                      expected: "invalidMetadata"),
            Malformed(label: "metadata not an object", file: rawFile(header: #"{"__metadata__":"x"}"#),
                      expected: "invalidMetadata"),
        ]
    }()

    @Test(arguments: malformed)
    func rejectsMalformedFile(_ c: Malformed) throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("bad.safetensors")
        try write(c.file, to: url)
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensors.read(contentsOf: url) }
        let e = try #require(error)
        #expect(kind(e) == c.expected, "\(e)")
        #expect(e.path == url.path)
        #expect(e.description.contains(url.path))
        for word in c.mentions { #expect(e.description.contains(word), "\"\(e)\" should mention \(word)") }
    }

    @Test func rejectsTruncatedFile() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("t.safetensors")
        try SafeTensors.write(["a": Tensor([1, 2, 3]), "b": Tensor([4, 5])], to: url)
        let full = try [UInt8](Data(contentsOf: url))
        for keep in [full.count - 1, full.count - 8, 30, 7] {
            try write(Array(full[0..<keep]), to: url)
            let error = #expect(throws: SafeTensorsError.self, "truncated to \(keep) bytes") {
                try SafeTensors.read(contentsOf: url)
            }
            let expected = keep == 7 ? "fileTooSmall" : keep == 30 ? "headerExceedsFile" : "invalidOffsets"
            #expect(error.map(kind) == expected, "truncated to \(keep) bytes: \(String(describing: error))")
        }
    }

    @Test func rejectsMissingFileAndDirectory() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let missing = dir.appendingPathComponent("nope.safetensors")
        let e1 = #expect(throws: SafeTensorsError.self) { try SafeTensors.read(contentsOf: missing) }
        #expect(e1 == .fileNotFound(path: missing.path))
        let inMissingDir = dir.appendingPathComponent("nodir/x.safetensors")
        let e2 = #expect(throws: SafeTensorsError.self) { try SafeTensors.read(contentsOf: inMissingDir) }
        #expect(e2 == .fileNotFound(path: inMissingDir.path))
        let e3 = #expect(throws: SafeTensorsError.self) { try SafeTensors.read(contentsOf: dir) }
        #expect(e3 == .notARegularFile(path: dir.path, kind: "a directory"))
        #expect(e3?.description.contains(dir.path) == true)
    }

    // MARK: - Atomic writing

    @Test func writeIntoMissingDirectoryThrowsAndLeavesNothing() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("missing/model.safetensors")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensors.write(["w": Tensor([1])], to: url) }
        #expect(error == .fileNotFound(path: url.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func failedRenameRemovesTheTemporaryFile() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        // The destination is a non-empty directory: everything succeeds up to the rename.
        let target = dir.appendingPathComponent("model.safetensors")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data([1]).write(to: target.appendingPathComponent("keep"))
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensors.write(["w": Tensor([1, 2])], to: target) }
        #expect(error.map(kind) == "ioFailed")
        #expect(error?.description.contains("rename") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.safetensors"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["keep"])
    }

    @Test func failedWriteKeepsTheOldFile() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("model.safetensors")
        try SafeTensors.write(["w": Tensor([1, 2])], metadata: ["v": "1"], to: url)
        let before = try Data(contentsOf: url)
        for bad in ["", "__metadata__"] {
            let error = #expect(throws: SafeTensorsError.self) {
                try SafeTensors.write(["ok": Tensor([3]), bad: Tensor([4])], to: url)
            }
            #expect(error.map(kind) == "invalidTensorName")
            #expect(error?.description.contains(url.path) == true)
        }
        #expect(try Data(contentsOf: url) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.safetensors"])
    }

    @Test func writesFileWithAVeryLongName() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent(String(repeating: "é", count: 110) + ".safetensors")  // 232 bytes
        try SafeTensors.write(["w": Tensor([1])], to: url)
        #expect(try SafeTensors.read(contentsOf: url)["w"]?.scalars == [1])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 1)
    }

    @Test func replacingKeepsTheFileMode() throws {
        let dir = try makeTempDirectory()
        defer { cleanup(dir) }
        let url = dir.appendingPathComponent("model.safetensors")
        try SafeTensors.write(["w": Tensor([1])], to: url)
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int == 0o644)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        try SafeTensors.write(["w": Tensor([2])], to: url)
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int == 0o600)
        #expect(try SafeTensors.read(contentsOf: url)["w"]?.scalars == [2])
    }
}
