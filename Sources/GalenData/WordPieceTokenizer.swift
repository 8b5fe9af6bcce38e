import Foundation

/// BERT's uncased WordPiece tokenizer: the same ids as Hugging Face's `tokenizers` for the same `vocab.txt`
/// (checked on a fixture of 273 sentences, `scripts/make_tokenizer_fixture.py`).
///
/// Text goes through ``BasicTokenizer`` (cleanup, CJK splitting, accent stripping, lower-casing, whitespace and
/// punctuation splitting); each word is then split greedily into the longest vocabulary pieces from the left, pieces
/// after the first carrying the `##` prefix ("exertion" → "ex", "##ert", "##ion"). A word longer than 100 characters,
/// or one that cannot be covered by pieces, becomes a single `[UNK]`. The special tokens written literally in the text
/// (`[CLS]`, `[SEP]`, `[PAD]`, `[UNK]`, `[MASK]`, exact case) map to their own ids, as in Hugging Face.
///
/// Encodings are `[CLS] pieces… [SEP]`, truncated to a maximum length (the pieces are cut, `[SEP]` kept) and padded
/// with `[PAD]`; the attention mask is 1 on real tokens. The word loop works on UTF-8 bytes and a byte trie, without
/// per-character allocation.
public struct WordPieceTokenizer: Sendable {
    /// The vocabulary (ids are line numbers of `vocab.txt`).
    public let vocabulary: WordPieceVocabulary
    /// Cleanup and splitting into words.
    public let basic: BasicTokenizer
    /// Words with more characters than this become `[UNK]` (100, as in BERT).
    public let maxInputCharsPerWord: Int
    /// Id of `[CLS]`, which starts every encoding.
    public let clsID: Int32
    /// Id of `[SEP]`, which ends every encoding.
    public let sepID: Int32
    /// Id of `[PAD]`, which fills rows to the batch length.
    public let padID: Int32
    /// Id of `[UNK]`, for words that cannot be covered by pieces.
    public let unkID: Int32
    /// Special tokens recognised literally in the text, with their ids.
    let specials: [(bytes: [UInt8], id: Int32)]

    /// Creates a tokenizer over `vocabulary`.
    /// - Throws: `TokenizerError.missingSpecialToken` when `[CLS]`, `[SEP]`, `[PAD]` or `[UNK]` is absent.
    public init(vocabulary: WordPieceVocabulary, lowercase: Bool = true, maxInputCharsPerWord: Int = 100,
                source: String = "vocabulary") throws {
        func need(_ token: String) throws -> Int32 {
            guard let id = vocabulary.id(of: token) else {
                throw TokenizerError.missingSpecialToken(path: source, token: token)
            }
            return id
        }
        self.vocabulary = vocabulary
        self.basic = BasicTokenizer(lowercase: lowercase)
        self.maxInputCharsPerWord = maxInputCharsPerWord
        self.clsID = try need("[CLS]")
        self.sepID = try need("[SEP]")
        self.padID = try need("[PAD]")
        self.unkID = try need("[UNK]")
        self.specials = ["[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]"].compactMap { token in
            vocabulary.id(of: token).map { (Array(token.utf8), $0) }
        }
    }

    /// Reads `vocab.txt` and creates a lower-casing tokenizer.
    /// - Throws: the errors of ``WordPieceVocabulary/init(contentsOf:)`` and ``init(vocabulary:lowercase:maxInputCharsPerWord:source:)``.
    public init(vocabularyFile url: URL, lowercase: Bool = true) throws {
        try self.init(vocabulary: WordPieceVocabulary(contentsOf: url), lowercase: lowercase, source: url.path)
    }

    /// The piece ids of `text`, without `[CLS]`/`[SEP]`, truncation or padding.
    public func pieceIDs(_ text: String) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.utf8.count / 3 + 4)
        appendPieceIDs(text, to: &out)
        return out
    }

    /// The pieces of `text` as strings ("##"-prefixed continuations), without special tokens.
    public func tokens(_ text: String) -> [String] {
        pieceIDs(text).map { vocabulary.tokens[Int($0)] }
    }

    /// `[CLS] pieces… [SEP]` for `text`, truncated to `maxLength` tokens (at least 2), without padding.
    /// - Throws: `TokenizerError.invalidArgument` when `maxLength` < 2.
    public func encode(_ text: String, maxLength: Int = 512) throws -> [Int32] {
        guard maxLength >= 2 else {
            throw TokenizerError.invalidArgument("maximum length \(maxLength) leaves no room for [CLS] and [SEP] (need ≥ 2)")
        }
        var ids: [Int32] = [clsID]
        appendPieceIDs(text, to: &ids)
        if ids.count > maxLength - 1 { ids.removeSubrange((maxLength - 1)...) }
        ids.append(sepID)
        return ids
    }

    /// Encodes several texts into one padded batch.
    /// - Parameters:
    ///   - texts: the texts, one row each.
    ///   - maxLength: tokens per text at most, `[CLS]` and `[SEP]` included (≥ 2); longer texts are truncated.
    ///   - padToMaxLength: pad every row to `maxLength` (true) or to the longest row of the batch (false, default).
    /// - Throws: `TokenizerError.invalidArgument` when `maxLength` < 2.
    public func encodeBatch(_ texts: [String], maxLength: Int = 128, padToMaxLength: Bool = false) throws -> TokenizedBatch {
        var rows: [[Int32]] = []
        rows.reserveCapacity(texts.count)
        for text in texts { rows.append(try encode(text, maxLength: maxLength)) }
        let length = padToMaxLength ? maxLength : (rows.map(\.count).max() ?? 0)
        var ids = [Int32](repeating: padID, count: texts.count * length)
        var mask = [Int32](repeating: 0, count: texts.count * length)
        for (r, row) in rows.enumerated() {
            for (j, id) in row.enumerated() {
                ids[r * length + j] = id
                mask[r * length + j] = 1
            }
        }
        return TokenizedBatch(count: texts.count, length: length, ids: ids, attentionMask: mask)
    }

    /// Appends the piece ids of `text`: literal special tokens map to their ids, the text between them goes through
    /// the basic tokenizer and WordPiece.
    func appendPieceIDs(_ text: String, to out: inout [Int32]) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { mutable in
            let all = UnsafeBufferPointer(mutable)
            var segmentStart = 0
            var i = 0
            while i < all.count {
                if all[i] == UInt8(ascii: "["), let special = specialAt(all, i) {
                    appendSegment(UnsafeBufferPointer(rebasing: all[segmentStart..<i]), to: &out)
                    out.append(special.id)
                    i += special.length
                    segmentStart = i
                } else {
                    i += 1
                }
            }
            appendSegment(UnsafeBufferPointer(rebasing: all[segmentStart..<all.count]), to: &out)
        }
    }

    /// The special token written at `bytes[i...]`, if any.
    func specialAt(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (id: Int32, length: Int)? {
        for special in specials where i + special.bytes.count <= bytes.count {
            var same = true
            for (k, b) in special.bytes.enumerated() where bytes[i + k] != b { same = false; break }
            if same { return (special.id, special.bytes.count) }
        }
        return nil
    }

    private func appendSegment(_ segment: UnsafeBufferPointer<UInt8>, to out: inout [Int32]) {
        if segment.isEmpty { return }
        basic.forEachWord(segment) { word in appendWord(word, to: &out) }
    }

    /// Greedy longest-match WordPiece of one word (its UTF-8 bytes).
    @inline(__always)
    private func appendWord(_ word: UnsafeBufferPointer<UInt8>, to out: inout [Int32]) {
        var characters = 0
        for b in word where b & 0xC0 != 0x80 { characters += 1 }
        if characters > maxInputCharsPerWord {
            out.append(unkID)
            return
        }
        let mark = out.count
        var start = 0
        while start < word.count {
            guard let match = vocabulary.longestMatch(word, from: start, continuation: start > 0) else {
                out.removeSubrange(mark...)
                out.append(unkID)
                return
            }
            out.append(match.id)
            start = match.end
        }
    }
}
