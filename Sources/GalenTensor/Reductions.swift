import Foundation

extension Kernels {
    /// Splits `shape` around `axis` into (outer, n, inner) sizes.
    static func split(_ shape: [Int], _ axis: Int) -> (Int, Int, Int) {
        let outer = Shape.count(Array(shape[..<axis]))
        let inner = Shape.count(Array(shape[(axis + 1)...]))
        return (outer, shape[axis], inner)
    }

    /// Sum over one axis (kept as size 1).
    static func sum(_ a: Tensor, axis: Int) -> Tensor {
        let (outer, n, inner) = split(a.shape, axis)
        var shape = a.shape
        shape[axis] = 1
        let out = Tensor(uninitializedShape: shape)
        let pa = a.pointer, po = out.pointer
        if inner == 1 {
            Parallel.forRanges(outer, costPerItem: n) { r in
                for o in r {
                    var s: Float = 0
                    let row = pa + o * n
                    for j in 0..<n { s += row[j] }
                    po[o] = s
                }
            }
        } else {
            Parallel.forRanges(outer, costPerItem: n * inner) { r in
                for o in r {
                    let dst = po + o * inner
                    dst.update(repeating: 0, count: inner)
                    for j in 0..<n {
                        let src = pa + (o * n + j) * inner
                        for k in 0..<inner { dst[k] += src[k] }
                    }
                }
            }
        }
        return out
    }

    /// Sum over several axes, keeping them as size 1.
    static func sum(_ a: Tensor, axes: [Int]) -> Tensor {
        var t = a
        for ax in axes.sorted(by: >) { t = sum(t, axis: ax) }
        return t
    }

    /// Max (or min) over one axis with the index of the first extreme, kept as size 1.
    static func extreme(_ a: Tensor, axis: Int, max isMax: Bool) -> (Tensor, [Int32]) {
        let (outer, n, inner) = split(a.shape, axis)
        var shape = a.shape
        shape[axis] = 1
        let out = Tensor(uninitializedShape: shape)
        var idx = [Int32](repeating: 0, count: outer * inner)
        let pa = a.pointer, po = out.pointer
        idx.withUnsafeMutableBufferPointer { pi in
            for o in 0..<outer {
                for k in 0..<inner {
                    var best = pa[o * n * inner + k]
                    var bi: Int32 = 0
                    if !best.isNaN {
                        for j in 1..<max(n, 1) {
                            let v = pa[(o * n + j) * inner + k]
                            if v.isNaN { best = v; bi = Int32(j); break }  // NaN propagates, as in PyTorch
                            if isMax ? (v > best) : (v < best) { best = v; bi = Int32(j) }
                        }
                    }
                    po[o * inner + k] = best
                    pi[o * inner + k] = bi
                }
            }
        }
        return (out, idx)
    }
}

extension Tensor {
    private func resolveAxes(_ axes: [Int]?, _ op: String) throws -> [Int] {
        guard let axes else { return Array(0..<rank) }
        var seen = Set<Int>()
        var out: [Int] = []
        for a in axes {
            let n = try Shape.normalize(axis: a, rank: rank, op: op)
            guard rank > 0 else { continue }
            guard seen.insert(n).inserted else { throw TensorError.invalidArgument(op: op, detail: "axis \(a) given twice") }
            out.append(n)
        }
        return out
    }

    private func reducedShape(_ axes: [Int], keepDims: Bool) -> [Int] {
        if keepDims { return shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element } }
        return shape.enumerated().filter { !axes.contains($0.offset) }.map { $0.element }
    }

    /// Sum over `axes` (all when nil), optionally keeping them as size 1.
    /// - Throws: `TensorError.invalidAxis` for an axis outside the rank.
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        let ax = try resolveAxes(axes, "sum")
        let kept = Kernels.sum(self, axes: ax)
        let outShape = reducedShape(ax, keepDims: keepDims)
        let out = Tensor(shape: outShape, storage: kept.storage)
        guard Tensor.needsGrad(self) else { return out }
        let inShape = shape, keptShape = kept.shape
        return out.recording("sum", [self]) { g in
            [Kernels.expand(Tensor(shape: keptShape, storage: g.storage), inShape)]
        }
    }

    /// Sum of all elements as a scalar.
    public func sum() -> Tensor { try! sum(axes: nil) }

    /// Mean over `axes` (all when nil).
    /// - Throws: `TensorError.invalidAxis` for an axis outside the rank.
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        let ax = try resolveAxes(axes, "mean")
        let n = ax.reduce(1) { $0 * shape[$1] }
        return try sum(axes: ax, keepDims: keepDims) * (1 / Float(Swift.max(n, 1)))
    }

    /// Mean of all elements as a scalar.
    public func mean() -> Tensor { try! mean(axes: nil) }

    /// Variance over `axes` (all when nil); `unbiased` divides by n − 1 as PyTorch's default.
    /// - Throws: `TensorError.invalidAxis` for an axis outside the rank.
    public func variance(axes: [Int]? = nil, keepDims: Bool = false, unbiased: Bool = true) throws -> Tensor {
        let ax = try resolveAxes(axes, "variance")
        let n = ax.reduce(1) { $0 * shape[$1] }
        let centered = try self - (try mean(axes: ax, keepDims: true))
        let ss = try (centered * centered).sum(axes: ax, keepDims: keepDims)
        return ss * (1 / Float(Swift.max(unbiased ? n - 1 : n, 1)))
    }

    private func extremum(_ axis: Int?, _ keepDims: Bool, max isMax: Bool, _ op: String) throws -> Tensor {
        guard count > 0 else { throw TensorError.invalidArgument(op: op, detail: "cannot reduce an empty tensor of shape \(shape)") }
        let flat = axis == nil ? Tensor(shape: [count], storage: storage) : self
        let ax = try axis.map { try Shape.normalize(axis: $0, rank: rank, op: op) } ?? 0
        if rank == 0 { return self }
        let (kept, idx) = Kernels.extreme(flat, axis: ax, max: isMax)
        let outShape = axis == nil ? (keepDims ? [Int](repeating: 1, count: rank) : []) : reducedShape([ax], keepDims: keepDims)
        let out = Tensor(shape: outShape, storage: kept.storage)
        guard Tensor.needsGrad(self) else { return out }
        let inShape = flat.shape
        let fullShape = shape
        return out.recording(op, [self]) { g in
            // The gradient goes to the first extreme element, as PyTorch's max(dim) does.
            let (outer, n, inner) = Kernels.split(inShape, ax)
            let res = Tensor.zeros(fullShape)
            let pr = res.pointer, pg = g.pointer
            for o in 0..<outer { for k in 0..<inner {
                pr[(o * n + Int(idx[o * inner + k])) * inner + k] += pg[o * inner + k]
            } }
            return [res]
        }
    }

    /// Maximum over `axis` (over everything when nil). Gradient flows to the first maximal element.
    /// - Throws: `TensorError.invalidAxis`, or `.invalidArgument` for an empty tensor.
    public func max(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try extremum(axis, keepDims, max: true, "max")
    }

    /// Minimum over `axis` (over everything when nil).
    /// - Throws: `TensorError.invalidAxis`, or `.invalidArgument` for an empty tensor.
    public func min(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try extremum(axis, keepDims, max: false, "min")
    }

    /// Index of the first maximum along `axis` (of the flattened tensor when nil), as Float values.
    /// - Throws: `TensorError.invalidAxis`, or `.invalidArgument` for an empty tensor.
    public func argmax(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        guard count > 0 else { throw TensorError.invalidArgument(op: "argmax", detail: "empty tensor of shape \(shape)") }
        let ax = try axis.map { try Shape.normalize(axis: $0, rank: rank, op: "argmax") } ?? 0
        if rank == 0 { return Tensor(scalar: 0) }
        let flat = axis == nil ? Tensor(shape: [count], storage: storage) : self
        let (_, idx) = Kernels.extreme(flat, axis: ax, max: true)
        let outShape = axis == nil ? (keepDims ? [Int](repeating: 1, count: rank) : []) : reducedShape([ax], keepDims: keepDims)
        return try Tensor(shape: outShape, values: idx.map(Float.init))
    }

    /// log Σ exp(x) over `axis`, computed stably (max subtracted first). Empty sums give -inf.
    /// - Throws: `TensorError.invalidAxis` (also for a scalar).
    public func logSumExp(axis: Int, keepDims: Bool = false) throws -> Tensor {
        guard rank > 0 else { throw TensorError.invalidAxis(op: "logSumExp", axis: axis, rank: 0) }
        let ax = try Shape.normalize(axis: axis, rank: rank, op: "logSumExp")
        // Replace infinite maxima by 0 so that -inf rows give -inf, not NaN. An empty
        // tensor has no maximum: shift by 0 (its sums are 0, their logs -inf, as in PyTorch).
        var keptShape = shape
        keptShape[ax] = 1
        let shift = count == 0 ? Tensor.zeros(keptShape)
            : Kernels.map(try withNoGrad { try self.max(axis: ax, keepDims: true) }) { $0.isFinite ? $0 : 0 }
        let lse = try ((self - shift).exp().sum(axes: [ax], keepDims: true)).log() + shift
        return keepDims ? lse : try lse.squeeze(axis: ax)
    }
}
