import Foundation

/// A scalar function of two floats, used to specialise broadcasting loops.
@usableFromInline protocol BinaryKernel { static func apply(_ a: Float, _ b: Float) -> Float }
@usableFromInline enum AddKernel: BinaryKernel { @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { a + b } }
@usableFromInline enum SubKernel: BinaryKernel { @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { a - b } }
@usableFromInline enum MulKernel: BinaryKernel { @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { a * b } }
@usableFromInline enum DivKernel: BinaryKernel { @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { a / b } }
@usableFromInline enum RightKernel: BinaryKernel { @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { b } }
@usableFromInline enum PowKernel: BinaryKernel { @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { powf(a, b) } }
/// d(a^b)/da = b·a^(b−1), taken as 0 for b = 0 (a constant), also at a = 0 where it would be 0·inf (as PyTorch).
@usableFromInline enum PowDerivativeKernel: BinaryKernel {
    @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { b == 0 ? 0 : b * powf(a, b - 1) }
}

/// Raw kernels: no shape checks, no autodiff. Public operations validate and record.
enum Kernels {
    /// `a op b` with NumPy broadcasting into `outShape` (already validated).
    static func binary<K: BinaryKernel>(_: K.Type, _ a: Tensor, _ b: Tensor, _ outShape: [Int]) -> Tensor {
        let out = Tensor(uninitializedShape: outShape)
        let n = out.count
        if n == 0 { return out }  // empty: nothing to compute (and no zero-size dimension to divide by)
        let pa = a.pointer, pb = b.pointer, po = out.pointer
        if a.count == n && b.count == n {
            Parallel.forRanges(n) { r in for i in r { po[i] = K.apply(pa[i], pb[i]) } }
        } else if b.count == 1 && a.count == n {
            let s = pb[0]
            Parallel.forRanges(n) { r in for i in r { po[i] = K.apply(pa[i], s) } }
        } else if a.count == 1 && b.count == n {
            let s = pa[0]
            Parallel.forRanges(n) { r in for i in r { po[i] = K.apply(s, pb[i]) } }
        } else {
            broadcastLoop(K.self, a, b, out)
        }
        return out
    }

    /// General broadcasting: the innermost dimension is a tight loop with
    /// per-input strides (0 or 1); outer dimensions advance by counters.
    private static func broadcastLoop<K: BinaryKernel>(_: K.Type, _ a: Tensor, _ b: Tensor, _ out: Tensor) {
        let shape = out.shape
        let rank = shape.count
        let sa = Shape.broadcastStrides(a.shape, to: shape)
        let sb = Shape.broadcastStrides(b.shape, to: shape)
        let inner = shape[rank - 1]
        let ia = sa[rank - 1], ib = sb[rank - 1]
        let rows = out.count / max(inner, 1)
        let pa = a.pointer, pb = b.pointer, po = out.pointer
        Parallel.forRanges(rows, costPerItem: inner) { range in
            var idx = [Int](repeating: 0, count: rank)
            // Decompose the first row index into outer coordinates.
            var rem = range.lowerBound
            for d in stride(from: rank - 2, through: 0, by: -1) { idx[d] = rem % shape[d]; rem /= shape[d] }
            var offA = 0, offB = 0
            for d in 0..<(rank - 1) { offA += idx[d] * sa[d]; offB += idx[d] * sb[d] }
            for row in range {
                let o = po + row * inner
                if ia == 1 && ib == 1 {
                    for j in 0..<inner { o[j] = K.apply(pa[offA + j], pb[offB + j]) }
                } else if ia == 1 {
                    let v = pb[offB]
                    for j in 0..<inner { o[j] = K.apply(pa[offA + j], v) }
                } else if ib == 1 {
                    let v = pa[offA]
                    for j in 0..<inner { o[j] = K.apply(v, pb[offB + j]) }
                } else {
                    o.update(repeating: K.apply(pa[offA], pb[offB]), count: inner)
                }
                // Advance the outer counter.
                var d = rank - 2
                while d >= 0 {
                    idx[d] += 1
                    offA += sa[d]; offB += sb[d]
                    if idx[d] < shape[d] { break }
                    offA -= sa[d] * shape[d]; offB -= sb[d] * shape[d]
                    idx[d] = 0
                    d -= 1
                }
            }
        }
    }

    /// `t` broadcast (copied) to `shape`, which it must broadcast to.
    static func expand(_ t: Tensor, _ shape: [Int]) -> Tensor {
        if t.shape == shape { return t }
        return binary(RightKernel.self, Tensor(scalar: 0), t, shape)
    }

    static func add(_ a: Tensor, _ b: Tensor) -> Tensor {
        binary(AddKernel.self, a, b, try! Shape.broadcast(a.shape, b.shape, op: "add"))
    }

    /// `out[i] = f(a[i])` over contiguous values.
    @inline(__always)
    static func map(_ a: Tensor, _ f: (Float) -> Float) -> Tensor {
        let out = Tensor(uninitializedShape: a.shape)
        let pa = a.pointer, po = out.pointer
        Parallel.forRanges(a.count) { r in for i in r { po[i] = f(pa[i]) } }
        return out
    }

    /// `out[i] = f(a[i], b[i])` over contiguous values of equal count.
    @inline(__always)
    static func zip(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        let out = Tensor(uninitializedShape: a.shape)
        let pa = a.pointer, pb = b.pointer, po = out.pointer
        Parallel.forRanges(a.count) { r in for i in r { po[i] = f(pa[i], pb[i]) } }
        return out
    }

    /// `g` summed over the dimensions that were broadcast to reach it from `shape`.
    static func sumTo(_ g: Tensor, _ shape: [Int]) -> Tensor {
        if g.shape == shape { return g }
        let lead = g.rank - shape.count
        var axes: [Int] = Array(0..<lead)
        for i in 0..<shape.count where shape[i] == 1 && g.shape[i + lead] != 1 { axes.append(i + lead) }
        let summed = axes.isEmpty ? g : sum(g, axes: axes)
        return Tensor(shape: shape, storage: summed.storage)
    }
}

extension Tensor {
    private static func broadcastOp<K: BinaryKernel>(_ k: K.Type, _ name: String, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(a.shape, b.shape, op: name)
        return Kernels.binary(k, a, b, shape)
    }

    /// Elementwise sum with NumPy broadcasting.
    /// - Throws: `TensorError.shapeMismatch` when the shapes do not broadcast.
    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try broadcastOp(AddKernel.self, "add", a, b)
        guard needsGrad(a, b) else { return out }
        let sa = a.shape, sb = b.shape
        return out.recording("add", [a, b]) { g in [Kernels.sumTo(g, sa), Kernels.sumTo(g, sb)] }
    }

    /// Elementwise difference with broadcasting.
    /// - Throws: `TensorError.shapeMismatch` when the shapes do not broadcast.
    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try broadcastOp(SubKernel.self, "subtract", a, b)
        guard needsGrad(a, b) else { return out }
        let sa = a.shape, sb = b.shape
        return out.recording("subtract", [a, b]) { g in
            [Kernels.sumTo(g, sa), b.requiresGrad ? Kernels.sumTo(Kernels.map(g) { -$0 }, sb) : nil]
        }
    }

    /// Elementwise product with broadcasting.
    /// - Throws: `TensorError.shapeMismatch` when the shapes do not broadcast.
    public static func * (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try broadcastOp(MulKernel.self, "multiply", a, b)
        guard needsGrad(a, b) else { return out }
        return out.recording("multiply", [a, b]) { g in
            [a.requiresGrad ? Kernels.sumTo(Kernels.binary(MulKernel.self, g, b, g.shape), a.shape) : nil,
             b.requiresGrad ? Kernels.sumTo(Kernels.binary(MulKernel.self, g, a, g.shape), b.shape) : nil]
        }
    }

    /// Elementwise quotient with broadcasting.
    /// - Throws: `TensorError.shapeMismatch` when the shapes do not broadcast.
    public static func / (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try broadcastOp(DivKernel.self, "divide", a, b)
        guard needsGrad(a, b) else { return out }
        let o = out.detached()  // the closure must not hold `out` (a reference cycle)
        return out.recording("divide", [a, b]) { g in
            let ga = a.requiresGrad ? Kernels.sumTo(Kernels.binary(DivKernel.self, g, b, g.shape), a.shape) : nil
            var gb: Tensor? = nil
            if b.requiresGrad {
                // d(a/b)/db = -(a/b)/b
                let t = Kernels.binary(DivKernel.self, Kernels.binary(MulKernel.self, g, o, g.shape), b, g.shape)
                gb = Kernels.sumTo(Kernels.map(t) { -$0 }, b.shape)
            }
            return [ga, gb]
        }
    }

    /// Elementwise power `a^b` with broadcasting.
    /// - Throws: `TensorError.shapeMismatch` when the shapes do not broadcast.
    public func pow(_ exponent: Tensor) throws -> Tensor {
        let a = self, b = exponent
        let out = try Tensor.broadcastOp(PowKernel.self, "pow", a, b)
        guard Tensor.needsGrad(a, b) else { return out }
        let o = out.detached()
        return out.recording("pow", [a, b]) { g in
            var ga: Tensor? = nil, gb: Tensor? = nil
            if a.requiresGrad {
                // b * a^(b-1), computed directly (not as b * out / a) to stay finite at a = 0.
                let d = Kernels.binary(PowDerivativeKernel.self, a, b, o.shape)
                ga = Kernels.sumTo(Kernels.binary(MulKernel.self, g, d, g.shape), a.shape)
            }
            if b.requiresGrad {
                // out·log(a); taken as 0 where a = 0, as PyTorch does (there out is 0 for b > 0, 1 for b = 0).
                let loga = Kernels.map(a) { $0 == 0 ? 0 : logf($0) }
                let d = Kernels.binary(MulKernel.self, o, loga, o.shape)
                gb = Kernels.sumTo(Kernels.binary(MulKernel.self, g, d, g.shape), b.shape)
            }
            return [ga, gb]
        }
    }

    // MARK: scalar operands (never fail)

    /// Adds a scalar to every element.
    public static func + (a: Tensor, s: Float) -> Tensor {
        let out = Kernels.map(a) { $0 + s }
        guard needsGrad(a) else { return out }
        return out.recording("addScalar", [a]) { g in [g] }
    }
    /// Adds a scalar to every element.
    public static func + (s: Float, a: Tensor) -> Tensor { a + s }
    /// Subtracts a scalar from every element.
    public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }
    /// `s - a` elementwise.
    public static func - (s: Float, a: Tensor) -> Tensor { (-a) + s }

    /// Multiplies every element by a scalar.
    public static func * (a: Tensor, s: Float) -> Tensor {
        let out = Kernels.map(a) { $0 * s }
        guard needsGrad(a) else { return out }
        return out.recording("mulScalar", [a]) { g in [Kernels.map(g) { $0 * s }] }
    }
    /// Multiplies every element by a scalar.
    public static func * (s: Float, a: Tensor) -> Tensor { a * s }
    /// Divides every element by a scalar.
    public static func / (a: Tensor, s: Float) -> Tensor { a * (1 / s) }

    /// `s / a` elementwise.
    public static func / (s: Float, a: Tensor) -> Tensor {
        let out = Kernels.map(a) { s / $0 }
        guard needsGrad(a) else { return out }
        let o = out.detached()
        return out.recording("scalarDivide", [a]) { g in [Kernels.zip(g, Kernels.zip(o, a) { v, x in -v / x }) { $0 * $1 }] }
    }

    /// Negation.
    public static prefix func - (a: Tensor) -> Tensor {
        let out = Kernels.map(a) { -$0 }
        guard needsGrad(a) else { return out }
        return out.recording("negate", [a]) { g in [Kernels.map(g) { -$0 }] }
    }

    /// Every element raised to a scalar power.
    public func pow(_ p: Float) -> Tensor {
        let a = self
        let out: Tensor
        if p == 2 { out = Kernels.map(a) { $0 * $0 } } else { out = Kernels.map(a) { powf($0, p) } }
        guard Tensor.needsGrad(a) else { return out }
        return out.recording("powScalar", [a]) { g in
            // x^0 is constant: its gradient is 0 everywhere, also at x = 0 where p·x^(p-1) would be 0·inf.
            if p == 0 { return [Tensor.zeros(a.shape)] }
            let d: Tensor = p == 2 ? Kernels.map(a) { 2 * $0 } : Kernels.map(a) { p * powf($0, p - 1) }
            return [Kernels.zip(g, d) { $0 * $1 }]
        }
    }
}
