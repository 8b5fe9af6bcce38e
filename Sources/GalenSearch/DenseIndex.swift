import GalenTensor

/// Exact cosine search over L2-normalised Float32 embeddings held in one contiguous row-major `[count, dimension]`
/// matrix: a query's scores are one matrix–vector product (BLAS), the best `k` come from a bounded heap.
public struct DenseIndex: @unchecked Sendable {
    /// The embeddings, `[count, dimension]`, rows L2-normalised.
    public let embeddings: Tensor
    /// The encoder's identifier (``SentenceEncoder/identifier``).
    public let encoder: String

    /// Number of rows (documents).
    public var count: Int { embeddings.shape[0] }
    /// Embedding width.
    public var dimension: Int { embeddings.shape[1] }

    /// Wraps an embedding matrix.
    /// - Throws: `SearchError.invalidEmbeddings` when it is not rank 2 or holds NaN or infinity.
    public init(embeddings: Tensor, encoder: String) throws {
        guard embeddings.rank == 2 else {
            throw SearchError.invalidEmbeddings("embeddings must be a [documents, dimension] matrix (got shape \(embeddings.shape))")
        }
        guard !embeddings.hasNonFinite else { throw SearchError.invalidEmbeddings("embeddings hold NaN or infinite values") }
        self.embeddings = embeddings
        self.encoder = encoder
    }

    /// Cosine similarity of every row with `query` (length `dimension`, L2-normalised).
    public func scores(_ query: [Float]) throws -> [Float] {
        guard query.count == dimension else {
            throw SearchError.mismatch("query embedding has \(query.count) values; the index has \(dimension)")
        }
        var out = [Float](repeating: 0, count: count)
        query.withUnsafeBufferPointer { q in
            out.withUnsafeMutableBufferPointer { o in
                BLAS.sgemm(transA: false, transB: false, m: count, n: 1, k: dimension, a: embeddings.pointer, lda: dimension,
                           b: q.baseAddress!, ldb: 1, c: o.baseAddress!, ldc: 1)
            }
        }
        return out
    }

    /// The `k` rows most similar to `query`, best first.
    public func search(_ query: [Float], k: Int) throws -> [SearchHit] {
        TopK.select(try scores(query), k: k)
    }

    /// The `k` best rows for each of several queries (`queries`: `[q, dimension]`), computed as one matrix product
    /// per block of 256 queries.
    public func search(queries: Tensor, k: Int) throws -> [[SearchHit]] {
        guard queries.rank == 2, queries.shape[1] == dimension else {
            throw SearchError.mismatch("query embeddings have shape \(queries.shape); the index has width \(dimension)")
        }
        let q = queries.shape[0]
        var results: [[SearchHit]] = []
        results.reserveCapacity(q)
        let block = 256
        var scores = [Float](repeating: 0, count: count * min(block, max(q, 1)))
        var start = 0
        while start < q {
            let width = min(block, q - start)
            scores.withUnsafeMutableBufferPointer { s in
                // scores[width, count] = Q[start..<start+width, d] · E[count, d]ᵀ: one contiguous row per query.
                BLAS.sgemm(transA: false, transB: true, m: width, n: count, k: dimension,
                           a: queries.pointer + start * dimension, lda: dimension, b: embeddings.pointer,
                           ldb: dimension, c: s.baseAddress!, ldc: count)
                for j in 0..<width {
                    results.append(TopK.select(UnsafeBufferPointer(rebasing: s[(j * count)..<((j + 1) * count)]), k: k))
                }
            }
            start += width
        }
        return results
    }
}
