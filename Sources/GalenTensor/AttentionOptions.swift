/// Masks, dropout and weight output of `Tensor.multiHeadAttention`, with PyTorch's
/// `nn.MultiheadAttention` semantics.
public struct AttentionOptions {
    /// `[N, Tk]`: nonzero where a key is padding and must not be attended to (PyTorch's
    /// `key_padding_mask` with `True` = ignore). nil attends to every key.
    public var keyPaddingMask: Tensor?
    /// Float mask added to the scaled scores: `[Tq, Tk]` for every sequence and head, or
    /// `[N, H, Tq, Tk]` per sequence and head (PyTorch's `[N·H, Tq, Tk]`); −∞ forbids a pair.
    /// nil adds nothing.
    public var attentionMask: Tensor?
    /// Query i attends only to keys 0…i (a causal mask), as `is_causal` with the causal float mask.
    public var causal: Bool
    /// Probability of dropping an attention weight in training (inverted dropout); 0 for none.
    public var dropout: Float
    /// Seed of the dropout mask of this call.
    public var dropoutSeed: UInt64
    /// Which attention weights to return.
    public var weights: AttentionWeights

    /// - Parameters: see the properties; the defaults attend everywhere without dropout and return no weights.
    public init(keyPaddingMask: Tensor? = nil, attentionMask: Tensor? = nil, causal: Bool = false,
                dropout: Float = 0, dropoutSeed: UInt64 = 0, weights: AttentionWeights = .none) {
        self.keyPaddingMask = keyPaddingMask
        self.attentionMask = attentionMask
        self.causal = causal
        self.dropout = dropout
        self.dropoutSeed = dropoutSeed
        self.weights = weights
    }
}

/// The attention weights returned beside the output (PyTorch's `need_weights` and
/// `average_attn_weights`). They are the probabilities after dropout, without gradient.
public enum AttentionWeights: Sendable {
    /// None (the fast path).
    case none
    /// `[N, Tq, Tk]`, the mean over heads.
    case averaged
    /// `[N, H, Tq, Tk]`, one matrix per head.
    case perHead
}
