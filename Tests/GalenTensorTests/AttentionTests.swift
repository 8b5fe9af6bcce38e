import Foundation
import Testing
@testable import GalenTensor

/// The fused attention, masked softmax, layer norm and fast math kernels: finite differences,
/// a plain reference built from existing operations, and libm.
@Suite struct AttentionTests {
    /// softmax(Q·Kᵀ/√D + mask)·V per head, with ordinary operations (reshape, permute, matmul, softmax).
    static func reference(_ q: Tensor, _ k: Tensor, _ v: Tensor, heads: Int, additive: Tensor? = nil) throws -> Tensor {
        let n = q.shape[0], tq = q.shape[1], tk = k.shape[1], e = q.shape[2], d = e / heads
        func split(_ x: Tensor, _ t: Int) throws -> Tensor { try x.reshape([n, t, heads, d]).permute([0, 2, 1, 3]) }
        var scores = try split(q, tq).matmul(try split(k, tk).transposed()) * (1 / Float(d).squareRoot())
        if let additive { scores = try scores + additive }
        let p = try scores.softmax(axis: -1)
        return try p.matmul(try split(v, tk)).permute([0, 2, 1, 3]).reshape([n, tq, e])
    }

    @Test func matchesPlainOperations() throws {
        let q = randn([2, 3, 8], seed: 1), k = randn([2, 5, 8], seed: 2), v = randn([2, 5, 8], seed: 3)
        let mask = randn([3, 5], seed: 4)
        let fused = try Tensor.multiHeadAttention(query: q, key: k, value: v, heads: 2,
                                                  options: AttentionOptions(attentionMask: mask)).output
        let plain = try Self.reference(q, k, v, heads: 2, additive: mask)
        #expect(close(fused.scalars, plain.scalars, atol: 1e-5, rtol: 1e-4))
    }

    @Test func packedSelfAttentionEqualsSeparate() throws {
        let qkv = randn([2, 4, 12], seed: 5)
        let q = try qkv.slice(axis: 2, 0..<4), k = try qkv.slice(axis: 2, 4..<8), v = try qkv.slice(axis: 2, 8..<12)
        let options = AttentionOptions(keyPaddingMask: T([2, 4], [0, 0, 0, 1, 0, 0, 1, 1]), causal: true, weights: .perHead)
        let packed = try Tensor.multiHeadSelfAttention(packed: qkv, heads: 2, options: options)
        let separate = try Tensor.multiHeadAttention(query: q, key: k, value: v, heads: 2, options: options)
        #expect(close(packed.output.scalars, separate.output.scalars, atol: 1e-6, rtol: 1e-6))
        #expect(packed.weights!.shape == [2, 2, 4, 4])
        // Query 0 of sequence 1 sees only key 0; padded keys get weight 0.
        #expect(try packed.weights!.value(at: [1, 0, 0, 0]) == 1)
        #expect(try packed.weights!.value(at: [1, 1, 3, 3]) == 0)
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let q = randn([2, 3, 4], seed: 6), k = randn([2, 5, 4], seed: 7), v = randn([2, 5, 4], seed: 8)
        let options = AttentionOptions(keyPaddingMask: T([2, 5], [0, 0, 0, 0, 1, 0, 0, 0, 1, 1]),
                                       attentionMask: randn([3, 5], seed: 9))
        try GradCheck.check("attention", [q, k, v]) {
            try Tensor.multiHeadAttention(query: $0[0], key: $0[1], value: $0[2], heads: 2, options: options).output
        }
        let qkv = randn([2, 4, 12], seed: 10)
        try GradCheck.check("packed causal attention", [qkv]) {
            try Tensor.multiHeadSelfAttention(packed: $0[0], heads: 2, options: AttentionOptions(causal: true)).output
        }
    }

    @Test func dropoutGradientsMatchFiniteDifferencesWithTheSameMask() throws {
        let qkv = randn([1, 4, 6], seed: 11)
        let options = AttentionOptions(dropout: 0.3, dropoutSeed: 17)
        try GradCheck.check("attention with dropout", [qkv]) {
            try Tensor.multiHeadSelfAttention(packed: $0[0], heads: 2, options: options).output
        }
        let a = try Tensor.multiHeadSelfAttention(packed: qkv, heads: 2, options: options).output
        let b = try Tensor.multiHeadSelfAttention(packed: qkv, heads: 2, options: AttentionOptions(dropout: 0.3, dropoutSeed: 18)).output
        #expect(a.scalars != b.scalars)
    }

    @Test func rejectsBadShapes() throws {
        let x = randn([2, 3, 6], seed: 1)
        #expect(tensorError { try Tensor.multiHeadAttention(query: x, key: x, value: x, heads: 4) } != nil)
        #expect(tensorError { try Tensor.multiHeadAttention(query: x, key: randn([2, 3, 4], seed: 2), value: x, heads: 2) } != nil)
        #expect(tensorError { try Tensor.multiHeadSelfAttention(packed: randn([2, 3, 7], seed: 3), heads: 1) } != nil)
        #expect(tensorError {
            try Tensor.multiHeadAttention(query: x, key: x, value: x, heads: 2, options: AttentionOptions(dropout: 1))
        } != nil)
    }

    @Test func layerNormMatchesDefinitionAndFiniteDifferences() throws {
        let x = randn([3, 4, 6], seed: 12), w = randn([6], seed: 13), b = randn([6], seed: 14)
        let out = try withNoGrad { try Tensor.layerNorm(x, weight: w, bias: b, epsilon: 1e-5) }
        let mean = try x.mean(axes: [2], keepDims: true)
        let variance = try x.variance(axes: [2], keepDims: true, unbiased: false)
        let plain = try (x - mean) / (variance + 1e-5).sqrt() * w + b
        #expect(close(out.scalars, plain.scalars, atol: 1e-5, rtol: 1e-5))
        try GradCheck.check("layerNorm", [x, w, b]) { try Tensor.layerNorm($0[0], weight: $0[1], bias: $0[2], epsilon: 1e-5) }
        let r = randn([3, 4, 6], seed: 15)
        try GradCheck.check("layerNorm with residual", [x, r]) {
            try Tensor.layerNorm($0[0], residual: $0[1], weight: w, bias: nil, epsilon: 1e-5)
        }
        #expect(tensorError { try Tensor.layerNorm(x, weight: randn([5], seed: 1), bias: nil, epsilon: 1e-5) } != nil)
    }

    @Test func geluGradientAndFusedLinear() throws {
        let x = randn([4, 5], seed: 16, scale: 2)
        try GradCheck.check("gelu", [x]) { $0[0].gelu() }
        let w = randn([3, 5], seed: 17), b = randn([3], seed: 18)
        let fused = try withNoGrad { try Tensor.linearGELU(x, weight: w, bias: b) }
        let plain = try withNoGrad { try Tensor.linear(x, weight: w, bias: b).gelu() }
        #expect(fused.scalars == plain.scalars)
        try GradCheck.check("linearGELU", [x, w, b]) { try Tensor.linearGELU($0[0], weight: $0[1], bias: $0[2]) }
    }

    @Test func fastMathIsAccurate() {
        var worstExp: Double = 0, worstErf: Double = 0
        var x: Float = -90
        while x < 88 {
            let e = Double(FastMath.exp(x)), reference = Foundation.exp(Double(x))
            if reference > 1e-37 { worstExp = max(worstExp, Swift.abs(e - reference) / reference) }
            worstErf = max(worstErf, Swift.abs(Double(FastMath.erf(x / 8)) - Foundation.erf(Double(x / 8))))
            x += 0.001
        }
        #expect(worstExp < 3e-7, "exp relative error \(worstExp)")
        #expect(worstErf < 5e-7, "erf absolute error \(worstErf)")
        #expect(FastMath.exp(-.infinity) == 0)
        #expect(FastMath.exp(-100) == 0)
        #expect(FastMath.exp(.nan).isNaN)
        #expect(FastMath.erf(10) == 1 || Swift.abs(FastMath.erf(10) - 1) < 1e-6)
    }
}
