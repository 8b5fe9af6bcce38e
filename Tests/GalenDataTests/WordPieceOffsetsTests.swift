import Foundation
import Testing
@testable import GalenData

/// `WordPieceTokenizer.tokensWithOffsets`: the same ids as `pieceIDs`, each with its word's UTF-8 byte range.
@Suite struct WordPieceOffsetsTests {
    private func tiny() throws -> WordPieceTokenizer {
        let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "chest", "pain", "ex", "##ert", "##ion", "'", "s",
                      ",", ".", "/", "5", "##mg", "kg", "sj", "##og", "##ren", "高", "smith", "-"]
        return try WordPieceTokenizer(vocabulary: WordPieceVocabulary(tokens: tokens))
    }

    /// The text of each token's range.
    private func words(_ text: String, _ tokens: [WordPieceToken]) -> [String] {
        let b = Array(text.utf8)
        return tokens.map { String(decoding: b[$0.start..<$0.end], as: UTF8.self) }
    }

    @Test func offsetsPointAtTheOriginalWords() throws {
        let t = try tiny()
        let text = "Sjögren's  exertion,\tChest-pain 5mg/kg 高 [SEP] Smith"
        let tokens = t.tokensWithOffsets(text)
        #expect(tokens.map(\.id) == t.pieceIDs(text))
        #expect(words(text, tokens) == ["Sjögren", "Sjögren", "Sjögren", "'", "s", "exertion", "exertion", "exertion", ",",
                                        "Chest", "-", "pain", "5mg", "5mg", "/", "kg", "高", "[SEP]", "Smith"])
        #expect(tokens.map(\.isWordStart) == [true, false, false, true, true, true, false, false, true,
                                              true, true, true, true, false, true, true, true, true, true])
        #expect(t.tokens("Sjögren").count == 3)
        #expect(t.tokensWithOffsets("").isEmpty && t.tokensWithOffsets(" \n\t").isEmpty)
        // An unknown word is one [UNK] with the word's range.
        let unknown = t.tokensWithOffsets("pain zzz")
        #expect(unknown.map(\.id) == [t.vocabulary.id(of: "pain")!, t.unkID] && unknown[1].start == 5 && unknown[1].end == 8)
    }

    @Test func sameIDsAsTheTokenizerOnTheParityFixture() throws {
        guard let dir = miniLMDirectory() else {
            print("skipped: models/all-MiniLM-L6-v2/vocab.txt is missing; run scripts/fetch_minilm.sh (or set GALEN_MINILM_DIR)")
            return
        }
        struct Case: Decodable { let text: String }
        struct Fixture: Decodable { let cases: [Case] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/wordpiece_parity.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let t = try WordPieceTokenizer(vocabularyFile: dir.appendingPathComponent("vocab.txt"))
        for (i, c) in fixture.cases.enumerated() {
            let tokens = t.tokensWithOffsets(c.text)
            #expect(tokens.map(\.id) == t.pieceIDs(c.text), "sentence \(i): ids differ from pieceIDs")
            let n = c.text.utf8.count
            #expect(tokens.allSatisfy { $0.start >= 0 && $0.start < $0.end && $0.end <= n }, "sentence \(i): a range is out of bounds")
        }
    }
}
