import Foundation

@usableFromInline enum GreaterKernel: BinaryKernel { @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { a > b ? 1 : 0 } }
@usableFromInline enum GreaterEqualKernel: BinaryKernel { @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { a >= b ? 1 : 0 } }
@usableFromInline enum LessKernel: BinaryKernel { @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { a < b ? 1 : 0 } }
@usableFromInline enum LessEqualKernel: BinaryKernel { @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { a <= b ? 1 : 0 } }
@usableFromInline enum EqualKernel: BinaryKernel { @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { a == b ? 1 : 0 } }
@usableFromInline enum NotEqualKernel: BinaryKernel { @inline(__always) @usableFromInline static func apply(_ a: Float, _ b: Float) -> Float { a != b ? 1 : 0 } }

/// Comparisons give masks of 1.0 (true) and 0.0 (false) with broadcasting and
/// no gradient; `where` selects between two tensors by such a mask.
extension Tensor {
    private func compare<K: BinaryKernel>(_ k: K.Type, _ other: Tensor, _ op: String) throws -> Tensor {
        Kernels.binary(k, self, other, try Shape.broadcast(shape, other.shape, op: op))
    }

    /// 1 where `self > other`. - Throws: `TensorError.shapeMismatch`.
    public func greater(_ other: Tensor) throws -> Tensor { try compare(GreaterKernel.self, other, "greater") }
    /// 1 where `self >= other`. - Throws: `TensorError.shapeMismatch`.
    public func greaterEqual(_ other: Tensor) throws -> Tensor { try compare(GreaterEqualKernel.self, other, "greaterEqual") }
    /// 1 where `self < other`. - Throws: `TensorError.shapeMismatch`.
    public func less(_ other: Tensor) throws -> Tensor { try compare(LessKernel.self, other, "less") }
    /// 1 where `self <= other`. - Throws: `TensorError.shapeMismatch`.
    public func lessEqual(_ other: Tensor) throws -> Tensor { try compare(LessEqualKernel.self, other, "lessEqual") }
    /// 1 where `self == other`. - Throws: `TensorError.shapeMismatch`.
    public func equal(_ other: Tensor) throws -> Tensor { try compare(EqualKernel.self, other, "equal") }
    /// 1 where `self != other`. - Throws: `TensorError.shapeMismatch`.
    public func notEqual(_ other: Tensor) throws -> Tensor { try compare(NotEqualKernel.self, other, "notEqual") }

    /// 1 where `self > value`.
    public func greater(_ value: Float) -> Tensor { Kernels.map(self) { $0 > value ? 1 : 0 } }
    /// 1 where `self < value`.
    public func less(_ value: Float) -> Tensor { Kernels.map(self) { $0 < value ? 1 : 0 } }

    /// Elementwise choice: `a` where `condition` is non-zero, else `b`, with
    /// broadcasting of all three. Gradients flow to the chosen side only.
    /// - Throws: `TensorError.shapeMismatch` when the shapes do not broadcast.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(try Shape.broadcast(condition.shape, a.shape, op: "where"), b.shape, op: "where")
        let c = Kernels.expand(condition, shape), ea = Kernels.expand(a, shape), eb = Kernels.expand(b, shape)
        let out = Tensor(uninitializedShape: shape)
        let pc = c.pointer, pa = ea.pointer, pb = eb.pointer, po = out.pointer
        for i in 0..<out.count { po[i] = pc[i] != 0 ? pa[i] : pb[i] }
        guard needsGrad(a, b) else { return out }
        return out.recording("where", [a, b]) { g in
            let ga = Kernels.zip(g, c) { $1 != 0 ? $0 : 0 }
            let gb = Kernels.zip(g, c) { $1 != 0 ? 0 : $0 }
            return [a.requiresGrad ? Kernels.sumTo(ga, a.shape) : nil, b.requiresGrad ? Kernels.sumTo(gb, b.shape) : nil]
        }
    }
}
