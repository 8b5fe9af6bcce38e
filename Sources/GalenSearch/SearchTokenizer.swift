import Foundation

/// The word tokenizer of the BM25 index: lower-case words with light normalisation, the same for documents and
/// queries.
///
/// 1. Unicode canonical decomposition, non-spacing marks dropped, lower-case ("Sjögren's" → "sjogren's");
/// 2. words are maximal runs of letters and digits; everything else separates words, except that an apostrophe
///    inside a word is dropped ("crohn's" → "crohns") and a dot between digits is kept ("i21.4", "0.9");
/// 3. light plural folding: a word of more than 3 letters ending in "s", but not in "ss", "us" or "is", loses the
///    "s" ("fractures" → "fracture", "crohns" → "crohn"; "abscess", "virus", "arthritis" unchanged).
///
/// No stop words are removed: BM25's inverse document frequency already weighs "of" or "with" near zero, and words
/// such as "without" or "unspecified" carry meaning in ICD-10-CM titles.
public struct SearchTokenizer: Sendable, Codable, Equatable {
    /// Whether plural "s" is folded (step 3).
    public var foldPlurals: Bool

    /// Creates the tokenizer; see the type's description.
    public init(foldPlurals: Bool = true) {
        self.foldPlurals = foldPlurals
    }

    /// The words of `text`, in order (duplicates kept).
    public func words(_ text: String) -> [String] {
        var out: [String] = []
        forEachWord(text) { out.append($0) }
        return out
    }

    /// Calls `body` with each word of `text`.
    public func forEachWord(_ text: String, _ body: (String) -> Void) {
        var isASCII = true
        for b in text.utf8 where b >= 0x80 { isASCII = false; break }
        let prepared = isASCII ? text : text.decomposedStringWithCanonicalMapping
        var word: [UInt8] = []
        word.reserveCapacity(32)
        var lastWasDigit = false
        var pendingDot = false
        func flush() {
            if word.isEmpty { return }
            if foldPlurals, word.count > 3, word.last == UInt8(ascii: "s") {
                let before = word[word.count - 2]
                if before != UInt8(ascii: "s"), before != UInt8(ascii: "u"), before != UInt8(ascii: "i"),
                   word.allSatisfy({ $0 >= 0x80 || ($0 >= 0x61 && $0 <= 0x7A) }) {
                    word.removeLast()
                }
            }
            body(String(decoding: word, as: UTF8.self))
            word.removeAll(keepingCapacity: true)
        }
        for scalar in prepared.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                let isDigit = b >= 0x30 && b <= 0x39
                let isLetter = (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A)
                if isDigit || isLetter {
                    if pendingDot {
                        if isDigit && lastWasDigit { word.append(UInt8(ascii: ".")) } else { flush() }
                        pendingDot = false
                    }
                    word.append(isLetter && b <= 0x5A ? b + 0x20 : b)
                    lastWasDigit = isDigit
                    continue
                }
                if b == UInt8(ascii: "."), !word.isEmpty, lastWasDigit, !pendingDot { pendingDot = true; continue }
                if b == UInt8(ascii: "'"), !word.isEmpty, !pendingDot { continue }
                pendingDot = false
                flush()
                lastWasDigit = false
                continue
            }
            let properties = scalar.properties
            if properties.generalCategory == .nonspacingMark { continue }
            if properties.isAlphabetic || properties.numericType != nil {
                if pendingDot { flush(); pendingDot = false }
                for lower in properties.lowercaseMapping.unicodeScalars {
                    BasicTokenizerUTF8.append(lower, to: &word)
                }
                lastWasDigit = false
                continue
            }
            if v == 0x2019, !word.isEmpty, !pendingDot { continue }  // right single quotation mark as apostrophe
            pendingDot = false
            flush()
            lastWasDigit = false
        }
        flush()
    }
}

/// UTF-8 encoding of one scalar into a byte array.
enum BasicTokenizerUTF8 {
    @inline(__always)
    static func append(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: String(scalar).utf8)
    }
}
