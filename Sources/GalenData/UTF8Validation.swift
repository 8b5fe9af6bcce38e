/// Returns the 0-based offset of the first byte that is not part of well-formed UTF-8 in `p[0..<count]`
/// (overlong forms, surrogates and code points above U+10FFFF are rejected), or nil when all bytes are valid.
/// ASCII runs are checked eight bytes at a time.
func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, count: Int) -> Int? {
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i < count {
        // Fast path: eight ASCII bytes at once.
        while i + 8 <= count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if w & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        if i >= count { break }
        let b0 = p[i]
        if b0 < 0x80 { i += 1; continue }
        @inline(__always) func cont(_ k: Int) -> Bool { i + k < count && p[i + k] & 0xC0 == 0x80 }
        if b0 >= 0xC2 && b0 <= 0xDF {
            guard cont(1) else { return i }
            i += 2
        } else if b0 >= 0xE0 && b0 <= 0xEF {
            guard cont(1), cont(2) else { return i }
            let b1 = p[i + 1]
            if b0 == 0xE0 && b1 < 0xA0 { return i }        // overlong
            if b0 == 0xED && b1 > 0x9F { return i }        // surrogate
            i += 3
        } else if b0 >= 0xF0 && b0 <= 0xF4 {
            guard cont(1), cont(2), cont(3) else { return i }
            let b1 = p[i + 1]
            if b0 == 0xF0 && b1 < 0x90 { return i }        // overlong
            if b0 == 0xF4 && b1 > 0x8F { return i }        // above U+10FFFF
            i += 4
        } else {
            return i
        }
    }
    return nil
}

/// The 1-based line of byte `offset`, counting line breaks (LF, CRLF, lone CR) in `p[from..<offset]` from
/// `startLine`.
func lineNumber(_ p: UnsafePointer<UInt8>, from: Int, to offset: Int, startLine: Int) -> Int {
    var line = startLine
    var i = from
    while i < offset {
        if p[i] == 0x0A { line += 1 } else if p[i] == 0x0D, !(i + 1 < offset && p[i + 1] == 0x0A) { line += 1 }
        i += 1
    }
    return line
}
