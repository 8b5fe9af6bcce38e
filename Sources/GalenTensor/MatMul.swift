import Foundation

/// Matrix products through BLAS: 2-D, batched (with broadcast batch
/// dimensions), and the fused `linear` layer product.
extension Tensor {
    /// Matrix product following `torch.matmul` for ranks ≥ 1: 1-D operands are
    /// treated as a row (left) or column (right) vector, and leading batch
    /// dimensions broadcast.
    /// - Throws: `TensorError.shapeMismatch` when inner dimensions differ or batch dimensions do not broadcast.
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard rank >= 1, other.rank >= 1 else {
            throw TensorError.shapeMismatch(op: "matmul", shapes: [shape, other.shape], detail: "both operands need at least 1 dimension")
        }
        if rank == 1 && other.rank == 1 {
            return try (try unsqueeze(axis: 0).matmul(try other.unsqueeze(axis: 1))).reshape([])
        }
        if rank == 1 { return try (try unsqueeze(axis: 0).matmul(other)).squeeze(axis: -2) }
        if other.rank == 1 { return try matmul(try other.unsqueeze(axis: 1)).squeeze(axis: -1) }
        let a = self, b = other
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1]
        let k2 = b.shape[b.rank - 2], n = b.shape[b.rank - 1]
        guard k == k2 else {
            throw TensorError.shapeMismatch(op: "matmul", shapes: [a.shape, b.shape],
                                            detail: "inner dimensions differ (\(k) vs \(k2))")
        }
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let batch = try Shape.broadcast(batchA, batchB, op: "matmul")
        let out = Kernels.batchedGemm(a, b, batch: batch, m: m, n: n, k: k, transA: false, transB: false)
        guard Tensor.needsGrad(a, b) else { return out }
        return out.recording("matmul", [a, b]) { g in
            // dA = g·Bᵀ, dB = Aᵀ·g, summed over broadcast batch dimensions.
            var ga: Tensor? = nil, gb: Tensor? = nil
            if a.requiresGrad {
                let full = Kernels.batchedGemm(g, b, batch: batch, m: m, n: k, k: n, transA: false, transB: true)
                ga = Kernels.sumTo(full, a.shape)
            }
            if b.requiresGrad {
                let full = Kernels.batchedGemm(a, g, batch: batch, m: k, n: n, k: m, transA: true, transB: false)
                gb = Kernels.sumTo(full, b.shape)
            }
            return [ga, gb]
        }
    }

    /// `x · weightᵀ + bias` for `x` of shape `[..., in]`, `weight` `[out, in]`
    /// (PyTorch's layout) and optional `bias` `[out]`: the product of a Dense
    /// layer in one GEMM, with a fused backward.
    /// - Throws: `TensorError.shapeMismatch` naming the shapes.
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor {
        try linear(x, weight: weight, bias: bias, activation: .none)
    }

    /// `relu(x · weightᵀ + bias)` in one pass over the output when no gradient is
    /// being recorded (the inference path of a Dense layer followed by ReLU);
    /// with gradients it is `linear` followed by `relu()`.
    /// - Throws: `TensorError.shapeMismatch` naming the shapes.
    public static func linearReLU(_ x: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor {
        if needsGrad([x, weight] + (bias.map { [$0] } ?? [])) {
            return try linear(x, weight: weight, bias: bias).relu()
        }
        return try linear(x, weight: weight, bias: bias, activation: .relu)
    }

    /// `gelu(x · weightᵀ + bias)` (exact erf GELU) in one pass over the output when no gradient is
    /// being recorded (the first feed-forward product of a transformer layer); with gradients it is
    /// `linear` followed by `gelu()`.
    /// - Throws: `TensorError.shapeMismatch` naming the shapes.
    public static func linearGELU(_ x: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor {
        if needsGrad([x, weight] + (bias.map { [$0] } ?? [])) {
            return try linear(x, weight: weight, bias: bias).gelu()
        }
        return try linear(x, weight: weight, bias: bias, activation: .gelu)
    }

    /// The activation applied in the bias pass of `linear` (inference only).
    private enum FusedActivation { case none, relu, gelu }

    private static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?, activation: FusedActivation) throws -> Tensor {
        guard weight.rank == 2, x.rank >= 1, x.shape[x.rank - 1] == weight.shape[1] else {
            throw TensorError.shapeMismatch(op: "linear", shapes: [x.shape, weight.shape],
                detail: "input's last dimension must equal the weight's in-features (weight is [out, in])")
        }
        let outF = weight.shape[0], inF = weight.shape[1]
        if let bias, bias.shape != [outF] {
            throw TensorError.shapeMismatch(op: "linear", shapes: [bias.shape, weight.shape], detail: "bias must be [\(outF)]")
        }
        let rows = Shape.count(Array(x.shape.dropLast()))  // not x.count / inF, which is 0 when inF is 0
        let outShape = Array(x.shape.dropLast()) + [outF]
        let out = Tensor(uninitializedShape: outShape)
        BLAS.sgemm(transA: false, transB: true, m: rows, n: outF, k: inF, a: x.pointer, lda: inF,
                   b: weight.pointer, ldb: inF, beta: 0, c: out.pointer, ldc: outF)
        // Bias (and the activation) in one pass over the product, row by row while it is in cache.
        if bias != nil || activation != .none {
            let po = out.pointer, pb = bias?.pointer
            Parallel.forRanges(rows, costPerItem: activation == .gelu ? outF * 8 : outF) { range in
                for r in range {
                    let row = po + r * outF
                    if let pb { for j in 0..<outF { row[j] += pb[j] } }
                    switch activation {
                    case .none: break
                    case .relu: for j in 0..<outF { row[j] = row[j] > 0 ? row[j] : 0 }
                    case .gelu: for j in 0..<outF { row[j] = FastMath.gelu(row[j]) }
                    }
                }
            }
        }
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        guard needsGrad(inputs) else { return out }
        return out.recording("linear", inputs) { g in
            var gx: Tensor? = nil, gw: Tensor? = nil, gbias: Tensor? = nil
            if x.requiresGrad {
                let t = Tensor(uninitializedShape: x.shape)
                BLAS.sgemm(transA: false, transB: false, m: rows, n: inF, k: outF, a: g.pointer, lda: outF,
                           b: weight.pointer, ldb: inF, c: t.pointer, ldc: inF)
                gx = t
            }
            if weight.requiresGrad {
                let t = Tensor(uninitializedShape: weight.shape)
                BLAS.sgemm(transA: true, transB: false, m: outF, n: inF, k: rows, a: g.pointer, lda: outF,
                           b: x.pointer, ldb: inF, c: t.pointer, ldc: inF)
                gw = t
            }
            if let bias, bias.requiresGrad {
                let t = Tensor.zeros([outF])
                let pt = t.pointer, pg = g.pointer
                for r in 0..<rows { let row = pg + r * outF; for j in 0..<outF { pt[j] += row[j] } }
                gbias = t
            }
            return bias == nil ? [gx, gw] : [gx, gw, gbias]
        }
    }
}

extension Kernels {
    /// Batched op(A)·op(B) with broadcast batch dims; A, B hold matrices in their
    /// last two dims as stored (transpose flags apply to those).
    static func batchedGemm(_ a: Tensor, _ b: Tensor, batch: [Int], m: Int, n: Int, k: Int,
                            transA: Bool, transB: Bool) -> Tensor {
        let out = Tensor(uninitializedShape: batch + [m, n])
        let count = Shape.count(batch)
        let aMat = a.shape[a.rank - 2] * a.shape[a.rank - 1]
        let bMat = b.shape[b.rank - 2] * b.shape[b.rank - 1]
        let lda = a.shape[a.rank - 1], ldb = b.shape[b.rank - 1]
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let sa = Shape.broadcastStrides(batchA, to: batch), sb = Shape.broadcastStrides(batchB, to: batch)
        var idx = [Int](repeating: 0, count: batch.count)
        for i in 0..<count {
            var oa = 0, ob = 0
            for d in 0..<batch.count { oa += idx[d] * sa[d]; ob += idx[d] * sb[d] }
            BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, a: a.pointer + oa * aMat, lda: lda,
                       b: b.pointer + ob * bMat, ldb: ldb, c: out.pointer + i * m * n, ldc: n)
            var d = batch.count - 1
            while d >= 0 { idx[d] += 1; if idx[d] < batch[d] { break }; idx[d] = 0; d -= 1 }
        }
        return out
    }
}
