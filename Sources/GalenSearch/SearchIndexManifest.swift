/// `manifest.json` of an index folder: what the index holds, how it was built, and the SHA-256 of every file.
public struct SearchIndexManifest: Codable, Sendable, Equatable {
    /// Always `galen-search-index`.
    public var format: String
    /// Format version (1).
    public var version: Int
    /// Creation time, ISO 8601 UTC.
    public var created: String
    /// Number of documents.
    public var documentCount: Int
    /// Where the documents came from (the source path as given) and its format (`icd10`, `jsonl`, `csv`).
    public var source: String
    /// Source format.
    public var sourceFormat: String
    /// SHA-256 of the source file.
    public var sourceSHA256: String
    /// BM25 settings.
    public var bm25: BM25Settings
    /// The encoder of the embeddings, nil when the index has none (BM25 only).
    public var encoder: EncoderInfo?
    /// The hybrid fusion searches use by default.
    public var fusion: HybridFusion
    /// File name → SHA-256 (lowercase hex) of every other file in the folder.
    public var files: [String: String]

    /// BM25 parameters and word tokenizer settings.
    public struct BM25Settings: Codable, Sendable, Equatable {
        /// Term-frequency saturation.
        public var k1: Float
        /// Length normalisation.
        public var b: Float
        /// Plural folding of ``SearchTokenizer``.
        public var foldPlurals: Bool
    }

    /// The sentence encoder of the embeddings.
    public struct EncoderInfo: Codable, Sendable, Equatable {
        /// ``SentenceEncoder/identifier``.
        public var identifier: String
        /// Embedding width.
        public var dimension: Int
    }

    /// The value of `format`.
    public static let formatName = "galen-search-index"
    /// The version written.
    public static let currentVersion = 1
}
