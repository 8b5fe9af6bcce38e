import Foundation

/// Layer normalisation over the last dimension as one fused kernel, forward and backward.
extension Tensor {
    /// `(x − mean) / √(var + ε) · weight + bias` over the last dimension of `x` (biased variance, as
    /// `torch.nn.functional.layer_norm`), optionally of `x + residual` (the add-and-norm of a
    /// post-LN transformer layer, fused into the same pass when no gradient is recorded).
    ///
    /// One pass per row computes mean and variance while the row is in cache, a second writes
    /// the output; the backward is the closed form (no graph of elementwise ops).
    /// - Parameters:
    ///   - x: `[..., F]`.
    ///   - residual: added to `x` first when given; same shape as `x`.
    ///   - weight: `[F]` scale, or nil for 1.
    ///   - bias: `[F]` shift, or nil for 0.
    ///   - epsilon: added to the variance (PyTorch's `eps`, BERT's `layer_norm_eps`).
    /// - Throws: `TensorError.shapeMismatch` naming the shapes when `weight`, `bias` or `residual` do
    ///   not fit `x`; `.invalidArgument` for a scalar `x` or a last dimension of size 0.
    public static func layerNorm(_ x: Tensor, residual: Tensor? = nil, weight: Tensor?, bias: Tensor?,
                                 epsilon: Float) throws -> Tensor {
        guard x.rank >= 1, x.shape[x.rank - 1] > 0 else {
            throw TensorError.invalidArgument(op: "layerNorm", detail: "needs a last dimension of size > 0, got shape \(x.shape)")
        }
        let f = x.shape[x.rank - 1]
        for (name, t) in [("weight", weight), ("bias", bias)] {
            if let t, t.shape != [f] {
                throw TensorError.shapeMismatch(op: "layerNorm", shapes: [x.shape, t.shape], detail: "\(name) must be [\(f)]")
            }
        }
        if let residual, residual.shape != x.shape {
            throw TensorError.shapeMismatch(op: "layerNorm", shapes: [x.shape, residual.shape], detail: "residual must have the input's shape")
        }
        var parameters: [Tensor] = [x]
        if let residual { parameters.append(residual) }
        if let weight { parameters.append(weight) }
        if let bias { parameters.append(bias) }
        if let residual, needsGrad(parameters) {
            return try layerNorm(x + residual, weight: weight, bias: bias, epsilon: epsilon)
        }
        let rows = x.count / f
        let out = Tensor(uninitializedShape: x.shape)
        let record = needsGrad(parameters)
        let stats = record ? Tensor(uninitializedShape: [rows, 2]) : nil
        Kernels.layerNormForward(x.pointer, residual: residual?.pointer, weight: weight?.pointer, bias: bias?.pointer,
                                 out: out.pointer, stats: stats?.pointer, rows: rows, features: f, epsilon: epsilon)
        guard record, let stats else { return out }
        return out.recording("layerNorm", parameters) { g in
            let needX = x.requiresGrad
            let gx = needX ? Tensor(uninitializedShape: x.shape) : nil
            let gw = weight?.requiresGrad == true ? Tensor.zeros([f]) : nil
            let gb = bias?.requiresGrad == true ? Tensor.zeros([f]) : nil
            Kernels.layerNormBackward(g.pointer, x: x.pointer, weight: weight?.pointer, stats: stats.pointer,
                                      gradX: gx?.pointer, gradWeight: gw?.pointer, gradBias: gb?.pointer,
                                      rows: rows, features: f)
            var grads: [Tensor?] = [gx]
            if weight != nil { grads.append(gw) }
            if bias != nil { grads.append(gb) }
            return grads
        }
    }
}

extension Kernels {
    /// Row-wise layer norm of `x (+ residual)`; writes `[mean, 1/σ]` per row into `stats` when given.
    static func layerNormForward(_ x: UnsafeMutablePointer<Float>, residual: UnsafeMutablePointer<Float>?,
                                 weight: UnsafeMutablePointer<Float>?, bias: UnsafeMutablePointer<Float>?,
                                 out: UnsafeMutablePointer<Float>, stats: UnsafeMutablePointer<Float>?,
                                 rows: Int, features f: Int, epsilon: Float) {
        let inverseCount = 1 / Float(f)
        Parallel.forRanges(rows, costPerItem: f * 4) { range in
            for r in range {
                let px = x + r * f, po = out + r * f
                if let residual {
                    let pr = residual + r * f
                    for j in 0..<f { po[j] = px[j] + pr[j] }
                } else {
                    po.update(from: px, count: f)
                }
                var sum: Float = 0
                for j in 0..<f { sum += po[j] }
                let mean = sum * inverseCount
                var squares: Float = 0
                for j in 0..<f { let d = po[j] - mean; squares += d * d }
                let rstd = 1 / (squares * inverseCount + epsilon).squareRoot()
                if let weight, let bias {
                    for j in 0..<f { po[j] = (po[j] - mean) * rstd * weight[j] + bias[j] }
                } else {
                    for j in 0..<f { po[j] = (po[j] - mean) * rstd }
                    if let weight { for j in 0..<f { po[j] *= weight[j] } }
                    if let bias { for j in 0..<f { po[j] += bias[j] } }
                }
                if let stats { stats[2 * r] = mean; stats[2 * r + 1] = rstd }
            }
        }
    }

    /// Gradients of the row-wise layer norm: dx = σ⁻¹·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = g·weight,
    /// dweight = Σ g·x̂, dbias = Σ g over rows. Each output pointer is optional.
    static func layerNormBackward(_ g: UnsafeMutablePointer<Float>, x: UnsafeMutablePointer<Float>,
                                  weight: UnsafeMutablePointer<Float>?, stats: UnsafeMutablePointer<Float>,
                                  gradX: UnsafeMutablePointer<Float>?, gradWeight: UnsafeMutablePointer<Float>?,
                                  gradBias: UnsafeMutablePointer<Float>?, rows: Int, features f: Int) {
        let inverseCount = 1 / Float(f)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * f)
        defer { scratch.deallocate() }
        let xhat = scratch, gh = scratch + f
        for r in 0..<rows {
            let px = x + r * f, pg = g + r * f
            let mean = stats[2 * r], rstd = stats[2 * r + 1]
            for j in 0..<f { xhat[j] = (px[j] - mean) * rstd }
            if let gradWeight { for j in 0..<f { gradWeight[j] += pg[j] * xhat[j] } }
            if let gradBias { for j in 0..<f { gradBias[j] += pg[j] } }
            guard let gradX else { continue }
            if let weight { for j in 0..<f { gh[j] = pg[j] * weight[j] } } else { gh.update(from: pg, count: f) }
            var sumG: Float = 0, sumGX: Float = 0
            for j in 0..<f { sumG += gh[j]; sumGX += gh[j] * xhat[j] }
            let meanG = sumG * inverseCount, meanGX = sumGX * inverseCount
            let pd = gradX + r * f
            for j in 0..<f { pd[j] = rstd * (gh[j] - meanG - xhat[j] * meanGX) }
        }
    }
}
