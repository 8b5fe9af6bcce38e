import Foundation
import Testing
@testable import GalenSearch

@Suite struct BM25Tests {
    /// Scores worked out by hand (and with Python) for a three-document corpus:
    /// N = 3, avgdl = 7/3; idf(pain) = ln(1 + 1.5/2.5) = ln 1.6, idf(exertion) = ln(1 + 2.5/1.5) = ln(8/3);
    /// doc 0 (2 words): ln 1.6 · 2.2 / (1 + 1.2 · (0.25 + 0.75 · 2 / (7/3))) = 0.49917627;
    /// doc 1 (4 words): the pain and exertion terms with |d| = 4 give 1.12275509.
    @Test func scoresMatchHandComputedValues() throws {
        let index = try BM25Index(texts: ["chest pain", "chest pain on exertion", "headache"])
        #expect(index.documentCount == 3)
        #expect(abs(index.averageLength - 7.0 / 3.0) < 1e-6)
        let scores = index.scores("pain exertion")
        #expect(abs(scores[0] - 0.4991762683) < 1e-5)
        #expect(abs(scores[1] - 1.1227550948) < 1e-5)
        #expect(scores[2] == 0)
        // A repeated query word counts once; case and plurals fold.
        #expect(index.scores("PAIN pains exertion") == scores)
        let hits = index.search("pain exertion", k: 10)
        #expect(hits.map(\.document) == [1, 0])  // documents without a query word are not returned
        #expect(index.search("unknown words", k: 5).isEmpty)
        #expect(abs(index.inverseDocumentFrequency(documentFrequency: 2) - Float(log(1.6))) < 1e-6)
    }

    @Test func parametersChangeScoresAsDefined() throws {
        // With b = 0 length does not matter: both documents score idf · tf · (k1+1) / (tf + k1).
        let index = try BM25Index(texts: ["pain", "pain with many other words here"], k1: 2.0, b: 0)
        let s = index.scores("pain")
        let idf = Float(log(1 + 0.5 / 2.5))  // N = 2, df = 2
        #expect(abs(s[0] - idf * 3 / 3) < 1e-6)
        #expect(abs(s[1] - s[0]) < 1e-7)
        #expect(throws: SearchError.self) { try BM25Index(texts: ["a"], k1: -1) }
        #expect(throws: SearchError.self) { try BM25Index(texts: ["a"], b: 1.5) }
    }

    @Test func fileRoundTripAndCorruption() throws {
        let index = try BM25Index(texts: ["Essential hypertension", "Sjögren syndrome", "Crohn's disease of small intestine"])
        let data = BM25File.encode(index)
        let back = try BM25File.decode(data, source: "bm25.bin")
        #expect(back == index)
        #expect(back.search("sjogren", k: 3) == index.search("sjogren", k: 3))
        // Truncation at every length is an error, never a crash.
        for cut in stride(from: 0, to: data.count, by: 7) {
            #expect(throws: SearchError.self) { try BM25File.decode(data.prefix(cut), source: "bm25.bin") }
        }
        var wrongMagic = data
        wrongMagic[0] = 0x58
        #expect(throws: SearchError.corruptFile(path: "bm25.bin", reason: "not a Galen BM25 file")) {
            try BM25File.decode(wrongMagic, source: "bm25.bin")
        }
        var future = data
        future[8] = 9
        #expect(throws: SearchError.unsupportedVersion(path: "bm25.bin", version: 9)) {
            try BM25File.decode(future, source: "bm25.bin")
        }
        // A posting that points past the last document.
        var bad = data
        let postingsStart = 8 + 4 + 4 + 4 + 1 + 24 + 4 * index.documentCount + 4 * (index.terms.count + 1)
        bad[postingsStart] = 0xFF; bad[postingsStart + 1] = 0xFF
        #expect(throws: SearchError.self) { try BM25File.decode(bad, source: "bm25.bin") }
    }
}

@Suite struct SearchTokenizerTests {
    @Test func normalisesLightly() {
        let t = SearchTokenizer()
        #expect(t.words("Sjögren's syndrome, Crohn’s disease") == ["sjogren", "syndrome", "crohn", "disease"])
        #expect(t.words("Fractures of ribs; abscess; virus; arthritis") == ["fracture", "of", "rib", "abscess", "virus", "arthritis"])
        #expect(t.words("I21.4 0.9% NaCl 5mg/kg q6h.") == ["i21.4", "0.9", "nacl", "5mg", "kg", "q6h"])
        #expect(t.words("COVID-19") == ["covid", "19"])
        #expect(t.words("end.") == ["end"])
        #expect(SearchTokenizer(foldPlurals: false).words("Fractures") == ["fractures"])
        #expect(t.words("") == [])
        #expect(t.words("糖尿病 café") == ["糖尿病", "cafe"])
    }
}

@Suite struct TopKTests {
    @Test func matchesFullSortWithTies() {
        var generator = SystemRandomNumberGenerator()
        for trial in 0..<20 {
            let n = 1 + trial * 37
            let scores = (0..<n).map { _ in Float(Int.random(in: 0..<20, using: &generator)) / 4 }
            for k in [1, 3, 10, n, n + 5] {
                let expected = scores.enumerated().sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
                    .prefix(k).map { SearchHit(document: $0.offset, score: $0.element) }
                #expect(TopK.select(scores, k: k) == Array(expected))
            }
        }
        #expect(TopK.select([1, 2, 3], k: 0).isEmpty)
        #expect(TopK.select([Float.nan, 1], k: 2) == [SearchHit(document: 1, score: 1)])
    }
}
