/// Letters that optical character recognition reads for digits inside numbers (`(7O1) 555-O139`, `ll/l9/26`,
/// `2170l`): `O`/`o` for 0, `l`/`I` for 1. The scanner reads a copy of the text with those letters turned into digits
/// where a whitespace-separated chunk is clearly a number, so that the phone, date, ZIP and address patterns find
/// them; the copy has the same length, so the spans found in it are spans of the original text.
enum OCRDigits {
    /// The digit an OCR letter stands for, or nil.
    @inline(__always) static func digit(for c: UInt8) -> UInt8? {
        switch c {
        case 0x4F, 0x6F: return 0x30  // O o
        case 0x6C, 0x49: return 0x31  // l I
        default: return nil
        }
    }

    /// Whether `c` may stand in a number chunk: a digit, an OCR letter or the punctuation of numbers.
    @inline(__always) private static func numeric(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || digit(for: c) != nil || c == 0x28 || c == 0x29 || c == 0x2D || c == 0x2F || c == 0x2E
            || c == 0x2C || c == 0x3A
    }

    /// A copy of `b` with the OCR letters of number chunks turned into digits, or nil when there is none. A chunk
    /// (bytes between whitespace, a trailing `,` `.` `;` `:` aside) is a number when it holds only digits, OCR
    /// letters and `( ) - / . , :`, at least two digits, no more letters than digits, and does not start with `I-`
    /// (`I-95`). `O2`, `IO`, `ll` and words are left alone.
    static func normalized(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8]? = nil
        let n = b.count
        var i = 0
        while i < n {
            while i < n, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
            let s = i
            var digits = 0, letters = 0, ok = true
            while i < n, !(b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09) {
                let c = b[i]
                if c >= 0x30 && c <= 0x39 { digits += 1 } else if digit(for: c) != nil { letters += 1 } else if !numeric(c) { ok = false }
                i += 1
            }
            guard ok, letters > 0, digits >= 2, letters <= digits, !(i - s >= 2 && b[s] == 0x49 && b[s + 1] == 0x2D) else { continue }
            if out == nil { out = Array(b) }
            for k in s..<i { if let d = digit(for: b[k]) { out![k] = d } }
        }
        return out
    }
}
