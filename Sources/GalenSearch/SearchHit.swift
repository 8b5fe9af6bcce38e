/// One result of a search: the document's position in the index and its score (higher is better; the scale
/// depends on the method: BM25 score, cosine similarity, or fused score).
public struct SearchHit: Sendable, Equatable, Codable {
    /// 0-based position of the document in the index.
    public var document: Int
    /// The score.
    public var score: Float

    /// Creates a hit.
    public init(document: Int, score: Float) {
        self.document = document
        self.score = score
    }
}
