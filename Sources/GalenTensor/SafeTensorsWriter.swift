import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeTensors {
    /// Writes `tensors` as `F32` (or `F16` with `halfPrecision`) to a safetensors file at `url`, atomically.
    ///
    /// The file is written to a temporary file in the same directory, flushed to disk
    /// (`fsync`) and renamed over `url`, so a reader sees either the old file or the new one,
    /// never a partial one, and tensors still sharing a mapping of the old file (see
    /// `read(contentsOf:)`) keep their values. On failure the old file is left intact and the
    /// temporary file is removed. A new file gets mode 0644; a replaced file keeps its mode.
    ///
    /// The output is deterministic: header keys are sorted by name (`__metadata__` first, then
    /// the tensors, laid out in the data buffer in the same order), the JSON header is padded
    /// with spaces so the data buffer starts at a multiple of 8 bytes, and values are written
    /// little-endian in row-major order. Python's `safetensors.torch.load_file` reads the result.
    ///
    /// - Parameters:
    ///   - tensors: tensors by name; names must be non-empty and must not be `__metadata__`.
    ///     Any shape is allowed, including scalars (`[]`) and empty tensors.
    ///   - metadata: string pairs stored as the header's `__metadata__` object (omitted when empty).
    ///   - halfPrecision: store values as IEEE binary16 (`F16`, rounded to nearest even; magnitudes above 65504
    ///     become infinities) to halve the file, e.g. for shipped fine-tuned weights; readers convert back to Float32.
    ///   - url: the `file://` URL of the file to create or replace; its directory must exist.
    /// - Throws: `SafeTensorsError.invalidTensorName` before anything is written;
    ///   `.ioFailed` (naming the failed call) or `.fileNotFound` (missing directory) when the
    ///   file cannot be written or renamed into place.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], halfPrecision: Bool = false,
                             to url: URL) throws {
        let path = url.isFileURL ? url.path : url.absoluteString
        guard url.isFileURL else {
            throw SafeTensorsError.ioFailed(path: path, operation: "open", detail: "not a file URL")
        }
        let names = tensors.keys.sorted()
        for name in names {
            if name.isEmpty {
                throw SafeTensorsError.invalidTensorName(path: path, name: name, detail: "names must not be empty")
            }
            if name == metadataKey {
                throw SafeTensorsError.invalidTensorName(path: path, name: name,
                                                         detail: "the name is reserved for the metadata object")
            }
        }
        let ordered = names.map { (name: $0, tensor: tensors[$0]!) }
        let header = makeHeader(ordered, metadata: metadata, halfPrecision: halfPrecision)
        try writeAtomically(path: path) { fd in
            var length = UInt64(header.count).littleEndian
            try withUnsafeBytes(of: &length) { try writeAll(fd, $0, path: path) }
            try header.withUnsafeBytes { try writeAll(fd, $0, path: path) }
            for (_, t) in ordered {
                if halfPrecision { try writeHalfValues(fd, t, path: path) } else { try writeValues(fd, t, path: path) }
            }
        }
    }

    /// The header bytes: compact JSON, padded with spaces so that 8 + its length is a multiple of 8.
    static func makeHeader(_ ordered: [(name: String, tensor: Tensor)], metadata: [String: String],
                           halfPrecision: Bool = false) -> [UInt8] {
        var json = "{"
        var first = true
        func separator() { if first { first = false } else { json += "," } }
        if !metadata.isEmpty {
            separator()
            json += jsonString(metadataKey) + ":{"
            json += metadata.keys.sorted().map { jsonString($0) + ":" + jsonString(metadata[$0]!) }
                .joined(separator: ",")
            json += "}"
        }
        var offset = 0
        for (name, t) in ordered {
            let end = offset + t.count * (halfPrecision ? 2 : MemoryLayout<Float>.size)
            separator()
            json += jsonString(name)
            json += ":{\"dtype\":\"\(halfPrecision ? "F16" : "F32")\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],"
            json += "\"data_offsets\":[\(offset),\(end)]}"
            offset = end
        }
        json += "}"
        var bytes = Array(json.utf8)
        let padding = (8 - bytes.count % 8) % 8
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))
        return bytes
    }

    /// `s` as a JSON string literal (quotes, backslashes and control characters escaped).
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x7F:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// Writes the values of `t` little-endian.
    private static func writeValues(_ fd: Int32, _ t: Tensor, path: String) throws {
        let byteCount = t.count * MemoryLayout<Float>.size
        if isLittleEndianHost {
            try writeAll(fd, UnsafeRawBufferPointer(start: t.pointer, count: byteCount), path: path)
            return
        }
        let chunk = 1 << 14
        var buffer = [UInt32](repeating: 0, count: chunk)
        var i = 0
        while i < t.count {
            let n = min(chunk, t.count - i)
            for j in 0..<n { buffer[j] = t.pointer[i + j].bitPattern.littleEndian }
            try buffer.withUnsafeBytes { try writeAll(fd, UnsafeRawBufferPointer(rebasing: $0[0..<(n * 4)]), path: path) }
            i += n
        }
    }

    /// Writes the values of `t` as little-endian IEEE binary16.
    private static func writeHalfValues(_ fd: Int32, _ t: Tensor, path: String) throws {
        let chunk = 1 << 14
        var buffer = [UInt16](repeating: 0, count: chunk)
        var i = 0
        while i < t.count {
            let n = min(chunk, t.count - i)
            for j in 0..<n { buffer[j] = floatToHalf(t.pointer[i + j]).littleEndian }
            try buffer.withUnsafeBytes { try writeAll(fd, UnsafeRawBufferPointer(rebasing: $0[0..<(n * 2)]), path: path) }
            i += n
        }
    }

    /// Float32 to IEEE 754 binary16 bits, rounded to nearest even (overflow → infinity, NaN kept as a quiet NaN,
    /// tiny values → subnormals or signed zero). `halfToFloat(floatToHalf(x)) == x` for every binary16 value x.
    static func floatToHalf(_ x: Float) -> UInt16 {
        let bits = x.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0) }  // infinity or NaN
        let e = exponent - 127 + 15
        if e >= 0x1F { return sign | 0x7C00 }  // too large: infinity
        if e <= 0 {
            // Subnormal half (or zero): shift the full significand into place, rounding to nearest even.
            if e < -10 { return sign }
            let full = mantissa | 0x80_0000
            let shift = UInt32(14 - e)
            var h = full >> shift
            let rest = full & ((1 << shift) - 1), half = UInt32(1) << (shift - 1)
            if rest > half || (rest == half && h & 1 == 1) { h += 1 }
            return sign | UInt16(h)
        }
        var h = UInt32(e) << 10 | (mantissa >> 13)
        let rest = mantissa & 0x1FFF
        if rest > 0x1000 || (rest == 0x1000 && h & 1 == 1) { h += 1 }  // may carry into the exponent: still correct
        return sign | UInt16(h)
    }

    private static let isLittleEndianHost = 1.littleEndian == 1

    /// Writes every byte of `bytes`, retrying short writes and interrupted calls.
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = posixWrite(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw SafeTensorsError.ioFailed(path: path, operation: "write", detail: String(cString: strerror(errno)))
            }
            p += n
            left -= n
        }
    }

    /// Creates a temporary file next to `path`, lets `body` fill it, then fsyncs it and renames
    /// it to `path`, and fsyncs the directory. Removes the temporary file if anything fails.
    static func writeAtomically(path: String, _ body: (Int32) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        // Keep the temporary name within the 255-byte limit of most file systems.
        var stem = Substring(url.lastPathComponent)
        while stem.utf8.count > 200 { stem = stem.dropLast() }
        let template = directory + "/." + stem + ".tmp-XXXXXX"
        var templateBytes = Array(template.utf8CString)
        let fd = templateBytes.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                throw SafeTensorsError.fileNotFound(path: path)
            }
            throw SafeTensorsError.ioFailed(path: path, operation: "create temporary file in \(directory)",
                                            detail: String(cString: strerror(code)))
        }
        let tempPath = templateBytes.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var isOpen = true
        do {
            var st = stat()
            let mode: mode_t = stat(path, &st) == 0 ? st.st_mode & 0o7777 : 0o644
            fchmod(fd, mode)
            try body(fd)
            guard fsync(fd) == 0 else {
                throw SafeTensorsError.ioFailed(path: path, operation: "fsync", detail: String(cString: strerror(errno)))
            }
            isOpen = false
            guard close(fd) == 0 else {
                throw SafeTensorsError.ioFailed(path: path, operation: "close", detail: String(cString: strerror(errno)))
            }
            guard rename(tempPath, path) == 0 else {
                throw SafeTensorsError.ioFailed(path: path, operation: "rename", detail: String(cString: strerror(errno)))
            }
        } catch {
            if isOpen { close(fd) }
            unlink(tempPath)
            throw error
        }
        // Make the rename itself durable; best effort (some file systems refuse fsync on directories).
        let dirFD = open(directory, O_RDONLY | O_CLOEXEC | O_DIRECTORY)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }
}

// Inside `SafeTensors`, `write` names `SafeTensors.write`; this reaches the C call.
@inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, p, n)
}
