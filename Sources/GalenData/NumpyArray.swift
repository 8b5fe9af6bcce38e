import Foundation
import GalenTensor

/// An array read from NumPy's `.npy` format (version 1–3): little- or big-endian
/// integers, unsigned integers, floats and booleans, in C or Fortran order.
/// Values are converted to Float32 on the way to a tensor.
public struct NumpyArray: Sendable {
    /// Dimensions, outermost first.
    public var shape: [Int]
    /// NumPy's type string, e.g. `|u1`, `<f4`, `<i8`.
    public var dtype: String
    /// The values as Float32, row-major (C order) whatever the file's order.
    public var values: [Float]

    /// The values as a tensor of `shape`.
    public func tensor() throws -> Tensor { try Tensor(shape: shape, values: values) }

    /// Parses `.npy` bytes.
    /// - Parameter source: a name for error messages (file or archive entry).
    /// - Throws: `DataError.cannotRead` naming the source and the problem (bad magic, header, dtype, size).
    public static func parse(_ bytes: Data, source: String) throws -> NumpyArray {
        func fail(_ why: String) -> DataError { DataError.cannotRead(source: source, reason: "not a valid .npy array: \(why)") }
        let b = [UInt8](bytes)
        guard b.count >= 10, b[0] == 0x93, Array(b[1...5]) == Array("NUMPY".utf8) else { throw fail("missing the \\x93NUMPY magic") }
        let major = b[6]
        let headerLength: Int, start: Int
        switch major {
        case 1: headerLength = Int(b[8]) | Int(b[9]) << 8; start = 10
        case 2, 3:
            guard b.count >= 12 else { throw fail("truncated header") }
            headerLength = Int(b[8]) | Int(b[9]) << 8 | Int(b[10]) << 16 | Int(b[11]) << 24; start = 12
        default: throw fail("unsupported format version \(major)")
        }
        guard start + headerLength <= b.count,
              let header = String(bytes: b[start..<(start + headerLength)], encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw fail("truncated header")
        }
        guard let descr = Self.field("descr", in: header), let order = Self.field("fortran_order", in: header),
              let shapeText = Self.field("shape", in: header) else {
            throw fail("header lacks descr, fortran_order or shape")
        }
        let dtype = descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
        let shape = try shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { (s: String) -> Int in
                guard let v = Int(s), v >= 0 else { throw fail("bad dimension '\(s)' in shape") }
                return v
            }
        let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        guard count < Int.max else { throw fail("shape \(shape) is too large") }
        guard dtype.count >= 3, let width = Int(dtype.dropFirst(2)) else { throw fail("unsupported dtype \(dtype)") }
        let kind = dtype[dtype.index(after: dtype.startIndex)]
        let bigEndian = dtype.first == ">"
        let dataStart = start + headerLength
        guard b.count - dataStart >= count * width else {
            throw fail("holds \(b.count - dataStart) data bytes, shape \(shape) of \(dtype) needs \(count * width)")
        }
        var values = [Float](repeating: 0, count: count)
        try b.withUnsafeBufferPointer { raw in
            let p = raw.baseAddress! + dataStart
            func load<T: FixedWidthInteger>(_: T.Type, _ i: Int) -> T {
                var v: T = 0
                withUnsafeMutableBytes(of: &v) { $0.copyMemory(from: UnsafeRawBufferPointer(start: p + i * width, count: width)) }
                return bigEndian ? T(bigEndian: v) : T(littleEndian: v)
            }
            switch (kind, width) {
            case ("u", 1), ("b", 1): for i in 0..<count { values[i] = Float(p[i]) }
            case ("i", 1): for i in 0..<count { values[i] = Float(Int8(bitPattern: p[i])) }
            case ("u", 2): for i in 0..<count { values[i] = Float(load(UInt16.self, i)) }
            case ("i", 2): for i in 0..<count { values[i] = Float(load(Int16.self, i)) }
            case ("u", 4): for i in 0..<count { values[i] = Float(load(UInt32.self, i)) }
            case ("i", 4): for i in 0..<count { values[i] = Float(load(Int32.self, i)) }
            case ("u", 8): for i in 0..<count { values[i] = Float(load(UInt64.self, i)) }
            case ("i", 8): for i in 0..<count { values[i] = Float(load(Int64.self, i)) }
            case ("f", 2): for i in 0..<count { values[i] = Float(Float16(bitPattern: load(UInt16.self, i))) }
            case ("f", 4): for i in 0..<count { values[i] = Float(bitPattern: load(UInt32.self, i)) }
            case ("f", 8): for i in 0..<count { values[i] = Float(Double(bitPattern: load(UInt64.self, i))) }
            default: throw fail("unsupported dtype \(dtype)")
            }
        }
        if order.trimmingCharacters(in: .whitespaces) == "True" && shape.count > 1 {
            values = Self.fortranToC(values, shape: shape)
        }
        return NumpyArray(shape: shape, dtype: dtype, values: values)
    }

    /// The text of `'key': value` in a header dict (value up to the next top-level comma or brace).
    static func field(_ key: String, in header: String) -> String? {
        guard let r = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"") else { return nil }
        var rest = header[r.upperBound...].drop { $0 == " " || $0 == ":" }
        var depth = 0, out = ""
        while let ch = rest.first {
            if ch == "(" || ch == "[" { depth += 1 }
            if ch == ")" || ch == "]" { depth -= 1 }
            if depth < 0 || (depth == 0 && (ch == "," || ch == "}")) { if ch == ")" { out.append(ch) }; break }
            out.append(ch)
            rest = rest.dropFirst()
        }
        return out.isEmpty ? nil : out
    }

    static func fortranToC(_ v: [Float], shape: [Int]) -> [Float] {
        var out = [Float](repeating: 0, count: v.count)
        let rank = shape.count
        var fStrides = [Int](repeating: 1, count: rank)
        for d in 1..<rank { fStrides[d] = fStrides[d - 1] * shape[d - 1] }
        var idx = [Int](repeating: 0, count: rank)
        for i in 0..<v.count {
            var f = 0
            for d in 0..<rank { f += idx[d] * fStrides[d] }
            out[i] = v[f]
            var d = rank - 1
            while d >= 0 { idx[d] += 1; if idx[d] < shape[d] { break }; idx[d] = 0; d -= 1 }
        }
        return out
    }
}
