/// A token of a text being scanned: a run of letters and digits (any non-ASCII byte counts as a letter), or one
/// punctuation byte (or an en or em dash, three bytes). Offsets are UTF-8 byte offsets.
struct TextToken {
    /// Offset of the first byte.
    var start: Int
    /// Offset one past the last byte.
    var end: Int
    /// Whether the token is letters/digits (false: a single punctuation byte).
    var isWord: Bool
    /// Number of ASCII digits in the token.
    var digits: Int
    /// Whether the first byte is an ASCII capital letter.
    var capitalised: Bool
    /// Whether every letter is an ASCII capital (and there is at least one).
    var allCaps: Bool
    /// Whether whitespace separates this token from the previous one.
    var spaceBefore: Bool
    /// Whether a line break separates this token from the previous one.
    var lineBefore: Bool

    /// Token length in bytes.
    var length: Int { end - start }
    /// Whether the token is all ASCII digits.
    var isNumber: Bool { isWord && digits == length }

    /// Splits `bytes` into tokens. Apostrophes and hyphens between letters stay inside a word (`O'Brien`,
    /// `Smith-Jones`), but hyphens between digits split (`555-1234`).
    static func tokenize(_ b: UnsafeBufferPointer<UInt8>) -> [TextToken] {
        var out: [TextToken] = []
        out.reserveCapacity(b.count / 4 + 1)
        var i = 0
        let n = b.count
        var space = false, line = false
        while i < n {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                space = true
                if c == 0x0A || c == 0x0D { line = true }
                i += 1
                continue
            }
            if c == 0xE2, isDash(b, i) {  // en and em dashes are punctuation: "10/28–11/11", "a.jpg–b.jpg"
                out.append(TextToken(start: i, end: i + 3, isWord: false, digits: 0, capitalised: false, allCaps: false,
                                     spaceBefore: space, lineBefore: line))
                i += 3
                space = false
                line = false
                continue
            }
            if isWordByte(c) {
                let s = i
                var digits = 0, letters = 0, upper = 0
                while i < n {
                    let d = b[i]
                    if d == 0x54, i - s == 2, i + 1 < n, b[i - 1] >= 0x30 && b[i - 1] <= 0x39, b[i + 1] >= 0x30 && b[i + 1] <= 0x39,
                       s > 0, b[s - 1] == 0x2D {
                        break  // the T of an ISO date-time (2021-03-04T08:30) ends the day
                    } else if d == 0xE2, isDash(b, i) {
                        break
                    } else if isWordByte(d) {
                        if d >= 0x30 && d <= 0x39 { digits += 1 } else if d < 0x80 {
                            letters += 1
                            if d >= 0x41 && d <= 0x5A { upper += 1 }
                        }
                        i += 1
                    } else if (d == 0x27 || d == 0x2D) && i + 1 < n && isLetter(b[i + 1]) && i > s && isLetter(b[i - 1]) {
                        i += 1
                    } else { break }
                }
                out.append(TextToken(start: s, end: i, isWord: true, digits: digits,
                                     capitalised: startsUpper(b, s, end: i), allCaps: letters > 0 && upper == letters,
                                     spaceBefore: space, lineBefore: line))
            } else {
                out.append(TextToken(start: i, end: i + 1, isWord: false, digits: 0, capitalised: false, allCaps: false,
                                     spaceBefore: space, lineBefore: line))
                i += 1
            }
            space = false
            line = false
        }
        return out
    }

    /// Whether the letter at `s` is a capital: ASCII `A`–`Z`, or a UTF-8 capital of Latin-1 (`Á`, `Ø`) or Latin
    /// Extended-A (`Ł`, `Ś`, `Ž`: the even code points of U+0100–U+0137 and U+014A–U+0177, the odd ones of
    /// U+0139–U+0148 and U+0179–U+017E).
    static func startsUpper(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, end: Int) -> Bool {
        let c = b[s]
        if c >= 0x41 && c <= 0x5A { return true }
        guard s + 1 < end else { return false }
        let d = b[s + 1]
        if c == 0xC3 { return d >= 0x80 && d <= 0x9E && d != 0x97 }
        guard c == 0xC4 || c == 0xC5, d >= 0x80, d <= 0xBF else { return false }
        let cp = (Int(c & 0x1F) << 6) | Int(d & 0x3F)
        if (0x100...0x137).contains(cp) || (0x14A...0x177).contains(cp) { return cp % 2 == 0 }
        if (0x139...0x148).contains(cp) || (0x179...0x17E).contains(cp) { return cp % 2 == 1 }
        return cp == 0x178
    }

    /// Whether the bytes at `i` are an en dash (U+2013) or an em dash (U+2014).
    @inline(__always) static func isDash(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        i + 2 < b.count && b[i] == 0xE2 && b[i + 1] == 0x80 && (b[i + 2] == 0x93 || b[i + 2] == 0x94)
    }

    @inline(__always) static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) || c >= 0x80
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) || c >= 0x80 }
}
