import Foundation
import GalenTensor

/// One transformer encoder layer as PyTorch's `nn.TransformerEncoderLayer(d_model, nhead,
/// dim_feedforward, dropout, activation, layer_norm_eps, batch_first=True, norm_first)`, with its
/// parameter names: `self_attn.in_proj_weight`, `self_attn.in_proj_bias`,
/// `self_attn.out_proj.weight/bias`, `linear1.*`, `linear2.*`, `norm1.*`, `norm2.*`.
///
/// Post-LN (the default, as BERT): `x = norm1(x + dropout1(attn(x)))`,
/// `x = norm2(x + dropout2(linear2(dropout(act(linear1(x))))))`.
/// Pre-LN (`normFirst`): `x = x + dropout1(attn(norm1(x)))`, `x = x + dropout2(ff(norm2(x)))`.
///
/// Without gradients (inference, `withNoGrad`) the same code runs fused kernels: the packed QKV
/// projection and attention kernel, GELU in the bias pass of `linear1`, and residual add + layer
/// norm in one pass.
public final class TransformerEncoderLayer: Module {
    /// Multi-head self-attention.
    public let selfAttn: MultiHeadAttention
    /// First feed-forward product, `dModel → feedforward`.
    public let linear1: Dense
    /// Second feed-forward product, `feedforward → dModel`.
    public let linear2: Dense
    /// Norm after attention (post-LN) or before it (pre-LN).
    public let norm1: LayerNorm
    /// Norm after the feed-forward block (post-LN) or before it (pre-LN).
    public let norm2: LayerNorm
    /// Dropout inside the feed-forward block, after the activation.
    public let dropout: Dropout
    /// Dropout on the attention block's output.
    public let dropout1: Dropout
    /// Dropout on the feed-forward block's output.
    public let dropout2: Dropout
    /// The feed-forward activation.
    public let activation: TransformerActivation
    /// Pre-LN when true, post-LN (BERT) when false.
    public let normFirst: Bool

    /// - Parameters:
    ///   - dModel: E, the model width.
    ///   - heads: attention heads, dividing `dModel`.
    ///   - feedforward: width of the feed-forward block (PyTorch's default 2048).
    ///   - dropout: dropout rate of every dropout in the layer (attention weights included), in [0, 1).
    ///   - activation: `.relu` (PyTorch's default) or `.gelu`.
    ///   - layerNormEpsilon: `eps` of both norms (PyTorch's 1e-5; BERT's 1e-12).
    ///   - normFirst: pre-LN instead of post-LN.
    ///   - seed: seed of the initial weights and dropout masks; nil draws one from `GlobalRandom`.
    public init(dModel: Int, heads: Int, feedforward: Int = 2048, dropout: Float = 0.1,
                activation: TransformerActivation = .relu, layerNormEpsilon: Float = 1e-5, normFirst: Bool = false,
                seed: UInt64? = nil) {
        var g = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
        selfAttn = MultiHeadAttention(embedDimension: dModel, heads: heads, dropout: dropout, seed: g.nextSeed())
        linear1 = Dense(dModel, feedforward, seed: g.nextSeed())
        linear2 = Dense(feedforward, dModel, seed: g.nextSeed())
        norm1 = LayerNorm(dModel, epsilon: layerNormEpsilon)
        norm2 = LayerNorm(dModel, epsilon: layerNormEpsilon)
        self.dropout = Dropout(dropout, seed: g.nextSeed())
        dropout1 = Dropout(dropout, seed: g.nextSeed())
        dropout2 = Dropout(dropout, seed: g.nextSeed())
        self.activation = activation
        self.normFirst = normFirst
        super.init()
    }

    /// PyTorch names (`self_attn`, `linear1`, `dropout`, `linear2`, `norm1`, `norm2`, `dropout1`, `dropout2`).
    public override var namedChildren: [(String, Module)] {
        [("self_attn", selfAttn), ("linear1", linear1), ("dropout", dropout), ("linear2", linear2),
         ("norm1", norm1), ("norm2", norm2), ("dropout1", dropout1), ("dropout2", dropout2)]
    }

    /// The layer on `[N, T, dModel]` without masks.
    /// - Throws: `NNError.badInput` for a wrong shape.
    public override func forward(_ x: Tensor) throws -> Tensor { try forward(x, keyPaddingMask: nil) }

    /// The layer on `x` `[N, T, dModel]`.
    /// - Parameters:
    ///   - keyPaddingMask: `[N, T]`, nonzero at padding positions (PyTorch's `src_key_padding_mask`).
    ///   - attentionMask: float mask `[T, T]` or `[N, H, T, T]` added to the scores (PyTorch's `src_mask`).
    ///   - causal: each position attends only to itself and earlier positions.
    /// - Throws: `NNError.badInput` naming the shapes.
    public func forward(_ x: Tensor, keyPaddingMask: Tensor?, attentionMask: Tensor? = nil, causal: Bool = false) throws -> Tensor {
        func attention(_ h: Tensor) throws -> Tensor {
            try dropout1(selfAttn.forward(query: h, key: h, value: h, keyPaddingMask: keyPaddingMask,
                                          attentionMask: attentionMask, causal: causal).output)
        }
        if normFirst {
            let h = try x + attention(try norm1(x))
            return try h + feedForward(try norm2(h))
        }
        let h = try norm1.forward(x, residual: try attention(x))
        return try norm2.forward(h, residual: try feedForward(h))
    }

    /// `dropout2(linear2(dropout(activation(linear1(x)))))`.
    private func feedForward(_ x: Tensor) throws -> Tensor {
        let hidden: Tensor
        switch activation {
        case .relu: hidden = try linear1.forwardReLU(x)
        case .gelu: hidden = try Tensor.linearGELU(x, weight: linear1.weight, bias: linear1.bias)
        }
        return try dropout2(linear2(dropout(hidden)))
    }
}
