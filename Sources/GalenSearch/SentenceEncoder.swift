import GalenTensor

/// Turns texts into sentence embeddings: the dense side of search.
///
/// The MiniLM BERT encoder of `GalenModels` conforms to this protocol; ``HashedTrigramEncoder`` is a simple
/// deterministic encoder for tests and as a lexical baseline.
public protocol SentenceEncoder {
    /// A name that identifies the model and its weights (stored in the index manifest, so a query is never encoded
    /// by a different model than the documents), e.g. `all-MiniLM-L6-v2 (sha256 53aa…)`.
    var identifier: String { get }
    /// Embedding width (384 for MiniLM-L6).
    var dimension: Int { get }
    /// Embeddings of `texts`: a `[texts.count, dimension]` Float32 tensor, each row L2-normalised, so that a dot
    /// product is the cosine similarity.
    /// - Throws: whatever the model raises (for example missing weights).
    func embed(_ texts: [String]) throws -> Tensor
}
