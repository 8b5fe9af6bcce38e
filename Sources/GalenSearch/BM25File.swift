import Foundation

/// The binary file of a ``BM25Index`` (`bm25.bin` in an index folder), little-endian:
///
///     magic "GBM25IDX" (8 bytes) · version u32 (1) · k1 f32 · b f32 · foldPlurals u8
///     documentCount u64 · termCount u64 · postingCount u64
///     documentLengths i32 × documentCount · postingStart i32 × (termCount + 1)
///     postingDocuments i32 × postingCount · postingFrequencies u16 × postingCount
///     terms: (byteLength u32 · UTF-8 bytes) × termCount
///
/// Reading checks every length against the bytes present and the arrays against each other, so a truncated or
/// altered file is an error, never a crash.
public enum BM25File {
    static let magic = Array("GBM25IDX".utf8)
    /// The format version written.
    public static let version: UInt32 = 1

    /// The bytes of `index` in this format.
    public static func encode(_ index: BM25Index) -> Data {
        var out = Data()
        out.reserveCapacity(64 + index.documentCount * 4 + index.postingDocuments.count * 6 + index.terms.count * 12)
        out.append(contentsOf: magic)
        append(version, to: &out)
        append(index.k1.bitPattern, to: &out)
        append(index.b.bitPattern, to: &out)
        out.append(index.tokenizer.foldPlurals ? 1 : 0)
        append(UInt64(index.documentCount), to: &out)
        append(UInt64(index.terms.count), to: &out)
        append(UInt64(index.postingDocuments.count), to: &out)
        for v in index.documentLengths { append(UInt32(bitPattern: v), to: &out) }
        for v in index.postingStart { append(UInt32(bitPattern: v), to: &out) }
        for v in index.postingDocuments { append(UInt32(bitPattern: v), to: &out) }
        for v in index.postingFrequencies { append(v, to: &out) }
        for term in index.terms {
            let bytes = Array(term.utf8)
            append(UInt32(bytes.count), to: &out)
            out.append(contentsOf: bytes)
        }
        return out
    }

    /// Decodes a BM25 index; `source` names the file in errors.
    /// - Throws: `SearchError.corruptFile` or `.unsupportedVersion`.
    public static func decode(_ data: Data, source: String) throws -> BM25Index {
        var reader = ByteReader(bytes: [UInt8](data), source: source)
        guard Array(try reader.bytes(8)) == magic else { throw SearchError.corruptFile(path: source, reason: "not a Galen BM25 file") }
        let version: UInt32 = try reader.integer()
        guard version == Self.version else { throw SearchError.unsupportedVersion(path: source, version: Int(version)) }
        let k1 = Float(bitPattern: try reader.integer())
        let b = Float(bitPattern: try reader.integer())
        let fold = try reader.bytes(1).first ?? 0
        let documentCount = try reader.count(elementSize: 4)
        let termCount = try reader.count(elementSize: 8)
        let postingCount = try reader.count(elementSize: 6)
        let lengths: [Int32] = try reader.array(documentCount)
        let start: [Int32] = try reader.array(termCount + 1)
        let docs: [Int32] = try reader.array(postingCount)
        let freqs: [UInt16] = try reader.array(postingCount)
        var terms: [String] = []
        terms.reserveCapacity(termCount)
        for _ in 0..<termCount {
            let length = Int(try reader.integer() as UInt32)
            guard let term = String(validating: try reader.bytes(length), as: UTF8.self) else {
                throw SearchError.corruptFile(path: source, reason: "a term is not valid UTF-8")
            }
            terms.append(term)
        }
        guard reader.atEnd else { throw SearchError.corruptFile(path: source, reason: "unexpected bytes after the terms") }
        return try BM25Index(k1: k1, b: b, tokenizer: SearchTokenizer(foldPlurals: fold != 0), documentCount: documentCount,
                             terms: terms, postingStart: start, postingDocuments: docs, postingFrequencies: freqs,
                             documentLengths: lengths, source: source)
    }

    static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}

/// A bounds-checked little-endian reader over bytes.
struct ByteReader {
    let bytes: [UInt8]
    let source: String
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    mutating func bytes(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= bytes.count - offset else {
            throw SearchError.corruptFile(path: source, reason: "the file ends early (truncated?)")
        }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    mutating func integer<T: FixedWidthInteger>() throws -> T {
        let slice = try bytes(MemoryLayout<T>.size)
        var value: T = 0
        for (i, byte) in slice.enumerated() { value |= T(truncatingIfNeeded: byte) << (8 * i) }
        return value
    }

    /// A u64 element count, checked against the bytes left (each element takes at least `elementSize` bytes).
    mutating func count(elementSize: Int) throws -> Int {
        let n: UInt64 = try integer()
        guard n <= UInt64(bytes.count) / UInt64(max(elementSize, 1)) else {
            throw SearchError.corruptFile(path: source, reason: "a count is larger than the file")
        }
        return Int(n)
    }

    mutating func array<T: FixedWidthInteger>(_ n: Int) throws -> [T] {
        let size = MemoryLayout<T>.size
        let slice = try bytes(n * size)
        var out = [T](repeating: 0, count: n)
        slice.withUnsafeBytes { raw in
            out.withUnsafeMutableBytes { dst in dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<(n * size)])) }
        }
        #if _endian(big)
        out = out.map { T(littleEndian: $0) }
        #endif
        return out
    }
}
