import Foundation

/// One WordPiece token of a text with the place of the word it came from, as UTF-8 byte offsets into the text.
///
/// Every piece of a word carries the whole word's range (`start..<end`); `isWordStart` marks the word's first piece
/// ("exertion" → "ex" (start), "##ert", "##ion", all with the range of `exertion`). Words are BERT's: whitespace
/// ends a word and every punctuation character is a word of its own (`Smith's` → `smith`, `'`, `s`).
public struct WordPieceToken: Sendable, Equatable {
    /// The vocabulary id.
    public var id: Int32
    /// Offset of the word's first byte in the text's UTF-8 form.
    public var start: Int
    /// Offset one past the word's last byte.
    public var end: Int
    /// Whether this is the first piece of its word.
    public var isWordStart: Bool

    /// A token with its word's byte range.
    public init(id: Int32, start: Int, end: Int, isWordStart: Bool) {
        self.id = id
        self.start = start
        self.end = end
        self.isWordStart = isWordStart
    }
}

extension WordPieceTokenizer {
    /// The WordPiece tokens of `text` (without `[CLS]`/`[SEP]`), each with the UTF-8 byte range of its word in
    /// `text`. The ids are exactly those of ``pieceIDs(_:)``: the text is cut at whitespace, punctuation and CJK
    /// characters on its original bytes, and each piece between cuts goes through the same cleanup, accent
    /// stripping, lower-casing and WordPiece split, so offsets survive normalisation (`Sjögren` → `sj`, `##og`,
    /// `##ren`, all with the 8 bytes of `Sjögren`). Literal special tokens (`[SEP]`) keep their own range.
    public func tokensWithOffsets(_ text: String) -> [WordPieceToken] {
        var out: [WordPieceToken] = []
        var ids: [Int32] = []
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { mutable in
            let all = UnsafeBufferPointer(mutable)
            /// Pieces of `all[a..<b]`, a run holding no cut (at most one word after cleanup).
            func word(_ a: Int, _ b: Int) {
                guard a < b else { return }
                ids.removeAll(keepingCapacity: true)
                appendPieceIDs(String(decoding: UnsafeBufferPointer(rebasing: all[a..<b]), as: UTF8.self), to: &ids)
                for (k, id) in ids.enumerated() { out.append(WordPieceToken(id: id, start: a, end: b, isWordStart: k == 0)) }
            }
            var wordStart = 0
            var i = 0
            while i < all.count {
                let c = all[i]
                if c < 0x80 {
                    if c == UInt8(ascii: "["), let special = specialAt(all, i) {
                        word(wordStart, i)
                        out.append(WordPieceToken(id: special.id, start: i, end: i + special.length, isWordStart: true))
                        i += special.length
                        wordStart = i
                    } else if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                        word(wordStart, i)
                        i += 1
                        wordStart = i
                    } else if BasicTokenizer.isASCIIPunctuation(c) {
                        word(wordStart, i)
                        word(i, i + 1)
                        i += 1
                        wordStart = i
                    } else {
                        i += 1
                    }
                    continue
                }
                // A non-ASCII scalar: decode it to see whether it is whitespace, punctuation or CJK (a cut).
                var length = 1
                if c >= 0xF0 { length = 4 } else if c >= 0xE0 { length = 3 } else if c >= 0xC0 { length = 2 }
                length = min(length, all.count - i)
                let scalar = String(decoding: UnsafeBufferPointer(rebasing: all[i..<(i + length)]), as: UTF8.self)
                    .unicodeScalars.first
                if let s = scalar, s.properties.isWhitespace {
                    word(wordStart, i)
                    wordStart = i + length
                } else if let s = scalar, BasicTokenizer.isPunctuation(s) || BasicTokenizer.isCJK(s.value) {
                    word(wordStart, i)
                    word(i, i + length)
                    wordStart = i + length
                }
                i += length
            }
            word(wordStart, all.count)
        }
        return out
    }
}
