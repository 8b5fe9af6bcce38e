/// The encoder of a sequence network (see `SequenceNetwork`).
public enum SequenceArchitecture: String, Codable, CaseIterable, Sendable {
    /// Long short-term memory; the last state of each sequence feeds the head.
    case lstm
    /// Gated recurrent unit; the last state of each sequence feeds the head.
    case gru
    /// Transformer encoder layers with learned positions and a key padding mask; masked mean pooling feeds the head.
    case transformer
}

/// Sizes of a sequence network, recorded in the bundle so it can be rebuilt.
public struct SequenceNetworkConfig: Codable, Equatable, Sendable {
    /// The encoder.
    public var architecture: SequenceArchitecture
    /// Token ids (vocabulary size including reserved ids).
    public var vocabularySize: Int
    /// Embedding width per token.
    public var embeddingDimension: Int = 32
    /// Recurrent hidden units, or transformer model width.
    public var hidden: Int = 64
    /// Stacked recurrent or transformer layers.
    public var layers: Int = 1
    /// Transformer attention heads (dividing `hidden`).
    public var heads: Int = 4
    /// Dropout before the head (and inside transformer layers).
    public var dropout: Float = 0.1
    /// Longest sequence (events kept per patient; the transformer's position count).
    public var maxLength: Int = 128

    /// A configuration with defaults for the sizes.
    public init(architecture: SequenceArchitecture, vocabularySize: Int) {
        self.architecture = architecture
        self.vocabularySize = vocabularySize
    }

    /// One line for reports: "gru: embedding 32, hidden 64, 1 layer, dropout 0.1, latest 128 events".
    public var summary: String {
        var s = "\(architecture.rawValue): embedding \(embeddingDimension) + \(EncodedSequences.stepFeatures) step features, "
        s += architecture == .transformer ? "width \(hidden), \(heads) heads, " : "hidden \(hidden), "
        s += "\(layers) layer\(layers == 1 ? "" : "s"), dropout \(dropout), latest \(maxLength) events, vocabulary \(vocabularySize)"
        return s
    }
}
