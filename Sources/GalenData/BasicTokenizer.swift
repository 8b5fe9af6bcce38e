import Foundation

/// BERT's basic tokenization (uncased), as Hugging Face's `BertNormalizer` + `BertPreTokenizer` do it: text cleanup,
/// CJK character splitting, accent stripping, lower-casing, then splitting on whitespace and punctuation.
///
/// In order, for every Unicode scalar of the text:
/// 1. **cleanup**: NUL, U+FFFD and control/format/unassigned/private-use scalars (general category C*) are dropped,
///    except tab, newline and carriage return, which count as whitespace;
/// 2. **whitespace** (the Unicode White_Space property, plus tab, newline, carriage return) ends a word;
/// 3. **CJK ideographs** (the CJK Unified Ideographs blocks and extensions A–E, and the compatibility ideographs)
///    become words of their own;
/// 4. **accents**: the text is put in canonical decomposition (NFD) and non-spacing marks (Mn) are dropped
///    ("Sjögren" → "sjogren");
/// 5. **lower-casing** with Unicode's full lower-case mapping;
/// 6. **punctuation** — ASCII punctuation and symbols (`!` to `/`, `:` to `@`, `[` to `` ` ``, `{` to `~`) and the
///    Unicode punctuation categories P* — become words of their own ("5mg/kg" → "5mg", "/", "kg").
///
/// Other symbols (°, ±, €, emoji) stay inside words, as in BERT. Pure-ASCII text takes a byte path that allocates
/// nothing per character; other text is decomposed once per call.
public struct BasicTokenizer: Sendable {
    /// Whether to lower-case and strip accents (true for uncased BERT models such as all-MiniLM-L6-v2).
    public var lowercase: Bool

    /// Creates a basic tokenizer; `lowercase` also turns on accent stripping, as in Hugging Face's default.
    public init(lowercase: Bool = true) {
        self.lowercase = lowercase
    }

    /// The words of `text` after cleanup and splitting (for inspection and tests; encoders use the byte path).
    public func words(_ text: String) -> [String] {
        var out: [String] = []
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            forEachWord(UnsafeBufferPointer(buffer)) { word in
                out.append(String(decoding: word, as: UTF8.self))
            }
        }
        return out
    }

    /// Calls `body` with the UTF-8 bytes of each word of `utf8` (valid UTF-8 text), in order. The buffer passed to
    /// `body` is only valid during the call.
    public func forEachWord(_ utf8: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var isASCII = true
        for b in utf8 where b >= 0x80 { isASCII = false; break }
        var word: [UInt8] = []
        word.reserveCapacity(64)
        func flush() {
            if !word.isEmpty {
                word.withUnsafeBufferPointer { body($0) }
                word.removeAll(keepingCapacity: true)
            }
        }
        func single(_ bytes: UnsafeBufferPointer<UInt8>) {
            flush()
            body(bytes)
        }
        if isASCII {
            var one: UInt8 = 0
            for var b in utf8 {
                if b < 0x20 || b == 0x7F {
                    if b == 0x09 || b == 0x0A || b == 0x0D { flush() }
                    continue  // other control characters (NUL included) are dropped
                }
                if b == 0x20 { flush(); continue }
                if Self.isASCIIPunctuation(b) {
                    one = b
                    withUnsafePointer(to: &one) { single(UnsafeBufferPointer(start: $0, count: 1)) }
                    continue
                }
                if lowercase, b >= 0x41, b <= 0x5A { b += 0x20 }
                word.append(b)
            }
            flush()
            return
        }
        let text = String(decoding: utf8, as: UTF8.self)
        let prepared = lowercase ? text.decomposedStringWithCanonicalMapping : text
        var scratch: [UInt8] = []
        scratch.reserveCapacity(8)
        func emitAlone(_ scalar: Unicode.Scalar) {
            scratch.removeAll(keepingCapacity: true)
            Self.appendUTF8(scalar, to: &scratch)
            flush()
            scratch.withUnsafeBufferPointer { body($0) }
        }
        func appendCased(_ scalar: Unicode.Scalar) {
            if Self.isPunctuation(scalar) { emitAlone(scalar) } else { Self.appendUTF8(scalar, to: &word) }
        }
        for scalar in prepared.unicodeScalars {
            let v = scalar.value
            if v == 0 || v == 0xFFFD { continue }
            if v == 0x09 || v == 0x0A || v == 0x0D || v == 0x20 { flush(); continue }
            if v < 0x80 {
                if v < 0x20 || v == 0x7F { continue }
                var b = UInt8(v)
                if Self.isASCIIPunctuation(b) { emitAlone(scalar); continue }
                if lowercase, b >= 0x41, b <= 0x5A { b += 0x20 }
                word.append(b)
                continue
            }
            let properties = scalar.properties
            switch properties.generalCategory {
            case .control, .format, .unassigned, .privateUse, .surrogate:
                continue
            default:
                break
            }
            if properties.isWhitespace { flush(); continue }
            if Self.isCJK(v) { emitAlone(scalar); continue }
            if lowercase {
                if properties.generalCategory == .nonspacingMark { continue }
                if properties.changesWhenLowercased {
                    for lower in properties.lowercaseMapping.unicodeScalars { appendCased(lower) }
                    continue
                }
            }
            appendCased(scalar)
        }
        flush()
    }

    /// ASCII punctuation and symbols as BERT treats them: `!`–`/`, `:`–`@`, `[`–`` ` ``, `{`–`~`.
    @inline(__always)
    static func isASCIIPunctuation(_ b: UInt8) -> Bool {
        (b >= 33 && b <= 47) || (b >= 58 && b <= 64) || (b >= 91 && b <= 96) || (b >= 123 && b <= 126)
    }

    /// BERT's punctuation test: ASCII punctuation/symbols or a Unicode punctuation category (Pc, Pd, Ps, Pe, Pi, Pf,
    /// Po).
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return isASCIIPunctuation(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK ideograph blocks BERT splits into single characters (Korean and Japanese kana are not among them).
    @inline(__always)
    static func isCJK(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x20000 && v <= 0x2A6DF)
            || (v >= 0x2A700 && v <= 0x2B73F) || (v >= 0x2B740 && v <= 0x2B81F) || (v >= 0x2B820 && v <= 0x2CEAF)
            || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x2F800 && v <= 0x2FA1F)
    }

    /// Appends the UTF-8 encoding of `scalar`.
    @inline(__always)
    static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        let v = scalar.value
        if v < 0x80 {
            bytes.append(UInt8(v))
        } else if v < 0x800 {
            bytes.append(UInt8(0xC0 | (v >> 6)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            bytes.append(UInt8(0xE0 | (v >> 12)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            bytes.append(UInt8(0xF0 | (v >> 18)))
            bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
