import Foundation
import Testing
import GalenNN
import GalenTensor

/// Attention and transformer layers against PyTorch 2.13: `Fixtures/torch/transformer.json`, written by
/// `scripts/make_transformer_fixtures.py` (outputs, attention weights, and gradients of
/// (output · weight).sum() with respect to inputs and parameters).
enum TransformerFixtures {
    /// `{"shape", "data"}` where data entries are numbers or the string "-inf".
    struct Values: Decodable, Sendable {
        var shape: [Int]
        var data: [Float]
        enum CodingKeys: String, CodingKey { case shape, data }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            shape = try c.decode([Int].self, forKey: .shape)
            var list = try c.nestedUnkeyedContainer(forKey: .data)
            var out: [Float] = []
            while !list.isAtEnd {
                if let d = try? list.decode(Double.self) { out.append(Float(d)) }
                else { _ = try list.decode(String.self); out.append(-.infinity) }
            }
            data = out
        }
        func tensor() throws -> Tensor { try Tensor(shape: shape, values: data) }
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var kind: String, name: String
        var count: Int?, dim: Int?, padding_idx: Int?, features: Int?, eps: Double?
        var embed: Int?, heads: Int?, isSelf: Bool?, causal: Bool?, weights_mode: String?
        var d_model: Int?, feedforward: Int?, activation: String?, norm_first: Bool?, max_len: Int?
        var ids: Values?, x: Values?, query: Values?, key: Values?, value: Values?
        var key_padding_mask: Values?, attn_mask: Values?, attn_weights: Values?, pe: Values?
        var output: Values, weight: Values?
        var grads: [String: Values]?, state: [String: Values]?
        var testDescription: String { name }
        enum CodingKeys: String, CodingKey {
            case kind, name, count, dim, padding_idx, features, eps, embed, heads, isSelf = "self", causal, weights_mode
            case d_model, feedforward, activation, norm_first, max_len, ids, x, query, key, value
            case key_padding_mask, attn_mask, attn_weights, pe, output, weight, grads, state
        }
    }

    struct Document: Decodable { var torch: String; var cases: [Case] }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "transformer", withExtension: "json", subdirectory: "Fixtures/torch"),
              let data = try? Data(contentsOf: url),
              let doc = try? JSONDecoder().decode(Document.self, from: data) else { return [] }
        return doc.cases
    }()

    static func cases(_ kind: String) -> [Case] { cases.filter { $0.kind == kind } }
}

@Suite struct TransformerParityTests {
    typealias F = TransformerFixtures

    /// Largest |a − b| / (1 + |b|) over all elements.
    static func error(_ a: Tensor, _ b: F.Values) -> Float {
        guard a.shape == b.shape else { return .infinity }
        var worst: Float = 0
        for i in 0..<a.count {
            let x = a.pointer[i], y = b.data[i]
            if x == y { continue }
            worst = Swift.max(worst, Swift.abs(x - y) / (1 + Swift.abs(y)))
        }
        return worst
    }

    static func expectClose(_ a: Tensor?, _ b: F.Values?, _ what: String, _ c: F.Case, tolerance: Float = 2e-5,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        guard let a, let b else {
            Issue.record("\(c.name): \(what) missing", sourceLocation: sourceLocation)
            return
        }
        let e = error(a, b)
        #expect(e <= tolerance, "\(c.name): \(what) differs from PyTorch by \(e) (shape \(a.shape) vs \(b.shape))",
                sourceLocation: sourceLocation)
    }

    static func state(_ c: F.Case) throws -> [String: Tensor] {
        try (c.state ?? [:]).mapValues { try $0.tensor() }
    }

    /// Σ output·weight backward, then every fixture gradient compared with the module's or input's.
    static func checkGradients(_ c: F.Case, output: Tensor, module: Module, inputs: [String: Tensor]) throws {
        try (output * c.weight!.tensor()).sum().backward()
        let params = Dictionary(uniqueKeysWithValues: module.namedParameters)
        for (name, expected) in c.grads ?? [:] {
            let actual = inputs[name]?.grad ?? params[name]?.grad
            expectClose(actual, expected, "gradient of \(name)", c, tolerance: 5e-5)
        }
        #expect(Set(params.keys).isSubset(of: Set((c.grads ?? [:]).keys)), "\(c.name): a parameter has no PyTorch gradient")
    }

    @Test func fixturesLoad() {
        #expect(F.cases.count >= 15, "transformer.json missing or incomplete: run scripts/make_transformer_fixtures.py")
    }

    @Test(arguments: F.cases("embedding"))
    func embedding(_ c: F.Case) throws {
        let m = Embedding(c.count!, c.dim!, paddingIndex: c.padding_idx!, seed: 1)
        try m.loadStateDict(try Self.state(c))
        let out = try m(try c.ids!.tensor())
        Self.expectClose(out, c.output, "output", c, tolerance: 0)
        try Self.checkGradients(c, output: out, module: m, inputs: [:])
    }

    @Test func embeddingRejectsBadIds() throws {
        let m = Embedding(4, 2, seed: 1)
        #expect(throws: NNError.self) { try m(Tensor([0, 4])) }
        #expect(throws: NNError.self) { try m(Tensor([0.5])) }
        #expect(throws: NNError.self) { try m(Tensor([-1])) }
        let padded = Embedding(4, 2, paddingIndex: 2, seed: 1)
        #expect(padded.weight.scalars[4..<6].allSatisfy { $0 == 0 })
    }

    @Test(arguments: F.cases("layernorm"))
    func layerNorm(_ c: F.Case) throws {
        let m = LayerNorm(c.features!, epsilon: Float(c.eps!))
        try m.loadStateDict(try Self.state(c))
        let x = try c.x!.tensor()
        let inference = try withNoGrad { try m(x) }
        Self.expectClose(inference, c.output, "output without gradients", c)
        x.requiresGrad = true
        let out = try m(x)
        Self.expectClose(out, c.output, "output", c)
        try Self.checkGradients(c, output: out, module: m, inputs: ["x": x])
    }

    @Test func layerNormFusedResidualMatchesAddThenNorm() throws {
        let m = LayerNorm(6, epsilon: 1e-12)
        let a = Tensor.randn([3, 6], seed: 1), b = Tensor.randn([3, 6], seed: 2)
        let fused = try withNoGrad { try m.forward(a, residual: b) }
        let plain = try withNoGrad { try m(a + b) }
        #expect(zip(fused.scalars, plain.scalars).allSatisfy { Swift.abs($0 - $1) < 1e-6 })
        #expect(throws: NNError.self) { try m.forward(a, residual: Tensor.zeros([3, 5])) }
    }

    static func mhaOutputs(_ m: MultiHeadAttention, _ c: F.Case, _ q: Tensor, _ k: Tensor, _ v: Tensor) throws -> (Tensor, Tensor?) {
        let mode: AttentionWeights = c.weights_mode == "averaged" ? .averaged : c.weights_mode == "per_head" ? .perHead : .none
        return try m.forward(query: q, key: k, value: v, keyPaddingMask: try c.key_padding_mask?.tensor(),
                             attentionMask: try c.attn_mask?.tensor(), causal: c.causal ?? false, weights: mode)
    }

    @Test(arguments: F.cases("mha"))
    func multiHeadAttention(_ c: F.Case) throws {
        let m = MultiHeadAttention(embedDimension: c.embed!, heads: c.heads!, seed: 3)
        try m.loadStateDict(try Self.state(c))
        let q = try c.query!.tensor()
        let k = c.isSelf! ? q : try c.key!.tensor(), v = c.isSelf! ? q : try c.value!.tensor()
        let (fast, fastWeights) = try withNoGrad { try Self.mhaOutputs(m, c, q, k, v) }
        Self.expectClose(fast, c.output, "output without gradients", c)
        if let expected = c.attn_weights { Self.expectClose(fastWeights, expected, "attention weights", c) }
        for t in [q, k, v] { t.requiresGrad = true }
        let (out, weights) = try Self.mhaOutputs(m, c, q, k, v)
        Self.expectClose(out, c.output, "output", c)
        if let expected = c.attn_weights { Self.expectClose(weights, expected, "attention weights (recording)", c) }
        try Self.checkGradients(c, output: out, module: m, inputs: ["query": q, "key": k, "value": v])
    }

    @Test func multiHeadAttentionRejectsBadShapes() throws {
        let m = MultiHeadAttention(embedDimension: 8, heads: 2, seed: 1)
        let x = Tensor.randn([2, 3, 8], seed: 1)
        #expect(throws: NNError.self) { try m(Tensor.randn([2, 3, 6], seed: 1)) }
        #expect(throws: NNError.self) { try m.forward(query: x, key: x, value: x, keyPaddingMask: Tensor.zeros([2, 4])) }
        #expect(throws: NNError.self) { try m.forward(query: x, key: x, value: x, attentionMask: Tensor.zeros([3, 4])) }
    }

    @Test func fullyMaskedRowsGiveZerosNotNaN() throws {
        let m = MultiHeadAttention(embedDimension: 4, heads: 2, seed: 1)
        let x = Tensor.randn([1, 3, 4], seed: 2)
        let (out, w) = try m.forward(query: x, key: x, value: x, keyPaddingMask: Tensor.ones([1, 3]), weights: .averaged)
        #expect(!out.hasNonFinite)
        #expect(w!.scalars.allSatisfy { $0 == 0 })
    }

    @Test(arguments: F.cases("encoder_layer"))
    func transformerEncoderLayer(_ c: F.Case) throws {
        let m = TransformerEncoderLayer(dModel: c.d_model!, heads: c.heads!, feedforward: c.feedforward!, dropout: 0,
                                        activation: c.activation == "gelu" ? .gelu : .relu, layerNormEpsilon: Float(c.eps!),
                                        normFirst: c.norm_first!, seed: 5)
        try m.loadStateDict(try Self.state(c))
        let x = try c.x!.tensor()
        let mask = try c.key_padding_mask?.tensor()
        m.eval()
        let fast = try withNoGrad { try m.forward(x, keyPaddingMask: mask, causal: c.causal ?? false) }
        Self.expectClose(fast, c.output, "output of the fused inference path", c)
        m.train()
        x.requiresGrad = true
        let out = try m.forward(x, keyPaddingMask: mask, causal: c.causal ?? false)
        Self.expectClose(out, c.output, "output", c)
        try Self.checkGradients(c, output: out, module: m, inputs: ["x": x])
    }

    @Test func transformerEncoderLayerHasPyTorchNames() {
        let m = TransformerEncoderLayer(dModel: 8, heads: 2, feedforward: 16, seed: 1)
        let names = Set(m.stateDict().keys)
        #expect(names == ["self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
                          "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias",
                          "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"])
    }

    @Test func dropoutIsSeededAndOffInEval() throws {
        let x = Tensor.randn([2, 4, 8], seed: 3)
        func run(_ seed: UInt64) throws -> [Float] {
            let m = TransformerEncoderLayer(dModel: 8, heads: 2, feedforward: 16, dropout: 0.3, seed: 9)
            m.reseedStochasticLayers(seed)
            return try m(x).scalars
        }
        #expect(try run(1) == run(1))
        #expect(try run(1) != run(2))
        let m = TransformerEncoderLayer(dModel: 8, heads: 2, feedforward: 16, dropout: 0.3, seed: 9)
        m.eval()
        #expect(try m(x).scalars == m(x).scalars)
    }

    @Test(arguments: F.cases("sinusoidal"))
    func sinusoidal(_ c: F.Case) throws {
        let m = SinusoidalPositionEncoding(dimension: c.dim!, maxLength: c.max_len!)
        Self.expectClose(m.pe, c.pe, "pe", c, tolerance: 1e-6)
        Self.expectClose(try m(try c.x!.tensor()), c.output, "output", c, tolerance: 1e-6)
        #expect(m.parameters.isEmpty)
        #expect(throws: NNError.self) { try m(Tensor.zeros([1, 11, c.dim!])) }
    }

    @Test func learnedPositionEmbeddingAddsRows() throws {
        let m = LearnedPositionEmbedding(maxPositions: 5, dimension: 3, seed: 4)
        let x = Tensor.randn([2, 4, 3], seed: 5).requiringGrad()
        let out = try m(x)
        for n in 0..<2 { for t in 0..<4 { for j in 0..<3 {
            #expect(try out.value(at: [n, t, j]) == x.value(at: [n, t, j]) + m.weight.value(at: [t, j]))
        } } }
        try out.sum().backward()
        #expect(m.weight.grad!.scalars == [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0])
        #expect(throws: NNError.self) { try m(Tensor.zeros([1, 6, 3])) }
    }
}
