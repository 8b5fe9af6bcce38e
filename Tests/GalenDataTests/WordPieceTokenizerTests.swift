import Foundation
import Testing
@testable import GalenData

/// The all-MiniLM-L6-v2 model folder (scripts/fetch_minilm.sh), or `GALEN_MINILM_DIR`; nil when absent.
func miniLMDirectory() -> URL? {
    if let env = ProcessInfo.processInfo.environment["GALEN_MINILM_DIR"], !env.isEmpty {
        let url = URL(fileURLWithPath: env)
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("vocab.txt").path) ? url : nil
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("models/all-MiniLM-L6-v2")
    return FileManager.default.fileExists(atPath: url.appendingPathComponent("vocab.txt").path) ? url : nil
}

private struct ParityCase: Decodable {
    let text: String
    let ids: [Int32]
    let ids32: [Int32]
    let mask32: [Int32]
}

private struct ParityFixture: Decodable {
    let vocab_sha256: String
    let cases: [ParityCase]
}

private func loadParityFixture() throws -> ParityFixture {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/wordpiece_parity.json")
    return try JSONDecoder().decode(ParityFixture.self, from: Data(contentsOf: url))
}

/// A tiny vocabulary for tests that must not depend on the model folder.
private func tinyTokenizer() throws -> WordPieceTokenizer {
    let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "chest", "pain", "ex", "##ert", "##ion", "##e", "e",
                  ",", ".", "/", "5", "##mg", "kg", "sjogren", "高", "cafe", "un", "##aff", "##able", "##a"]
    return try WordPieceTokenizer(vocabulary: WordPieceVocabulary(tokens: tokens))
}

@Suite struct WordPieceTokenizerTests {
    @Test func matchesHuggingFaceOnTheFixture() throws {
        guard let dir = miniLMDirectory() else {
            print("skipped: models/all-MiniLM-L6-v2/vocab.txt is missing; run scripts/fetch_minilm.sh (or set GALEN_MINILM_DIR)")
            return
        }
        let fixture = try loadParityFixture()
        #expect(fixture.cases.count >= 200)
        let tokenizer = try WordPieceTokenizer(vocabularyFile: dir.appendingPathComponent("vocab.txt"))
        var mismatches = 0
        for (index, c) in fixture.cases.enumerated() {
            let ids = try tokenizer.encode(c.text, maxLength: 100_000)
            if ids != c.ids {
                mismatches += 1
                Issue.record("sentence \(index): ids differ from Hugging Face's (\(ids.count) vs \(c.ids.count) tokens)")
            }
            let batch = try tokenizer.encodeBatch([c.text], maxLength: 32, padToMaxLength: true)
            #expect(Array(batch.ids) == c.ids32, "sentence \(index): truncated/padded ids differ")
            #expect(Array(batch.attentionMask) == c.mask32, "sentence \(index): attention mask differs")
        }
        #expect(mismatches == 0)
    }

    @Test func greedyLongestMatchWithContinuations() throws {
        let t = try tinyTokenizer()
        #expect(t.tokens("Chest pain, exertion.") == ["chest", "pain", ",", "ex", "##ert", "##ion", "."])
        #expect(t.tokens("5mg/kg") == ["5", "##mg", "/", "kg"])
        #expect(t.tokens("Sjögren café") == ["sjogren", "cafe"])
        #expect(t.tokens("高高") == ["高", "高"])
        // "exq" cannot be covered: the whole word is [UNK], pieces already matched are dropped.
        #expect(t.tokens("exq pain") == ["[UNK]", "pain"])
        #expect(t.tokens(String(repeating: "a", count: 101)) == ["[UNK]"])
        #expect(t.tokens("e" + String(repeating: "a", count: 99)) == ["e"] + Array(repeating: "##a", count: 99))
        #expect(t.tokens("pain[SEP]pain") == ["pain", "[SEP]", "pain"])
        #expect(t.tokens("pain\tchest\u{7}") == ["pain", "chest"])
        #expect(t.tokens("pa\u{0}in") == ["pain"])  // control characters are dropped, not word breaks
    }

    @Test func basicTokenizerSplitsLikeBERT() {
        let b = BasicTokenizer()
        #expect(b.words("Hello,  WORLD!\tNew\nline") == ["hello", ",", "world", "!", "new", "line"])
        #expect(b.words("Naïve Sjögren 0.9%") == ["naive", "sjogren", "0", ".", "9", "%"])
        #expect(b.words("患者a") == ["患", "者", "a"])
        #expect(b.words("38.5°C ±2") == ["38", ".", "5°c", "±2"])
        #expect(b.words("zero\u{200B}width") == ["zerowidth"])
        #expect(b.words("“quoted”") == ["“", "quoted", "”"])
        #expect(b.words("") == [])
    }

    @Test func truncationPaddingAndMasks() throws {
        let t = try tinyTokenizer()
        let batch = try t.encodeBatch(["chest pain", "exertion chest pain pain pain"], maxLength: 5)
        #expect(batch.count == 2 && batch.length == 5)
        #expect(Array(batch.ids(ofRow: 0)) == [2, 5, 6, 3, 0])
        #expect(Array(batch.mask(ofRow: 0)) == [1, 1, 1, 1, 0])
        #expect(Array(batch.ids(ofRow: 1)) == [2, 7, 8, 9, 3])
        #expect(Array(batch.mask(ofRow: 1)) == [1, 1, 1, 1, 1])
        let fixed = try t.encodeBatch(["pain"], maxLength: 6, padToMaxLength: true)
        #expect(Array(fixed.ids) == [2, 6, 3, 0, 0, 0])
        #expect(throws: TokenizerError.self) { try t.encode("pain", maxLength: 1) }
    }

    @Test func vocabularyErrorsNameTheLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("galen-vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dup = dir.appendingPathComponent("dup.txt")
        try "[PAD]\n[UNK]\npain\npain\n".write(to: dup, atomically: true, encoding: .utf8)
        #expect(throws: TokenizerError.duplicateToken(path: dup.path, line: 4, firstLine: 3)) {
            try WordPieceVocabulary(contentsOf: dup)
        }
        let bad = dir.appendingPathComponent("bad.txt")
        try Data([0x61, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: bad)
        #expect(throws: TokenizerError.invalidUTF8(path: bad.path, line: 2)) { try WordPieceVocabulary(contentsOf: bad) }
        let noCLS = dir.appendingPathComponent("nocls.txt")
        try "[PAD]\n[UNK]\n[SEP]\n".write(to: noCLS, atomically: true, encoding: .utf8)
        #expect(throws: TokenizerError.missingSpecialToken(path: noCLS.path, token: "[CLS]")) {
            try WordPieceTokenizer(vocabularyFile: noCLS)
        }
        #expect(throws: TokenizerError.self) { try WordPieceVocabulary(contentsOf: dir.appendingPathComponent("none.txt")) }
    }

    @Test func throughputOnClinicalText() throws {
        guard let dir = miniLMDirectory() else {
            print("skipped: models/all-MiniLM-L6-v2/vocab.txt is missing; run scripts/fetch_minilm.sh")
            return
        }
        let t = try WordPieceTokenizer(vocabularyFile: dir.appendingPathComponent("vocab.txt"))
        let sentences = (0..<2000).map { "Patient \($0) presents with chest pain on exertion, 5mg/kg q6h, Sjögren's syndrome." }
        let start = Date()
        var total = 0
        for s in sentences { total += t.pieceIDs(s).count }
        let seconds = Date().timeIntervalSince(start)
        print("WordPiece: \(total) tokens in \(String(format: "%.3f", seconds)) s = \(Int(Double(total) / seconds)) tokens/s")
        #expect(total > 20_000)
    }
}
