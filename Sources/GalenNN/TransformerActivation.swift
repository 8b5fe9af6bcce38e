import GalenTensor

/// The activation between the two feed-forward products of a transformer layer
/// (PyTorch's `activation="relu"` or `"gelu"`; GELU is the exact erf form, as BERT's `"gelu"`).
public enum TransformerActivation: String, Sendable, Codable {
    /// max(x, 0) (PyTorch's default).
    case relu
    /// x·Φ(x).
    case gelu
}
