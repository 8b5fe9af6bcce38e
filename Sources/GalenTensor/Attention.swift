import Foundation

/// Multi-head scaled dot-product attention with batched GEMMs and the fused masked softmax,
/// forward and backward (the core of PyTorch's `nn.MultiheadAttention` after the input
/// projections and before the output projection).
///
/// Heads are never materialised as separate tensors: head h of a `[N, T, E]` operand is the
/// column block `h·D ..< (h+1)·D` (D = E / H), which BLAS reads in place through its row stride.
/// Each (sequence, head) pair is two GEMMs — scores `Q·Kᵀ` (Tq×Tk) and `P·V` (Tq×D) written
/// straight into the merged `[N, Tq, E]` output — run in parallel over pairs with single-threaded
/// BLAS. Without gradients the probabilities live only in per-thread scratch.
extension Tensor {
    /// `softmax(Q·Kᵀ/√D + masks)·V` per head, heads merged back: `[N, Tq, E]`.
    /// - Parameters:
    ///   - query: `[N, Tq, E]` (already projected).
    ///   - key: `[N, Tk, E]`.
    ///   - value: `[N, Tk, E]`.
    ///   - heads: H, dividing E.
    ///   - options: masks, dropout and which weights to return (see `AttentionOptions`).
    /// - Returns: the output and, when `options.weights` asks, the attention weights (no gradient).
    /// - Throws: `TensorError.shapeMismatch` or `.invalidArgument` naming the operand and shapes.
    public static func multiHeadAttention(query: Tensor, key: Tensor, value: Tensor, heads: Int,
                                          options: AttentionOptions = AttentionOptions()) throws -> (output: Tensor, weights: Tensor?) {
        let op = "multiHeadAttention"
        guard query.rank == 3, key.rank == 3, value.rank == 3 else {
            throw TensorError.shapeMismatch(op: op, shapes: [query.shape, key.shape, value.shape],
                                            detail: "query, key and value must be [N, T, E]")
        }
        let n = query.shape[0], tq = query.shape[1], e = query.shape[2], tk = key.shape[1]
        guard key.shape == [n, tk, e], value.shape == [n, tk, e] else {
            throw TensorError.shapeMismatch(op: op, shapes: [query.shape, key.shape, value.shape],
                                            detail: "key and value must be [N, Tk, E] with the query's N and E")
        }
        let plan = try AttentionPlan(n: n, tq: tq, tk: tk, e: e, heads: heads, options: options,
                                     q: AttentionOperand(query, column: 0), k: AttentionOperand(key, column: 0),
                                     v: AttentionOperand(value, column: 0))
        return try run(plan, inputs: [query, key, value]) { grad in
            let gq = query.requiresGrad ? Tensor(uninitializedShape: query.shape) : nil
            let gk = key.requiresGrad ? Tensor(uninitializedShape: key.shape) : nil
            let gv = value.requiresGrad ? Tensor(uninitializedShape: value.shape) : nil
            return ([gq, gk, gv], gq.map { AttentionOperand($0, column: 0) }, gk.map { AttentionOperand($0, column: 0) },
                    gv.map { AttentionOperand($0, column: 0) })
        }
    }

    /// Self-attention on the packed output of one input projection: `qkv` is `[N, T, 3E]` with
    /// queries in columns `0..<E`, keys in `E..<2E`, values in `2E..<3E` (the product with
    /// `nn.MultiheadAttention`'s `in_proj_weight`). Avoids splitting the three apart; otherwise as
    /// `multiHeadAttention`.
    /// - Throws: `TensorError.shapeMismatch` or `.invalidArgument` naming the operand and shapes.
    public static func multiHeadSelfAttention(packed qkv: Tensor, heads: Int,
                                              options: AttentionOptions = AttentionOptions()) throws -> (output: Tensor, weights: Tensor?) {
        guard qkv.rank == 3, qkv.shape[2] % 3 == 0 else {
            throw TensorError.shapeMismatch(op: "multiHeadSelfAttention", shapes: [qkv.shape],
                                            detail: "packed input must be [N, T, 3E]")
        }
        let n = qkv.shape[0], t = qkv.shape[1], e = qkv.shape[2] / 3
        let plan = try AttentionPlan(n: n, tq: t, tk: t, e: e, heads: heads, options: options,
                                     q: AttentionOperand(qkv, column: 0), k: AttentionOperand(qkv, column: e),
                                     v: AttentionOperand(qkv, column: 2 * e))
        return try run(plan, inputs: [qkv]) { grad in
            let g = Tensor(uninitializedShape: qkv.shape)
            return ([g], AttentionOperand(g, column: 0), AttentionOperand(g, column: e), AttentionOperand(g, column: 2 * e))
        }
    }

    /// Forward, weights and gradient recording shared by both entry points. `gradients` allocates
    /// the input gradients and says where dQ, dK and dV go.
    private static func run(_ plan: AttentionPlan, inputs: [Tensor],
                            gradients: @escaping (Tensor) -> ([Tensor?], AttentionOperand?, AttentionOperand?, AttentionOperand?)) throws
        -> (output: Tensor, weights: Tensor?) {
        let record = needsGrad(inputs)
        let pairs = plan.n * plan.heads, square = plan.tq * plan.tk
        let keepProbabilities = record || plan.options.weights != .none
        let probabilities = keepProbabilities ? Tensor(uninitializedShape: [plan.n, plan.heads, plan.tq, plan.tk]) : nil
        var dropMask: Tensor? = nil
        if plan.options.dropout > 0 {
            let mask = Tensor(uninitializedShape: [pairs * square])
            var generator = SeededGenerator(seed: plan.options.dropoutSeed)
            let keep = 1 / (1 - plan.options.dropout), p = plan.options.dropout, pm = mask.pointer
            for i in 0..<mask.count { pm[i] = generator.nextUnitFloat() >= p ? keep : 0 }
            dropMask = mask
        }
        let output = Tensor(uninitializedShape: [plan.n, plan.tq, plan.e])
        Kernels.attentionForward(plan, output: output.pointer, probabilities: probabilities?.pointer, dropMask: dropMask?.pointer)

        var weights: Tensor? = nil
        if let probabilities, plan.options.weights != .none {
            let pp = probabilities.pointer, pm = dropMask?.pointer
            switch plan.options.weights {
            case .none: break
            case .perHead:
                let w = Tensor(uninitializedShape: probabilities.shape)
                for i in 0..<w.count { w.pointer[i] = pm.map { pp[i] * $0[i] } ?? pp[i] }
                weights = w
            case .averaged:
                let w = Tensor.zeros([plan.n, plan.tq, plan.tk])
                let inverse = 1 / Float(plan.heads)
                for b in 0..<pairs {
                    let dst = w.pointer + (b / plan.heads) * square, src = pp + b * square
                    if let pm { let m = pm + b * square; for i in 0..<square { dst[i] += src[i] * m[i] * inverse } }
                    else { for i in 0..<square { dst[i] += src[i] * inverse } }
                }
                weights = w
            }
        }
        guard record, let probabilities else { return (output, weights) }
        output.recording("multiHeadAttention", inputs) { g in
            let (grads, dq, dk, dv) = gradients(g)
            Kernels.attentionBackward(plan, gradOutput: g.pointer, probabilities: probabilities.pointer,
                                      dropMask: dropMask?.pointer, dq: dq, dk: dk, dv: dv)
            return grads
        }
        return (output, weights)
    }
}

/// Where head blocks of one attention operand live: row r of sequence n starts at
/// `pointer + (n·T + r)·rowStride`, head h at column `h·D` from there.
struct AttentionOperand {
    let tensor: Tensor
    let pointer: UnsafeMutablePointer<Float>
    let rowStride: Int

    /// Columns from `column` on of the rows of a `[N, T, C]` tensor.
    init(_ tensor: Tensor, column: Int) {
        self.tensor = tensor
        self.pointer = tensor.pointer + column
        self.rowStride = tensor.shape[tensor.rank - 1]
    }

    /// First value of head `h` of sequence `n` (T rows per sequence, D columns per head).
    @inline(__always) func block(_ n: Int, rows t: Int, head h: Int, width d: Int) -> UnsafeMutablePointer<Float> {
        pointer + n * t * rowStride + h * d
    }
}

/// Validated sizes, operands and masks of one attention call.
struct AttentionPlan {
    let n: Int, tq: Int, tk: Int, e: Int, heads: Int, d: Int
    let scale: Float
    let q: AttentionOperand, k: AttentionOperand, v: AttentionOperand
    let options: AttentionOptions

    init(n: Int, tq: Int, tk: Int, e: Int, heads: Int, options: AttentionOptions,
         q: AttentionOperand, k: AttentionOperand, v: AttentionOperand) throws {
        let op = "multiHeadAttention"
        guard heads > 0, e > 0, e % heads == 0 else {
            throw TensorError.invalidArgument(op: op, detail: "embedding size \(e) is not divisible by \(heads) heads")
        }
        if let mask = options.keyPaddingMask, mask.shape != [n, tk] {
            throw TensorError.shapeMismatch(op: op, shapes: [mask.shape], detail: "key padding mask must be [N, Tk] = [\(n), \(tk)]")
        }
        if let mask = options.attentionMask, mask.shape != [tq, tk], mask.shape != [n, heads, tq, tk] {
            throw TensorError.shapeMismatch(op: op, shapes: [mask.shape],
                                            detail: "attention mask must be [Tq, Tk] = [\(tq), \(tk)] or [N, H, Tq, Tk] = [\(n), \(heads), \(tq), \(tk)]")
        }
        guard options.dropout >= 0, options.dropout < 1 else {
            throw TensorError.invalidArgument(op: op, detail: "dropout must be in [0, 1), got \(options.dropout)")
        }
        self.n = n; self.tq = tq; self.tk = tk; self.e = e; self.heads = heads; self.d = e / heads
        self.scale = 1 / Float(e / heads).squareRoot()
        self.q = q; self.k = k; self.v = v
        self.options = options
    }

    /// The additive mask row for pair `b` (= n·H + h) and query `i`, if any.
    @inline(__always) func additiveRow(pair b: Int, query i: Int) -> UnsafePointer<Float>? {
        guard let mask = options.attentionMask else { return nil }
        return UnsafePointer(mask.rank == 2 ? mask.pointer + i * tk : mask.pointer + (b * tq + i) * tk)
    }
}

extension Kernels {
    /// Attention forward over every (sequence, head) pair; stores the probabilities (before
    /// dropout) in `probabilities` `[N·H·Tq·Tk]` when given.
    static func attentionForward(_ plan: AttentionPlan, output: UnsafeMutablePointer<Float>,
                                 probabilities: UnsafeMutablePointer<Float>?, dropMask: UnsafeMutablePointer<Float>?) {
        let (tq, tk, d, e, heads) = (plan.tq, plan.tk, plan.d, plan.e, plan.heads)
        let square = tq * tk
        let padding = plan.options.keyPaddingMask?.pointer
        Parallel.forRanges(plan.n * heads, costPerItem: square * d * 4) { range in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * max(square, 1))
            defer { scratch.deallocate() }
            for b in range {
                let n = b / heads, h = b % heads
                let scores = probabilities.map { $0 + b * square } ?? scratch
                BLAS.sgemm(transA: false, transB: true, m: tq, n: tk, k: d,
                           a: plan.q.block(n, rows: tq, head: h, width: d), lda: plan.q.rowStride,
                           b: plan.k.block(n, rows: tk, head: h, width: d), ldb: plan.k.rowStride,
                           c: scores, ldc: tk)
                for i in 0..<tq {
                    MaskedSoftmax.forward(scores + i * tk, count: tk, scale: plan.scale,
                                          additive: plan.additiveRow(pair: b, query: i),
                                          padding: padding.map { UnsafePointer($0 + n * tk) },
                                          visible: plan.options.causal ? Swift.min(i + 1, tk) : tk)
                }
                var weights = scores
                if let dropMask {
                    let dropped = scratch + square, m = dropMask + b * square
                    for i in 0..<square { dropped[i] = scores[i] * m[i] }
                    weights = dropped
                }
                BLAS.sgemm(transA: false, transB: false, m: tq, n: d, k: tk, a: weights, lda: tk,
                           b: plan.v.block(n, rows: tk, head: h, width: d), ldb: plan.v.rowStride,
                           c: output + n * tq * e + h * d, ldc: e)
            }
        }
    }

    /// Attention backward: from dOutput `[N, Tq, E]` and the stored probabilities, writes dQ, dK
    /// and dV (each optional) into their head blocks. Every block is written whole (no zeroing needed).
    static func attentionBackward(_ plan: AttentionPlan, gradOutput: UnsafeMutablePointer<Float>,
                                  probabilities: UnsafeMutablePointer<Float>, dropMask: UnsafeMutablePointer<Float>?,
                                  dq: AttentionOperand?, dk: AttentionOperand?, dv: AttentionOperand?) {
        let (tq, tk, d, e, heads) = (plan.tq, plan.tk, plan.d, plan.e, plan.heads)
        let square = tq * tk
        Parallel.forRanges(plan.n * heads, costPerItem: square * d * 8) { range in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * max(square, 1))
            defer { scratch.deallocate() }
            for b in range {
                let n = b / heads, h = b % heads
                let p = probabilities + b * square
                let g = gradOutput + n * tq * e + h * d
                var weights = p
                if let dropMask {
                    let m = dropMask + b * square
                    for i in 0..<square { scratch[i] = p[i] * m[i] }
                    weights = scratch
                }
                if let dv {
                    BLAS.sgemm(transA: true, transB: false, m: tk, n: d, k: tq, a: weights, lda: tk, b: g, ldb: e,
                               c: dv.block(n, rows: tk, head: h, width: d), ldc: dv.rowStride)
                }
                guard dq != nil || dk != nil else { continue }
                let ds = scratch + square
                BLAS.sgemm(transA: false, transB: true, m: tq, n: tk, k: d, a: g, lda: e,
                           b: plan.v.block(n, rows: tk, head: h, width: d), ldb: plan.v.rowStride, c: ds, ldc: tk)
                if let dropMask { let m = dropMask + b * square; for i in 0..<square { ds[i] *= m[i] } }
                for i in 0..<tq { MaskedSoftmax.backward(ds + i * tk, probabilities: p + i * tk, count: tk, scale: plan.scale) }
                if let dq {
                    BLAS.sgemm(transA: false, transB: false, m: tq, n: d, k: tk, a: ds, lda: tk,
                               b: plan.k.block(n, rows: tk, head: h, width: d), ldb: plan.k.rowStride,
                               c: dq.block(n, rows: tq, head: h, width: d), ldc: dq.rowStride)
                }
                if let dk {
                    BLAS.sgemm(transA: true, transB: false, m: tk, n: d, k: tq, a: ds, lda: tk,
                               b: plan.q.block(n, rows: tq, head: h, width: d), ldb: plan.q.rowStride,
                               c: dk.block(n, rows: tk, head: h, width: d), ldc: dk.rowStride)
                }
            }
        }
    }
}
