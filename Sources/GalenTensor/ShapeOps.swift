import Foundation

/// Operations that rearrange values without arithmetic: reshape, transpose and
/// permute, broadcast, slice, concatenate, stack, gather, squeeze and unsqueeze.
extension Tensor {
    /// The same values with a new shape (one dimension may be -1, inferred).
    /// Shares storage with `self`.
    /// - Throws: `TensorError.invalidArgument` when the element counts differ.
    public func reshape(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        let unknown = target.indices.filter { target[$0] == -1 }
        guard unknown.count <= 1, target.allSatisfy({ $0 >= -1 }) else {
            throw TensorError.invalidArgument(op: "reshape", detail: "shape \(newShape) may hold at most one -1 and no other negative size")
        }
        if let u = unknown.first {
            let known = target.enumerated().filter { $0.offset != u }.reduce(1) { $0 * $1.element }
            guard known > 0, count % known == 0 else {
                throw TensorError.invalidArgument(op: "reshape", detail: "cannot reshape \(shape) (\(count) values) into \(newShape)")
            }
            target[u] = count / known
        }
        guard Shape.count(target) == count else {
            throw TensorError.invalidArgument(op: "reshape", detail: "cannot reshape \(shape) (\(count) values) into \(newShape) (\(Shape.count(target)) values)")
        }
        let out = Tensor(shape: target, storage: storage)
        guard Tensor.needsGrad(self) else { return out }
        let s = shape
        return out.recording("reshape", [self]) { g in [Tensor(shape: s, storage: g.storage)] }
    }

    /// All dimensions after `startAxis` merged into one (Keras' Flatten keeps axis 0).
    /// - Throws: `TensorError.invalidAxis`.
    public func flatten(from startAxis: Int = 1) throws -> Tensor {
        let a = try Shape.normalize(axis: startAxis, rank: rank, op: "flatten")
        return try reshape(Array(shape[..<a]) + [Shape.count(Array(shape[a...]))])
    }

    /// Dimensions reordered: output dimension i is input dimension `order[i]`.
    /// - Throws: `TensorError.invalidArgument` unless `order` is a permutation of `0..<rank`.
    public func permute(_ order: [Int]) throws -> Tensor {
        let ord = try order.map { try Shape.normalize(axis: $0, rank: rank, op: "permute") }
        guard ord.count == rank, Set(ord).count == rank else {
            throw TensorError.invalidArgument(op: "permute", detail: "\(order) is not a permutation of the \(rank) axes of \(shape)")
        }
        let out = Kernels.permute(self, ord)
        guard Tensor.needsGrad(self) else { return out }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, o) in ord.enumerated() { inverse[o] = i }
        return out.recording("permute", [self]) { g in [Kernels.permute(g, inverse)] }
    }

    /// Two axes swapped (default: the last two, a matrix transpose).
    /// - Throws: `TensorError.invalidAxis`, or `.invalidArgument` for rank < 2 with defaults.
    public func transposed(_ axis0: Int = -2, _ axis1: Int = -1) throws -> Tensor {
        guard rank >= 2 || (axis0 >= 0 && axis1 >= 0) else {
            throw TensorError.invalidArgument(op: "transpose", detail: "needs at least 2 dimensions, got shape \(shape)")
        }
        let a = try Shape.normalize(axis: axis0, rank: rank, op: "transpose")
        let b = try Shape.normalize(axis: axis1, rank: rank, op: "transpose")
        var ord = Array(0..<rank)
        ord.swapAt(a, b)
        return try permute(ord)
    }

    /// Values repeated along dimensions of size 1 (and new leading ones) to `newShape`.
    /// - Throws: `TensorError.shapeMismatch` when the shape does not broadcast to `newShape`.
    public func broadcast(to newShape: [Int]) throws -> Tensor {
        let b = try Shape.broadcast(shape, newShape, op: "broadcast")
        guard b == newShape else {
            throw TensorError.shapeMismatch(op: "broadcast", shapes: [shape, newShape], detail: "the first does not broadcast to the second")
        }
        let out = Kernels.expand(self, newShape)
        guard Tensor.needsGrad(self), out !== self else { return out }
        let s = shape
        return out.recording("broadcast", [self]) { g in [Kernels.sumTo(g, s)] }
    }

    /// A dimension of size 1 inserted at `axis` (which may equal the rank).
    /// - Throws: `TensorError.invalidAxis`.
    public func unsqueeze(axis: Int) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank + 1, op: "unsqueeze")
        var s = shape
        s.insert(1, at: a)
        return try reshape(s)
    }

    /// The dimension `axis` removed (it must have size 1), or every size-1 dimension when nil.
    /// - Throws: `TensorError.invalidAxis`, or `.invalidArgument` when that dimension is not 1.
    public func squeeze(axis: Int? = nil) throws -> Tensor {
        guard let axis else { return try reshape(shape.filter { $0 != 1 }) }
        let a = try Shape.normalize(axis: axis, rank: rank, op: "squeeze")
        if rank == 0 { return try reshape([]) }  // a scalar has nothing to remove (as PyTorch)
        guard shape[a] == 1 else {
            throw TensorError.invalidArgument(op: "squeeze", detail: "dimension \(axis) of \(shape) has size \(shape[a]), not 1")
        }
        var s = shape
        s.remove(at: a)
        return try reshape(s)
    }

    /// Elements `range` along `axis` (Python's `x[..., start:end, ...]`), copied.
    /// - Throws: `TensorError.invalidAxis` (also for a scalar) or `.indexOutOfRange`.
    public func slice(axis: Int, _ range: Range<Int>) throws -> Tensor {
        guard rank > 0 else { throw TensorError.invalidAxis(op: "slice", axis: axis, rank: 0) }
        let a = try Shape.normalize(axis: axis, rank: rank, op: "slice")
        guard range.lowerBound >= 0, range.upperBound <= shape[a] else {
            throw TensorError.indexOutOfRange(op: "slice", index: range.lowerBound < 0 ? range.lowerBound : range.upperBound,
                                              dimension: a, size: shape[a])
        }
        let (outer, n, inner) = Kernels.split(shape, a)
        var outShape = shape
        outShape[a] = range.count
        let out = Tensor(uninitializedShape: outShape)
        let len = range.count * inner
        for o in 0..<outer {
            (out.pointer + o * len).update(from: pointer + (o * n + range.lowerBound) * inner, count: len)
        }
        guard Tensor.needsGrad(self) else { return out }
        let inShape = shape
        return out.recording("slice", [self]) { g in
            let res = Tensor.zeros(inShape)
            for o in 0..<outer {
                (res.pointer + (o * n + range.lowerBound) * inner).update(from: g.pointer + o * len, count: len)
            }
            return [res]
        }
    }

    /// Tensors joined along an existing axis. All other dimensions must match.
    /// - Throws: `TensorError.invalidArgument` for an empty list, `.shapeMismatch` for unequal dimensions,
    ///   `.invalidAxis` for a bad axis or scalars (which have no axis to join along).
    public static func concat(_ tensors: [Tensor], axis: Int) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.invalidArgument(op: "concat", detail: "needs at least one tensor") }
        guard first.rank > 0 else { throw TensorError.invalidAxis(op: "concat", axis: axis, rank: 0) }
        let a = try Shape.normalize(axis: axis, rank: first.rank, op: "concat")
        for t in tensors {
            var s1 = t.shape, s0 = first.shape
            guard s1.count == s0.count else {
                throw TensorError.shapeMismatch(op: "concat", shapes: [s0, s1], detail: "tensors must have the same rank")
            }
            s1[a] = 0; s0[a] = 0
            guard s1 == s0 else {
                throw TensorError.shapeMismatch(op: "concat", shapes: [first.shape, t.shape], detail: "dimensions other than \(a) must match")
            }
        }
        var outShape = first.shape
        outShape[a] = tensors.reduce(0) { $0 + $1.shape[a] }
        let (outer, total, inner) = Kernels.split(outShape, a)
        let out = Tensor(uninitializedShape: outShape)
        var offset = 0
        var offsets: [Int] = []
        for t in tensors {
            let n = t.shape[a] * inner
            for o in 0..<outer { (out.pointer + o * total * inner + offset).update(from: t.pointer + o * n, count: n) }
            offsets.append(offset)
            offset += n
        }
        guard needsGrad(tensors) else { return out }
        return out.recording("concat", tensors) { g in
            tensors.enumerated().map { i, t in
                guard t.requiresGrad else { return nil }
                let n = t.shape[a] * inner
                let res = Tensor(uninitializedShape: t.shape)
                for o in 0..<outer { (res.pointer + o * n).update(from: g.pointer + o * total * inner + offsets[i], count: n) }
                return res
            }
        }
    }

    /// Tensors of equal shape joined along a new axis.
    /// - Throws: `TensorError.shapeMismatch` for unequal shapes, `.invalidArgument` for an empty list.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.invalidArgument(op: "stack", detail: "needs at least one tensor") }
        for t in tensors where t.shape != first.shape {
            throw TensorError.shapeMismatch(op: "stack", shapes: [first.shape, t.shape], detail: "all tensors must have the same shape")
        }
        let a = try Shape.normalize(axis: axis, rank: first.rank + 1, op: "stack")
        return try concat(try tensors.map { try $0.unsqueeze(axis: a) }, axis: a)
    }

    /// Rows (slices along `axis`) picked by `indices`, in order, repeats allowed
    /// (PyTorch's `index_select`). The gradient adds back into the picked slices.
    /// - Throws: `TensorError.invalidAxis` (also for a scalar) or `.indexOutOfRange` naming the bad index.
    public func gather(axis: Int, indices: [Int]) throws -> Tensor {
        guard rank > 0 else { throw TensorError.invalidAxis(op: "gather", axis: axis, rank: 0) }
        let a = try Shape.normalize(axis: axis, rank: rank, op: "gather")
        let (outer, n, inner) = Kernels.split(shape, a)
        for i in indices where i < 0 || i >= n {
            throw TensorError.indexOutOfRange(op: "gather", index: i, dimension: a, size: n)
        }
        var outShape = shape
        outShape[a] = indices.count
        let out = Tensor(uninitializedShape: outShape)
        let m = indices.count
        for o in 0..<outer {
            for (j, i) in indices.enumerated() {
                (out.pointer + (o * m + j) * inner).update(from: pointer + (o * n + i) * inner, count: inner)
            }
        }
        guard Tensor.needsGrad(self) else { return out }
        let inShape = shape
        return out.recording("gather", [self]) { g in
            let res = Tensor.zeros(inShape)
            for o in 0..<outer {
                for (j, i) in indices.enumerated() {
                    let dst = res.pointer + (o * n + i) * inner, src = g.pointer + (o * m + j) * inner
                    for k in 0..<inner { dst[k] += src[k] }
                }
            }
            return [res]
        }
    }

    /// `gather` with indices held in a tensor (values are rounded to integers).
    /// - Throws: as `gather(axis:indices:)`, and `.invalidArgument` for non-integral indices.
    public func indexSelect(axis: Int, indices: Tensor) throws -> Tensor {
        var idx: [Int] = []
        idx.reserveCapacity(indices.count)
        for v in indices.scalars {
            guard v.isFinite, v == v.rounded() else {
                throw TensorError.invalidArgument(op: "indexSelect", detail: "index \(v) is not an integer")
            }
            guard let i = Int(exactly: v) else {  // integral but beyond Int: Int(v) would trap
                throw TensorError.invalidArgument(op: "indexSelect", detail: "index \(v) is out of range")
            }
            idx.append(i)
        }
        return try gather(axis: axis, indices: idx)
    }
}

extension Kernels {
    /// Materialises a permutation of axes (output dim i = input dim order[i]).
    static func permute(_ a: Tensor, _ order: [Int]) -> Tensor {
        let rank = a.rank
        let outShape = order.map { a.shape[$0] }
        let out = Tensor(uninitializedShape: outShape)
        if order == Array(0..<rank) {
            out.pointer.update(from: a.pointer, count: a.count)
            return out
        }
        let inStrides = Shape.strides(a.shape)
        let src = order.map { inStrides[$0] }
        let pa = a.pointer, po = out.pointer
        if rank == 2 {
            // Blocked 2-D transpose for cache friendliness.
            let rows = outShape[0], cols = outShape[1]
            let s0 = src[0], s1 = src[1]
            let bs = 32
            for i0 in stride(from: 0, to: rows, by: bs) {
                for j0 in stride(from: 0, to: cols, by: bs) {
                    for i in i0..<min(i0 + bs, rows) {
                        for j in j0..<min(j0 + bs, cols) { po[i * cols + j] = pa[i * s0 + j * s1] }
                    }
                }
            }
            return out
        }
        let inner = outShape[rank - 1]
        let innerStride = src[rank - 1]
        var idx = [Int](repeating: 0, count: rank)
        var off = 0
        let rows = out.count / max(inner, 1)
        for row in 0..<rows {
            let o = po + row * inner
            for j in 0..<inner { o[j] = pa[off + j * innerStride] }
            var d = rank - 2
            while d >= 0 {
                idx[d] += 1
                off += src[d]
                if idx[d] < outShape[d] { break }
                off -= src[d] * outShape[d]
                idx[d] = 0
                d -= 1
            }
        }
        return out
    }
}
