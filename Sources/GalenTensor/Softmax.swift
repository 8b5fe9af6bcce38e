import Foundation

/// Softmax and log-softmax along an axis, computed stably with fused gradients.
extension Tensor {
    /// exp(x − max) / Σ exp(x − max) along `axis`.
    /// - Throws: `TensorError.invalidAxis` (also for a scalar).
    public func softmax(axis: Int = -1) throws -> Tensor {
        guard rank > 0 else { throw TensorError.invalidAxis(op: "softmax", axis: axis, rank: 0) }
        let ax = try Shape.normalize(axis: axis, rank: rank, op: "softmax")
        let out = Kernels.softmax(self, axis: ax, log: false)
        guard Tensor.needsGrad(self) else { return out }
        let y = out.detached()
        return out.recording("softmax", [self]) { g in
            // dx = y · (g − Σ g·y)
            let (outer, n, inner) = Kernels.split(y.shape, ax)
            let res = Tensor(uninitializedShape: y.shape)
            let py = y.pointer, pg = g.pointer, pr = res.pointer
            for o in 0..<outer { for k in 0..<inner {
                let base = o * n * inner + k
                var dot: Float = 0
                for j in 0..<n { dot += pg[base + j * inner] * py[base + j * inner] }
                for j in 0..<n { let i = base + j * inner; pr[i] = py[i] * (pg[i] - dot) }
            } }
            return [res]
        }
    }

    /// x − log Σ exp(x) along `axis`.
    /// - Throws: `TensorError.invalidAxis` (also for a scalar).
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        guard rank > 0 else { throw TensorError.invalidAxis(op: "logSoftmax", axis: axis, rank: 0) }
        let ax = try Shape.normalize(axis: axis, rank: rank, op: "logSoftmax")
        let out = Kernels.softmax(self, axis: ax, log: true)
        guard Tensor.needsGrad(self) else { return out }
        let y = out.detached()
        return out.recording("logSoftmax", [self]) { g in
            // dx = g − softmax · Σ g
            let (outer, n, inner) = Kernels.split(y.shape, ax)
            let res = Tensor(uninitializedShape: y.shape)
            let py = y.pointer, pg = g.pointer, pr = res.pointer
            for o in 0..<outer { for k in 0..<inner {
                let base = o * n * inner + k
                var s: Float = 0
                for j in 0..<n { s += pg[base + j * inner] }
                for j in 0..<n { let i = base + j * inner; pr[i] = pg[i] - expf(py[i]) * s }
            } }
            return [res]
        }
    }
}

extension Kernels {
    static func softmax(_ x: Tensor, axis: Int, log: Bool) -> Tensor {
        let (outer, n, inner) = split(x.shape, axis)
        let out = Tensor(uninitializedShape: x.shape)
        let px = x.pointer, po = out.pointer
        Parallel.forRanges(outer, costPerItem: n * inner * 4) { r in
            for o in r { for k in 0..<inner {
                let base = o * n * inner + k
                var m = -Float.infinity
                for j in 0..<n { m = Swift.max(m, px[base + j * inner]) }
                if !m.isFinite { m = m.isNaN ? m : 0 }
                var s: Float = 0
                for j in 0..<n { let e = expf(px[base + j * inner] - m); po[base + j * inner] = e; s += e }
                if log {
                    let ls = logf(s) + m
                    for j in 0..<n { po[base + j * inner] = px[base + j * inner] - ls }
                } else {
                    let inv = 1 / s
                    for j in 0..<n { po[base + j * inner] *= inv }
                }
            } }
        }
        return out
    }
}
