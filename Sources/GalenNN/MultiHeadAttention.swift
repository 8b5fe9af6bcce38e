import Foundation
import GalenTensor

/// Multi-head attention as PyTorch's `nn.MultiheadAttention(embed_dim, num_heads, dropout,
/// batch_first=True)`, with its parameter names so its state dicts load: `in_proj_weight`
/// `[3E, E]` and `in_proj_bias` `[3E]` (query, key and value projections stacked in that order),
/// and `out_proj.weight`/`out_proj.bias`.
///
/// Inputs are batch-first `[N, T, E]`. Self-attention (the same tensor as query, key and value)
/// projects once into a packed `[N, T, 3E]` and runs the fused kernel on it
/// (`Tensor.multiHeadSelfAttention`); otherwise the three projections use their slices of
/// `in_proj_weight`. Initialisation as PyTorch: Xavier-uniform `in_proj_weight`, zero biases,
/// `out_proj.weight` as `nn.Linear`.
public final class MultiHeadAttention: Module, Stochastic {
    /// `[3E, E]`: rows `0..<E` project queries, `E..<2E` keys, `2E..<3E` values.
    public let inProjWeight: Tensor
    /// `[3E]`, or nil without bias.
    public let inProjBias: Tensor?
    /// The output projection `E → E`.
    public let outProj: Dense
    /// E, the model width.
    public let embedDimension: Int
    /// H; E / H is each head's width.
    public let heads: Int
    /// Dropout probability on the attention weights in training.
    public let dropout: Float
    private var generator: SeededGenerator

    /// - Parameters:
    ///   - embedDimension: E.
    ///   - heads: H, dividing E.
    ///   - dropout: dropout on the attention weights in training, in [0, 1).
    ///   - bias: learn the projection biases.
    ///   - seed: seed of the initial weights and the dropout masks; nil draws one from `GlobalRandom`.
    public init(embedDimension: Int, heads: Int, dropout: Float = 0, bias: Bool = true, seed: UInt64? = nil) {
        precondition(embedDimension > 0 && heads > 0 && embedDimension % heads == 0,
                     "MultiHeadAttention: embedding size \(embedDimension) must be a positive multiple of \(heads) heads")
        precondition(dropout >= 0 && dropout < 1, "MultiHeadAttention dropout must be in [0, 1), got \(dropout)")
        self.embedDimension = embedDimension
        self.heads = heads
        self.dropout = dropout
        var g = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
        inProjWeight = Tensor.glorotUniform([3 * embedDimension, embedDimension], generator: &g).requiringGrad()
        inProjBias = bias ? Tensor.zeros([3 * embedDimension]).requiringGrad() : nil
        outProj = Dense(embedDimension, embedDimension, bias: bias, seed: g.nextSeed())
        if let b = outProj.bias { for j in 0..<embedDimension { b.pointer[j] = 0 } }
        generator = SeededGenerator(seed: g.nextSeed())
        super.init()
    }

    public func reseed(_ seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// PyTorch names: `in_proj_weight`, `in_proj_bias`.
    public override var namedLocalTensors: [(String, Tensor)] {
        [("in_proj_weight", inProjWeight)] + (inProjBias.map { [("in_proj_bias", $0)] } ?? [])
    }

    /// PyTorch names: `out_proj`.
    public override var namedChildren: [(String, Module)] { [("out_proj", outProj)] }

    /// Self-attention of `x` `[N, T, E]` without masks.
    /// - Throws: `NNError.badInput` for a wrong shape.
    public override func forward(_ x: Tensor) throws -> Tensor {
        try forward(query: x, key: x, value: x).output
    }

    /// Attention of `query` `[N, Tq, E]` over `key` and `value` `[N, Tk, E]`.
    /// - Parameters:
    ///   - keyPaddingMask: `[N, Tk]`, nonzero where a key is padding (PyTorch's `key_padding_mask`).
    ///   - attentionMask: float mask added to the scores, `[Tq, Tk]` or `[N, H, Tq, Tk]`; −∞ forbids.
    ///   - causal: query i attends to keys 0…i only.
    ///   - weights: which attention weights to return (`.averaged` is PyTorch's default
    ///     `need_weights=True`; `.none` the fast path).
    /// - Returns: `[N, Tq, E]` and the requested weights (`[N, Tq, Tk]` or `[N, H, Tq, Tk]`, no gradient).
    /// - Throws: `NNError.badInput` naming the shapes.
    public func forward(query: Tensor, key: Tensor, value: Tensor, keyPaddingMask: Tensor? = nil,
                        attentionMask: Tensor? = nil, causal: Bool = false,
                        weights: AttentionWeights = .none) throws -> (output: Tensor, weights: Tensor?) {
        let e = embedDimension
        guard query.rank == 3, key.rank == 3, value.rank == 3, query.shape[2] == e, key.shape[2] == e, value.shape[2] == e,
              key.shape == value.shape, key.shape[0] == query.shape[0] else {
            throw NNError.badInput(layer: "MultiHeadAttention(\(e), heads: \(heads))",
                                   detail: "expected query [N, Tq, \(e)] and key, value [N, Tk, \(e)], got \(query.shape), \(key.shape), \(value.shape)")
        }
        let dropping = isTraining && dropout > 0
        let options = AttentionOptions(keyPaddingMask: keyPaddingMask, attentionMask: attentionMask, causal: causal,
                                       dropout: dropping ? dropout : 0, dropoutSeed: dropping ? generator.nextSeed() : 0,
                                       weights: weights)
        let attended: (output: Tensor, weights: Tensor?)
        do {
            if query === key && key === value {
                let packed = try Tensor.linear(query, weight: inProjWeight, bias: inProjBias)
                attended = try Tensor.multiHeadSelfAttention(packed: packed, heads: heads, options: options)
            } else {
                let q = try project(query, part: 0), k = try project(key, part: 1), v = try project(value, part: 2)
                attended = try Tensor.multiHeadAttention(query: q, key: k, value: v, heads: heads, options: options)
            }
        } catch let error as TensorError {
            throw NNError.badInput(layer: "MultiHeadAttention(\(e), heads: \(heads))", detail: "\(error)")
        }
        return (try outProj(attended.output), attended.weights)
    }

    /// `x` through the query (0), key (1) or value (2) rows of the input projection.
    private func project(_ x: Tensor, part: Int) throws -> Tensor {
        let e = embedDimension
        let w = try inProjWeight.slice(axis: 0, part * e ..< (part + 1) * e)
        let b = try inProjBias?.slice(axis: 0, part * e ..< (part + 1) * e)
        return try Tensor.linear(x, weight: w, bias: b)
    }
}
