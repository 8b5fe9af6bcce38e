import Foundation
import GalenBundle
import GalenData
import GalenTensor

/// A searchable document collection: the documents, a BM25 index of their text and, when an encoder was given, the
/// exact dense index of their embeddings. Saved as a folder:
///
///     manifest.json            SearchIndexManifest (settings, encoder, SHA-256 of every file)
///     documents.jsonl          one TextDocument per line, in index order
///     bm25.bin                 BM25File
///     embeddings.safetensors   "embeddings": F32 [documents, dimension] (only with an encoder)
///
/// The folder is written next to its destination and renamed into place, so readers see the old index or the new
/// one, never a mix. Loading verifies every hash and that the parts agree on the document count.
public struct SearchIndex: @unchecked Sendable {
    /// The documents, in index order (hits refer to positions here).
    public let documents: [TextDocument]
    /// The word index.
    public let bm25: BM25Index
    /// The embedding index, nil when the index was built without an encoder.
    public let dense: DenseIndex?
    /// Description of the index (written as manifest.json).
    public let manifest: SearchIndexManifest

    static let manifestFile = "manifest.json"
    static let documentsFile = "documents.jsonl"
    static let bm25File = "bm25.bin"
    static let embeddingsFile = "embeddings.safetensors"

    /// Builds an index of `documents`.
    /// - Parameters:
    ///   - documents: the collection (ids unique).
    ///   - source, sourceFormat, sourceSHA256: provenance recorded in the manifest.
    ///   - encoder: embeds the documents' text for dense search; nil builds a BM25-only index.
    ///   - batchSize: texts per encoder call.
    ///   - progress: called with the number of documents embedded so far.
    /// - Throws: `SearchError.invalidArgument` for an empty collection or duplicate ids, `.invalidEmbeddings` when the
    ///   encoder returns the wrong shape, or the encoder's own error.
    public static func build(documents: [TextDocument], source: String = "", sourceFormat: String = "", sourceSHA256: String = "",
                             tokenizer: SearchTokenizer = SearchTokenizer(), k1: Float = 1.2, b: Float = 0.75,
                             encoder: SentenceEncoder? = nil, fusion: HybridFusion = .indexDefault, batchSize: Int = 64,
                             progress: ((Int) -> Void)? = nil) throws -> SearchIndex {
        guard !documents.isEmpty else { throw SearchError.invalidArgument("no documents to index") }
        var ids = Set<String>()
        for d in documents where !ids.insert(d.id).inserted {
            throw SearchError.invalidArgument("document id '\(d.id)' appears twice; ids must be unique")
        }
        let bm25 = try BM25Index(texts: documents.map(\.text), tokenizer: tokenizer, k1: k1, b: b)
        var dense: DenseIndex? = nil
        if let encoder {
            dense = try embed(documents.map(\.text), encoder: encoder, batchSize: batchSize, progress: progress)
        }
        let formatter = ISO8601DateFormatter()
        let manifest = SearchIndexManifest(
            format: SearchIndexManifest.formatName, version: SearchIndexManifest.currentVersion,
            created: formatter.string(from: Date()), documentCount: documents.count, source: source,
            sourceFormat: sourceFormat, sourceSHA256: sourceSHA256,
            bm25: .init(k1: k1, b: b, foldPlurals: tokenizer.foldPlurals),
            encoder: encoder.map { .init(identifier: $0.identifier, dimension: $0.dimension) }, fusion: fusion, files: [:])
        return SearchIndex(documents: documents, bm25: bm25, dense: dense, manifest: manifest)
    }

    /// Embeds `texts` in batches into one contiguous matrix (row i is text i). Batches are formed from texts of
    /// similar length (sorted by UTF-8 length), so an encoder that pads to the longest text of a batch wastes little.
    static func embed(_ texts: [String], encoder: SentenceEncoder, batchSize: Int, progress: ((Int) -> Void)?) throws -> DenseIndex {
        let d = encoder.dimension
        let storage = TensorStorage(count: texts.count * d, repeating: 0)
        let order = texts.indices.sorted { (texts[$0].utf8.count, $0) < (texts[$1].utf8.count, $1) }
        var start = 0
        let step = max(1, batchSize)
        while start < texts.count {
            let end = min(texts.count, start + step)
            let batch = order[start..<end]
            let rows = try encoder.embed(batch.map { texts[$0] })
            guard rows.shape == [end - start, d] else {
                throw SearchError.invalidEmbeddings("encoder \(encoder.identifier) returned shape \(rows.shape) for \(end - start) texts; expected [\(end - start), \(d)]")
            }
            guard !rows.hasNonFinite else {
                throw SearchError.invalidEmbeddings("encoder \(encoder.identifier) returned NaN or infinite values")
            }
            for (offset, row) in batch.enumerated() {
                (storage.pointer + row * d).update(from: rows.pointer + offset * d, count: d)
            }
            start = end
            progress?(start)
        }
        return try DenseIndex(embeddings: Tensor(shape: [texts.count, d], storage: storage), encoder: encoder.identifier)
    }

    init(documents: [TextDocument], bm25: BM25Index, dense: DenseIndex?, manifest: SearchIndexManifest) {
        self.documents = documents
        self.bm25 = bm25
        self.dense = dense
        self.manifest = manifest
    }

    /// Searches the index.
    /// - Parameters:
    ///   - query: the question or phrase.
    ///   - k: number of results (≥ 1).
    ///   - method: BM25, dense or hybrid.
    ///   - encoder: needed for dense and hybrid; must be the encoder the index was built with.
    ///   - fusion: the hybrid rule; nil uses the manifest's.
    /// - Throws: `SearchError.invalidArgument` (k < 1), `.mismatch` (no embeddings, or another encoder),
    ///   `.encoderUnavailable` (no encoder given), or the encoder's error.
    public func search(_ query: String, k: Int = 10, method: SearchMethod = .hybrid, encoder: SentenceEncoder? = nil,
                       fusion: HybridFusion? = nil) throws -> [SearchHit] {
        guard k >= 1 else { throw SearchError.invalidArgument("k must be at least 1 (got \(k))") }
        let rule = fusion ?? manifest.fusion
        switch method {
        case .bm25:
            return bm25.search(query, k: k)
        case .dense:
            let (dense, vector) = try embedQuery(query, encoder: encoder)
            return try dense.search(vector, k: k)
        case .hybrid:
            let (dense, vector) = try embedQuery(query, encoder: encoder)
            let depth = max(rule.depth, k)
            return rule.fuse(bm25: bm25.search(query, k: depth), dense: try dense.search(vector, k: depth), k: k)
        }
    }

    /// Checks that dense search is possible with `encoder` and embeds the query.
    func embedQuery(_ query: String, encoder: SentenceEncoder?) throws -> (DenseIndex, [Float]) {
        let dense = try requireDense(encoder)
        let e = try encoder!.embed([query])
        guard e.shape == [1, dense.dimension] else {
            throw SearchError.invalidEmbeddings("encoder returned shape \(e.shape) for one query; expected [1, \(dense.dimension)]")
        }
        return (dense, e.scalars)
    }

    /// The dense index, after checking that `encoder` is the one it was built with.
    func requireDense(_ encoder: SentenceEncoder?) throws -> DenseIndex {
        guard let dense else {
            throw SearchError.mismatch("this index has no embeddings (it was built without a sentence encoder); search it with --method bm25, or rebuild it with an encoder")
        }
        guard let encoder else {
            throw SearchError.encoderUnavailable("dense and hybrid search need the encoder the index was built with (\(dense.encoder))")
        }
        guard encoder.identifier == dense.encoder, encoder.dimension == dense.dimension else {
            throw SearchError.mismatch("the index was embedded with \(dense.encoder); the query encoder is \(encoder.identifier)")
        }
        return dense
    }
}
