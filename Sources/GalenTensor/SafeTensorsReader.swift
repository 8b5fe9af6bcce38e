import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeTensors {
    /// Reads every tensor of the safetensors file at `url`, converted to Float32.
    ///
    /// The file is memory-mapped copy-on-write (`MAP_PRIVATE`): `F32` tensors whose data is
    /// 4-byte aligned in the file (always the case for files written by Galen or by the
    /// Python `safetensors` package) share the mapped pages without copying, and writing into
    /// them (an optimizer step) changes private copies of the pages, never the file. The
    /// mapping is released when the last tensor sharing it is freed. Other dtypes (`F16`,
    /// `BF16`, `F64`, `F8_E4M3`, `F8_E5M2`, `I64`, `I32`, `I16`, `I8`, `U64`, `U32`, `U16`,
    /// `U8`, `BOOL`; `BOOL` gives 0 or 1) and unaligned `F32` data are converted into new
    /// storage.
    ///
    /// Replace a file that may be mapped with `write(_:metadata:to:)`, which renames a new
    /// file into place; truncating or rewriting a mapped file in place is undefined for
    /// the tensors still sharing it (as with any memory-mapped file).
    ///
    /// - Parameter url: a `file://` URL of a safetensors file.
    /// - Returns: the tensors by name, each with the shape recorded in the file (`[]` is a scalar).
    /// - Throws: `SafeTensorsError`: `.fileNotFound`, `.notARegularFile`, `.ioFailed` for the
    ///   file itself; `.fileTooSmall`, `.headerTooLarge`, `.headerExceedsFile`, `.invalidHeader`,
    ///   `.invalidEntry`, `.invalidMetadata`, `.unsupportedDType`, `.invalidShape`,
    ///   `.byteCountMismatch`, `.invalidOffsets`, `.incompleteBuffer` for a malformed file.
    ///   The whole file is validated before any tensor is built.
    public static func read(contentsOf url: URL) throws -> [String: Tensor] {
        try readWithMetadata(contentsOf: url).tensors
    }

    /// Reads every tensor of the safetensors file at `url`, converted to Float32, and the
    /// string-to-string `__metadata__` object of its header (empty when the file has none).
    ///
    /// See `read(contentsOf:)` for the memory mapping, the conversions and the errors.
    public static func readWithMetadata(contentsOf url: URL) throws
        -> (tensors: [String: Tensor], metadata: [String: String]) {
        let path = url.isFileURL ? url.path : url.absoluteString
        guard url.isFileURL else {
            throw SafeTensorsError.ioFailed(path: path, operation: "open", detail: "not a file URL")
        }
        return try decode(try MappedFile(path: path), path: path)
    }

    /// Reads every tensor and the `__metadata__` of safetensors bytes held in memory (e.g. a decrypted model file);
    /// `source` names them in errors. The bytes are copied once into storage the tensors share.
    /// - Throws: as `readWithMetadata(contentsOf:)` for a malformed file.
    public static func readWithMetadata(bytes: Data, source: String) throws
        -> (tensors: [String: Tensor], metadata: [String: String]) {
        try decode(MappedFile(copying: bytes), path: source)
    }

    /// Validates and decodes a whole safetensors image.
    private static func decode(_ file: MappedFile, path: String) throws
        -> (tensors: [String: Tensor], metadata: [String: String]) {
        let fileSize = file.length
        guard fileSize >= 8 else { throw SafeTensorsError.fileTooSmall(path: path, byteCount: fileSize) }
        let base = UnsafeRawPointer(file.base!)
        let headerLength = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(maximumHeaderLength) else {
            throw SafeTensorsError.headerTooLarge(path: path, headerLength: headerLength, limit: maximumHeaderLength)
        }
        guard headerLength <= UInt64(fileSize - 8) else {
            throw SafeTensorsError.headerExceedsFile(path: path, headerLength: headerLength, available: fileSize - 8)
        }
        let n = Int(headerLength)
        let header = UnsafeRawBufferPointer(start: base + 8, count: n)
        let dataStart = 8 + n
        let bufferLength = fileSize - dataStart
        let (entries, metadata) = try parseHeader(header, bufferLength: bufferLength, path: path)

        var tensors: [String: Tensor] = [:]
        tensors.reserveCapacity(entries.count)
        let data = file.base! + dataStart
        for e in entries {
            tensors[e.name] = makeTensor(e, data: data, file: file)
        }
        return (tensors, metadata)
    }

    // MARK: - Header

    /// One validated header entry: the tensor's dtype, shape and byte range in the data buffer.
    struct Entry {
        var name: String
        var dtype: DType
        var shape: [Int]
        var count: Int
        var begin: Int
        var end: Int
    }

    /// Parses and validates the JSON header in `bytes` against a data buffer of `bufferLength`
    /// bytes. Entries are returned sorted by name; every check of the format is done here, so
    /// the returned ranges are safe to read.
    static func parseHeader(_ bytes: UnsafeRawBufferPointer, bufferLength: Int, path: String) throws
        -> (entries: [Entry], metadata: [String: String]) {
        guard let first = bytes.first else {
            throw SafeTensorsError.invalidHeader(path: path, detail: "the header is empty (length 0)")
        }
        guard first == UInt8(ascii: "{") else {
            throw SafeTensorsError.invalidHeader(path: path,
                detail: "the header must start with \"{\" but starts with byte 0x\(String(first, radix: 16))")
        }
        guard isValidUTF8(bytes) else {
            throw SafeTensorsError.invalidHeader(path: path, detail: "the header is not valid UTF-8")
        }
        let raw: RawHeader
        do {
            raw = try JSONDecoder().decode(RawHeader.self, from: Data(bytes))
        } catch let problem as HeaderProblem {
            switch problem {
            case let .entry(name, detail): throw SafeTensorsError.invalidEntry(path: path, tensor: name, detail: detail)
            case let .metadata(detail): throw SafeTensorsError.invalidMetadata(path: path, detail: detail)
            }
        } catch let DecodingError.typeMismatch(_, context) where context.codingPath.isEmpty {
            throw SafeTensorsError.invalidHeader(path: path, detail: "the header is not a JSON object")
        } catch {
            // JSONDecoder says only "not valid JSON"; JSONSerialization tells where.
            var detail = describe(error)
            do { _ = try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
                if let where_ = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String { detail = where_ }
            }
            throw SafeTensorsError.invalidHeader(path: path, detail: "invalid JSON: \(detail)")
        }

        if let (key, object) = firstDuplicateKey(bytes) {
            throw SafeTensorsError.invalidHeader(path: path,
                detail: "the key \"\(key)\" appears more than once in \(object.map { "the object \"\($0)\"" } ?? "the header")")
        }

        var entries: [Entry] = []
        entries.reserveCapacity(raw.entries.count)
        for (name, r) in raw.entries.sorted(by: { $0.name < $1.name }) {
            guard let dtype = DType(rawValue: r.dtype) else {
                throw SafeTensorsError.unsupportedDType(path: path, tensor: name, dtype: r.dtype)
            }
            if let d = r.shape.first(where: { $0 < 0 }) {
                throw SafeTensorsError.invalidShape(path: path, tensor: name, shape: r.shape,
                                                    detail: "dimension \(d) is negative")
            }
            var count = 1
            var overflow = false
            for d in r.shape where !overflow { (count, overflow) = count.multipliedReportingOverflow(by: d) }
            let (byteCount, byteOverflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
            if overflow || byteOverflow {
                throw SafeTensorsError.invalidShape(path: path, tensor: name, shape: r.shape,
                                                    detail: "the element count overflows a 64-bit integer")
            }
            guard r.dataOffsets.count == 2 else {
                throw SafeTensorsError.invalidEntry(path: path, tensor: name,
                    detail: "data_offsets must hold 2 integers [begin, end], it holds \(r.dataOffsets.count)")
            }
            let begin = r.dataOffsets[0], end = r.dataOffsets[1]
            guard begin >= 0, end >= begin else {
                throw SafeTensorsError.invalidOffsets(path: path, tensor: name, begin: begin, end: end,
                    detail: begin < 0 ? "begin is negative" : "end is before begin")
            }
            guard end <= bufferLength else {
                throw SafeTensorsError.invalidOffsets(path: path, tensor: name, begin: begin, end: end,
                    detail: "end is past the end of the \(bufferLength)-byte data buffer")
            }
            guard end - begin == byteCount else {
                throw SafeTensorsError.byteCountMismatch(path: path, tensor: name, dtype: r.dtype, shape: r.shape,
                                                         expected: byteCount, actual: end - begin)
            }
            entries.append(Entry(name: name, dtype: dtype, shape: r.shape, count: count, begin: begin, end: end))
        }

        // The ranges, in file order, must follow each other with no gap and no overlap and
        // cover the whole buffer.
        var covered = 0
        var previous: String?
        for e in entries.sorted(by: { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }) {
            if e.begin < covered {
                throw SafeTensorsError.invalidOffsets(path: path, tensor: e.name, begin: e.begin, end: e.end,
                    detail: "overlaps tensor \"\(previous ?? "")\", which ends at \(covered)")
            }
            if e.begin > covered {
                throw SafeTensorsError.invalidOffsets(path: path, tensor: e.name, begin: e.begin, end: e.end,
                    detail: "leaves a hole of \(e.begin - covered) bytes after offset \(covered)")
            }
            covered = e.end
            previous = e.name
        }
        guard covered == bufferLength else {
            throw SafeTensorsError.incompleteBuffer(path: path, covered: covered, bufferLength: bufferLength)
        }
        return (entries, raw.metadata)
    }

    /// Whether `bytes` is well-formed UTF-8.
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// The first key that appears twice in one object of `json` (already known to be valid JSON),
    /// with the key of the enclosing object (nil at the top level).
    ///
    /// JSON decoders keep one of the duplicates silently, and not all the same one: Python's
    /// safetensors keeps the last. A header with duplicates could thus load different weights
    /// in Galen and in PyTorch, so it is rejected. Keys are compared as Swift strings (after
    /// unescaping, and under canonical Unicode equivalence), as a `[String: Tensor]` would.
    static func firstDuplicateKey(_ json: UnsafeRawBufferPointer) -> (key: String, object: String?)? {
        struct Level { var isObject: Bool; var expectKey: Bool; var keys: Set<String> = []; var lastKey: String? }
        var stack: [Level] = []
        var i = 0
        let n = json.count
        while i < n {
            switch json[i] {
            case UInt8(ascii: "\""):
                var j = i + 1
                var escaped = false
                while j < n && json[j] != UInt8(ascii: "\"") {
                    if json[j] == UInt8(ascii: "\\") { escaped = true; j += 2 } else { j += 1 }
                }
                let end = min(j + 1, n)
                if let top = stack.last, top.isObject, top.expectKey {
                    let literal = UnsafeRawBufferPointer(rebasing: json[i..<end])
                    let key = escaped ? (try? JSONDecoder().decode(String.self, from: Data(literal)))
                        ?? String(decoding: literal, as: UTF8.self)
                        : String(decoding: UnsafeRawBufferPointer(rebasing: json[(i + 1)..<max(i + 1, end - 1)]), as: UTF8.self)
                    if !stack[stack.count - 1].keys.insert(key).inserted {
                        return (key, stack.count >= 2 ? stack[stack.count - 2].lastKey : nil)
                    }
                    stack[stack.count - 1].expectKey = false
                    stack[stack.count - 1].lastKey = key
                }
                i = end
                continue
            case UInt8(ascii: "{"): stack.append(Level(isObject: true, expectKey: true))
            case UInt8(ascii: "["): stack.append(Level(isObject: false, expectKey: false))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = stack.popLast()
            case UInt8(ascii: ","): if stack.last?.isObject == true { stack[stack.count - 1].expectKey = true }
            default: break
            }
            i += 1
        }
        return nil
    }

    /// A short message for a decoding error.
    private static func describe(_ error: Error) -> String {
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty ? "" : " at \(path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: "."))"
        }
        func name(_ type: Any.Type) -> String {
            let s = "\(type)"
            if s.hasPrefix("Dictionary") { return "an object" }
            if s.hasPrefix("Array") { return "an array" }
            if s.hasPrefix("String") { return "a string" }
            if s.hasPrefix("Int") { return "an integer" }
            return s
        }
        guard let e = error as? DecodingError else { return "\(error)" }
        switch e {
        case let .typeMismatch(type, c): return "expected \(name(type))\(at(c.codingPath))"
        case let .valueNotFound(type, c): return "expected \(name(type))\(at(c.codingPath)), found null"
        case let .keyNotFound(key, _): return "missing field \"\(key.stringValue)\""
        case let .dataCorrupted(c):
            var s = c.debugDescription + at(c.codingPath)
            if let u = c.underlyingError { s += " (\(u.localizedDescription))" }
            return s
        @unknown default: return "\(e)"
        }
    }

    /// Problems found while decoding the header, turned into `SafeTensorsError` by `parseHeader`.
    private enum HeaderProblem: Error {
        case entry(name: String, detail: String)
        case metadata(String)
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// A header entry as written, before validation.
    private struct RawEntry: Decodable {
        var dtype: String
        var shape: [Int]
        var dataOffsets: [Int]
        enum CodingKeys: String, CodingKey { case dtype, shape, dataOffsets = "data_offsets" }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            dtype = try c.decode(String.self, forKey: .dtype)
            shape = try Self.integers(c, .shape)
            dataOffsets = try Self.integers(c, .dataOffsets)
        }

        /// An array of integers; a fraction or a number beyond 64 bits gets a clear message
        /// (the decoder's own error for them is not a `DecodingError`).
        private static func integers(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> [Int] {
            do {
                return try c.decode([Int].self, forKey: key)
            } catch let error as DecodingError {
                throw error
            } catch {
                throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [key],
                    debugDescription: "\(key.stringValue) must hold whole numbers that fit in 64 bits"))
            }
        }
    }

    /// The header object: tensor entries and the optional metadata.
    private struct RawHeader: Decodable {
        var entries: [(name: String, entry: RawEntry)] = []
        var metadata: [String: String] = [:]

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            for key in c.allKeys {
                let name = key.stringValue
                if name == SafeTensors.metadataKey {
                    if try c.decodeNil(forKey: key) { continue }
                    do {
                        metadata = try c.decode([String: String].self, forKey: key)
                    } catch {
                        throw HeaderProblem.metadata("it must be an object of string values: \(SafeTensors.describe(error))")
                    }
                } else {
                    do {
                        entries.append((name, try c.decode(RawEntry.self, forKey: key)))
                    } catch {
                        throw HeaderProblem.entry(name: name, detail: SafeTensors.describe(error))
                    }
                }
            }
        }
    }

    // MARK: - Tensors

    /// Builds the tensor of a validated entry: shares the mapping for aligned little-endian F32
    /// data, converts into new storage otherwise.
    private static func makeTensor(_ e: Entry, data: UnsafeMutableRawPointer, file: MappedFile) -> Tensor {
        let src = data + e.begin
        if e.count == 0 {
            return Tensor(shape: e.shape, storage: TensorStorage(uninitializedCount: 0))
        }
        if e.dtype == .f32, isLittleEndian, Int(bitPattern: src) % MemoryLayout<Float>.alignment == 0 {
            let p = src.bindMemory(to: Float.self, capacity: e.count)
            return Tensor(shape: e.shape, storage: TensorStorage(borrowing: p, count: e.count, owner: file))
        }
        let storage = TensorStorage(uninitializedCount: e.count)
        convert(UnsafeRawPointer(src), dtype: e.dtype, count: e.count, into: storage.pointer)
        return Tensor(shape: e.shape, storage: storage)
    }

    private static let isLittleEndian = 1.littleEndian == 1

    /// Converts `count` little-endian values of `dtype` at `src` (any alignment) to Float32.
    static func convert(_ src: UnsafeRawPointer, dtype: DType, count: Int, into dst: UnsafeMutablePointer<Float>) {
        @inline(__always) func load<T: FixedWidthInteger>(_ i: Int, _: T.Type) -> T {
            T(littleEndian: src.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self))
        }
        switch dtype {
        case .f32:
            for i in 0..<count { dst[i] = Float(bitPattern: load(i, UInt32.self)) }
        case .f16:
            for i in 0..<count { dst[i] = halfToFloat(load(i, UInt16.self)) }
        case .bf16:
            for i in 0..<count { dst[i] = Float(bitPattern: UInt32(load(i, UInt16.self)) << 16) }
        case .f64:
            for i in 0..<count { dst[i] = Float(Double(bitPattern: load(i, UInt64.self))) }
        case .f8e5m2:
            // E5M2 is the upper byte of an IEEE half.
            for i in 0..<count { dst[i] = halfToFloat(UInt16(load(i, UInt8.self)) << 8) }
        case .f8e4m3:
            for i in 0..<count { dst[i] = e4m3ToFloat(load(i, UInt8.self)) }
        case .i64: for i in 0..<count { dst[i] = Float(load(i, Int64.self)) }
        case .i32: for i in 0..<count { dst[i] = Float(load(i, Int32.self)) }
        case .i16: for i in 0..<count { dst[i] = Float(load(i, Int16.self)) }
        case .i8: for i in 0..<count { dst[i] = Float(load(i, Int8.self)) }
        case .u64: for i in 0..<count { dst[i] = Float(load(i, UInt64.self)) }
        case .u32: for i in 0..<count { dst[i] = Float(load(i, UInt32.self)) }
        case .u16: for i in 0..<count { dst[i] = Float(load(i, UInt16.self)) }
        case .u8: for i in 0..<count { dst[i] = Float(load(i, UInt8.self)) }
        case .bool: for i in 0..<count { dst[i] = load(i, UInt8.self) != 0 ? 1 : 0 }
        }
    }

    /// IEEE 754 binary16 bits to Float32 (exact; keeps signed zeros, subnormals, infinities, NaN).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        switch exponent {
        case 0:
            let magnitude = Float(mantissa) * 0x1p-24  // zero or subnormal: mantissa * 2^-24
            return Float(bitPattern: sign | magnitude.bitPattern)
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))  // infinity or NaN
        default:
            return Float(bitPattern: sign | ((exponent + 127 - 15) << 23) | (mantissa << 13))
        }
    }

    /// OCP FP8 E4M3 ("e4m3fn": bias 7, no infinities, NaN at 0x7F and 0xFF) to Float32 (exact).
    static func e4m3ToFloat(_ b: UInt8) -> Float {
        let negative = b & 0x80 != 0
        let exponent = Int((b >> 3) & 0x0F)
        let mantissa = Float(b & 0x07)
        let magnitude: Float
        if exponent == 0x0F && b & 0x07 == 0x07 {
            magnitude = .nan
        } else if exponent == 0 {
            magnitude = mantissa * 0x1p-9  // subnormal: mantissa/8 * 2^-6
        } else {
            magnitude = (1 + mantissa / 8) * Float(sign: .plus, exponent: exponent - 7, significand: 1)
        }
        return negative ? -magnitude : magnitude
    }
}

/// A whole file mapped copy-on-write; unmapped when the last tensor borrowing it is freed.
final class MappedFile: @unchecked Sendable {
    /// First byte of the mapping; nil for an empty file (which cannot be mapped).
    let base: UnsafeMutableRawPointer?
    /// Length of the file and of the mapping, in bytes.
    let length: Int

    /// Opens and maps the regular file at `path`.
    /// - Throws: `SafeTensorsError.fileNotFound`, `.notARegularFile` or `.ioFailed`.
    init(path: String) throws {
        // O_NONBLOCK so that opening a FIFO by mistake fails below instead of hanging.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw SafeTensorsError.fileNotFound(path: path) }
            throw SafeTensorsError.ioFailed(path: path, operation: "open", detail: String(cString: strerror(code)))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw SafeTensorsError.ioFailed(path: path, operation: "fstat", detail: String(cString: strerror(errno)))
        }
        let type = st.st_mode & S_IFMT
        guard type == S_IFREG else {
            let kind = type == S_IFDIR ? "a directory" : type == S_IFIFO ? "a pipe"
                : type == S_IFCHR || type == S_IFBLK ? "a device" : type == S_IFSOCK ? "a socket" : "not a file"
            throw SafeTensorsError.notARegularFile(path: path, kind: kind)
        }
        length = Int(st.st_size)
        if length == 0 {
            base = nil
            return
        }
        let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else {
            throw SafeTensorsError.ioFailed(path: path, operation: "mmap", detail: String(cString: strerror(errno)))
        }
        base = p
    }

    /// Anonymous memory holding a copy of `bytes` (released like a file mapping).
    init(copying bytes: Data) {
        let count = bytes.count
        length = count
        guard count > 0 else { base = nil; return }
        let p = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let p, p != MAP_FAILED else { fatalError("out of memory mapping \(count) bytes") }
        bytes.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: count) }
        base = p
    }

    deinit {
        if let base { munmap(base, length) }
    }
}
