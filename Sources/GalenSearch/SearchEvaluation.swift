import Foundation
import GalenTensor

/// Measures BM25, dense and hybrid retrieval on queries with known answers, choosing the hybrid fusion on a
/// validation split so the reported (test) figures never picked a setting.
///
/// The queries are shuffled with a seeded generator and split: `validationShare` (20%) for choosing the fusion
/// among reciprocal rank fusion with k ∈ {10, 30, 60, 100} and the score mix with α ∈ {0.1, 0.2, …, 0.9} (highest
/// validation MRR wins; ties keep the earlier candidate), the rest for the reported metrics. Each method retrieves
/// 100 results per query.
public struct SearchEvaluation: Sendable {
    /// Queries used for choosing the fusion.
    public var validationQueries: Int
    /// Queries the metrics are reported on.
    public var testQueries: Int
    /// BM25 on the test queries.
    public var bm25: RetrievalMetrics
    /// Dense on the test queries (nil without an encoder).
    public var dense: RetrievalMetrics?
    /// Hybrid on the test queries with the chosen fusion (nil without an encoder).
    public var hybrid: RetrievalMetrics?
    /// The fusion chosen on the validation queries.
    public var fusion: HybridFusion?
    /// Validation MRR of every fusion candidate, for the record.
    public var fusionCandidates: [(fusion: HybridFusion, validationMRR: Double)]
    /// Mean BM25 query time in milliseconds.
    public var bm25MillisecondsPerQuery: Double
    /// Mean dense query time in milliseconds (query embedding included), nil without an encoder.
    public var denseMillisecondsPerQuery: Double?

    /// The fusion candidates tried on the validation split.
    public static let candidates: [HybridFusion] =
        [10, 30, 60, 100].map { HybridFusion(kind: .reciprocalRank, parameter: $0) }
        + (1...9).map { HybridFusion(kind: .scoreMix, parameter: Float($0) / 10) }

    /// Runs the evaluation.
    /// - Parameters:
    ///   - index: an index whose documents do not contain the query texts (built with the answers held out).
    ///   - queries: the queries; answers must be document ids of the index.
    ///   - encoder: the index's encoder for dense and hybrid; nil evaluates BM25 only.
    ///   - validationShare: share of queries for choosing the fusion (0 < share < 1).
    ///   - seed: the shuffle's seed.
    /// - Throws: `SearchError.invalidArgument` for no queries or an answer that is not a document id, and the
    ///   encoder's errors.
    public static func run(index: SearchIndex, queries: [EvaluationQuery], encoder: SentenceEncoder?,
                           validationShare: Double = 0.2, seed: UInt64 = 42) throws -> SearchEvaluation {
        guard !queries.isEmpty else { throw SearchError.invalidArgument("no evaluation queries") }
        guard validationShare > 0, validationShare < 1 else {
            throw SearchError.invalidArgument("validation share must be between 0 and 1 (got \(validationShare))")
        }
        let ids = index.documents.map(\.id)
        let known = Set(ids)
        for q in queries where !known.contains(q.answer) {
            throw SearchError.invalidArgument("an evaluation answer (\(q.answer)) is not a document of the index")
        }
        var order = Array(queries.indices)
        var generator = SeededGenerator(seed: seed)
        order.shuffle(using: &generator)
        let validationCount = max(1, Int((Double(queries.count) * validationShare).rounded()))
        let validation = Array(order.prefix(validationCount))
        let test = Array(order.dropFirst(validationCount))
        let depth = 100

        var start = Date()
        let bm25Hits = queries.map { index.bm25.search($0.text, k: depth) }
        let bm25Time = Date().timeIntervalSince(start) * 1000 / Double(queries.count)
        func metrics(_ hits: [[SearchHit]], _ subset: [Int]) -> RetrievalMetrics {
            RetrievalMetrics(ranks: subset.map { RetrievalMetrics.rank(of: queries[$0].answer, in: hits[$0], ids: ids) })
        }
        var result = SearchEvaluation(validationQueries: validation.count, testQueries: test.count,
                                      bm25: metrics(bm25Hits, test), dense: nil, hybrid: nil, fusion: nil,
                                      fusionCandidates: [], bm25MillisecondsPerQuery: bm25Time,
                                      denseMillisecondsPerQuery: nil)
        guard let encoder else { return result }
        let dense = try index.requireDense(encoder)
        start = Date()
        var denseHits: [[SearchHit]] = []
        denseHits.reserveCapacity(queries.count)
        var s = 0
        while s < queries.count {
            let e = min(queries.count, s + 256)
            let embedded = try encoder.embed(queries[s..<e].map(\.text))
            guard embedded.shape == [e - s, dense.dimension] else {
                throw SearchError.invalidEmbeddings("encoder returned shape \(embedded.shape) for \(e - s) queries")
            }
            denseHits += try dense.search(queries: embedded, k: depth)
            s = e
        }
        result.denseMillisecondsPerQuery = Date().timeIntervalSince(start) * 1000 / Double(queries.count)
        result.dense = metrics(denseHits, test)
        var best: (HybridFusion, Double)? = nil
        for candidate in candidates {
            let fused = validation.map { candidate.fuse(bm25: bm25Hits[$0], dense: denseHits[$0], k: depth) }
            let mrr = RetrievalMetrics(ranks: zip(validation, fused).map { i, hits in
                RetrievalMetrics.rank(of: queries[i].answer, in: hits, ids: ids)
            }).mrr
            result.fusionCandidates.append((candidate, mrr))
            if best == nil || mrr > best!.1 { best = (candidate, mrr) }
        }
        let chosen = best!.0
        result.fusion = chosen
        var hybridHits = [[SearchHit]](repeating: [], count: queries.count)
        for i in test { hybridHits[i] = chosen.fuse(bm25: bm25Hits[i], dense: denseHits[i], k: depth) }
        result.hybrid = metrics(hybridHits, test)
        return result
    }
}
