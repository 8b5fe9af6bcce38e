/// Retrieval quality over a set of queries that each have one correct document.
public struct RetrievalMetrics: Sendable, Equatable, Codable {
    /// Number of queries.
    public var queries: Int
    /// Share of queries whose answer is ranked first.
    public var top1: Double
    /// Share of queries whose answer is among the first five.
    public var top5: Double
    /// Mean reciprocal rank of the answer, counting 0 when it is not in the first 100 results (MRR@100).
    public var mrr: Double

    /// Metrics from the 1-based rank of each query's answer (nil when not retrieved in the first 100).
    public init(ranks: [Int?]) {
        queries = ranks.count
        let n = Double(max(ranks.count, 1))
        top1 = Double(ranks.filter { $0 == 1 }.count) / n
        top5 = Double(ranks.filter { ($0 ?? Int.max) <= 5 }.count) / n
        mrr = ranks.reduce(0.0) { sum, rank in
            guard let rank, rank <= 100 else { return sum }
            return sum + 1 / Double(rank)
        } / n
    }

    /// The 1-based rank of `answer` among `hits` (positions into `ids`), nil when absent.
    public static func rank(of answer: String, in hits: [SearchHit], ids: [String]) -> Int? {
        hits.firstIndex { ids[$0.document] == answer }.map { $0 + 1 }
    }
}
