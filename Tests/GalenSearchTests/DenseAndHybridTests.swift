import Foundation
import GalenTensor
import Testing
@testable import GalenSearch

@Suite struct DenseAndHybridTests {
    @Test func trigramEncoderIsDeterministicAndNormalised() throws {
        let encoder = try HashedTrigramEncoder(dimension: 64)
        let a = try encoder.embed(["Essential hypertension", "hypertensive heart disease", ""])
        let b = try encoder.embed(["Essential hypertension"])
        #expect(a.shape == [3, 64])
        #expect(Array(a.scalars[0..<64]) == b.scalars)
        let row0 = Array(a.scalars[0..<64]), row1 = Array(a.scalars[64..<128]), row2 = Array(a.scalars[128..<192])
        #expect(abs(row0.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        #expect(row2.allSatisfy { $0 == 0 })
        let similar = zip(row0, row1).reduce(0) { $0 + $1.0 * $1.1 }
        let other = try encoder.embed(["fracture of femur"]).scalars
        let unrelated = zip(row0, other).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(similar > unrelated)
        #expect(throws: SearchError.self) { try HashedTrigramEncoder(dimension: 2) }
    }

    @Test func denseScoresAreDotProductsAndTopKIsExact() throws {
        var generator = SeededGenerator(seed: 7)
        let n = 300, d = 24
        var values = (0..<(n * d)).map { _ in Float.random(in: -1...1, using: &generator) }
        for r in 0..<n {
            let norm = (0..<d).reduce(Float(0)) { $0 + values[r * d + $1] * values[r * d + $1] }.squareRoot()
            for j in 0..<d { values[r * d + j] /= norm }
        }
        let index = try DenseIndex(embeddings: Tensor(shape: [n, d], values: values), encoder: "test")
        let query = Array(values[(17 * d)..<(18 * d)])
        let scores = try index.scores(query)
        for r in [0, 17, 299] {
            let dot = (0..<d).reduce(Float(0)) { $0 + values[r * d + $1] * query[$1] }
            #expect(abs(scores[r] - dot) < 1e-5)
        }
        let hits = try index.search(query, k: 5)
        #expect(hits.first?.document == 17)
        #expect(abs(hits[0].score - 1) < 1e-5)
        #expect(hits == TopK.select(scores, k: 5))
        // The batched path gives the same hits as one query at a time.
        let queries = try Tensor(shape: [3, d], values: Array(values[0..<(3 * d)]))
        let batched = try index.search(queries: queries, k: 4)
        for q in 0..<3 {
            #expect(batched[q] == (try index.search(Array(values[(q * d)..<((q + 1) * d)]), k: 4)))
        }
        #expect(throws: SearchError.self) { try index.scores([1, 2]) }
        #expect(throws: SearchError.self) { try DenseIndex(embeddings: Tensor([1, 2, 3]), encoder: "x") }
        #expect(throws: SearchError.self) {
            try DenseIndex(embeddings: Tensor(shape: [1, 2], values: [Float.nan, 0]), encoder: "x")
        }
    }

    @Test func reciprocalRankFusionByHand() {
        let bm25 = [SearchHit(document: 3, score: 9), SearchHit(document: 1, score: 5), SearchHit(document: 2, score: 1)]
        let dense = [SearchHit(document: 1, score: 0.9), SearchHit(document: 4, score: 0.8)]
        let rrf = HybridFusion(kind: .reciprocalRank, parameter: 60).fuse(bm25: bm25, dense: dense, k: 10)
        // doc 1: 1/62 + 1/61; doc 3: 1/61; doc 4: 1/62; doc 2: 1/63.
        #expect(rrf.map(\.document) == [1, 3, 4, 2])
        #expect(abs(rrf[0].score - (1.0 / 62 + 1.0 / 61)) < 1e-7)
        let mix = HybridFusion(kind: .scoreMix, parameter: 0.25).fuse(bm25: bm25, dense: dense, k: 2)
        // bm25 normalised: 3 → 1, 1 → 0.5, 2 → 0; dense: 1 → 1, 4 → 0.
        // doc 3: 0.75; doc 1: 0.75 · 0.5 + 0.25 = 0.625.
        #expect(mix.map(\.document) == [3, 1])
        #expect(abs(mix[0].score - 0.75) < 1e-6 && abs(mix[1].score - 0.625) < 1e-6)
    }
}
