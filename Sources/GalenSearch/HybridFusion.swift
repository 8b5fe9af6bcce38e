import Foundation

/// How the hybrid method combines the BM25 and dense rankings of one query.
///
/// Both sides first return their best `depth` documents (100 by default); only those are fused.
/// - ``Kind/reciprocalRank``: score(d) = Σ_side 1 / (k + rank_side(d)), rank counted from 1 (reciprocal rank fusion,
///   Cormack et al. 2009; k = 60 is their default). Scale-free: it uses only ranks.
/// - ``Kind/scoreMix``: each side's scores are min–max normalised over its `depth` candidates (best → 1, worst → 0; a
///   document missing from a side gets 0 there), then score(d) = α · dense(d) + (1 − α) · bm25(d).
///
/// `galen index --evaluate` chooses the kind and its parameter on a validation split of the queries and reports the
/// test split, so the evaluation set never picks the setting.
public struct HybridFusion: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The combination rule.
    public enum Kind: String, Sendable, Codable {
        /// Reciprocal rank fusion with constant `parameter` (k).
        case reciprocalRank = "rrf"
        /// Min–max normalised score mix with dense weight `parameter` (α).
        case scoreMix = "mix"
    }

    /// The rule.
    public var kind: Kind
    /// k for reciprocal rank fusion (> 0), α in [0, 1] for the score mix.
    public var parameter: Float
    /// Candidates taken from each side.
    public var depth: Int

    /// The rule `galen index` writes into new indexes: the min–max score mix with α = 0.9, which
    /// `galen index --evaluate` chose on its validation split of ICD-10-CM inclusion-term queries with the
    /// all-MiniLM-L6-v2 encoder (the test split's figures are in docs/search.md).
    public static let indexDefault = HybridFusion(kind: .scoreMix, parameter: 0.9)

    /// Creates a fusion rule; see the type's description.
    public init(kind: Kind = .reciprocalRank, parameter: Float = 60, depth: Int = 100) {
        self.kind = kind
        self.parameter = parameter
        self.depth = depth
    }

    /// `rrf(k=60)` or `mix(alpha=0.50)`.
    public var description: String {
        switch kind {
        case .reciprocalRank: return "rrf(k=\(Int(parameter)))"
        case .scoreMix: return "mix(alpha=\(String(format: "%.2f", parameter)))"
        }
    }

    /// Fuses two rankings (each best first) and returns the best `k`.
    public func fuse(bm25: [SearchHit], dense: [SearchHit], k: Int) -> [SearchHit] {
        var fused: [Int: Float] = [:]
        switch kind {
        case .reciprocalRank:
            for (rank, hit) in bm25.prefix(depth).enumerated() { fused[hit.document, default: 0] += 1 / (parameter + Float(rank + 1)) }
            for (rank, hit) in dense.prefix(depth).enumerated() { fused[hit.document, default: 0] += 1 / (parameter + Float(rank + 1)) }
        case .scoreMix:
            func add(_ hits: ArraySlice<SearchHit>, weight: Float) {
                guard let hi = hits.first?.score, let lo = hits.last?.score else { return }
                let span = hi - lo
                for hit in hits {
                    let normalised = span > 0 ? (hit.score - lo) / span : 1
                    fused[hit.document, default: 0] += weight * normalised
                }
            }
            add(bm25.prefix(depth), weight: 1 - parameter)
            add(dense.prefix(depth), weight: parameter)
        }
        let hits = fused.map { SearchHit(document: $0.key, score: $0.value) }
        return Array(hits.sorted(by: TopK.better).prefix(k))
    }
}

/// A retrieval method.
public enum SearchMethod: String, Sendable, Codable, CaseIterable {
    /// Words only (``BM25Index``).
    case bm25
    /// Embeddings only (``DenseIndex``).
    case dense
    /// Both, fused (``HybridFusion``).
    case hybrid
}
