import Foundation

/// An n-dimensional array of Float32 values in row-major order, with
/// PyTorch-style reverse-mode autodiff.
///
/// A tensor is a reference type, like `torch.Tensor`: assigning it shares it.
/// Its values are always contiguous; operations return new tensors, and
/// `reshape` shares storage. Set `requiresGrad` on leaves (parameters), build a
/// scalar from them, call `backward()`, and read `grad`.
///
/// ```swift
/// let w = Tensor.randn([3, 2], seed: 1).requiringGrad()
/// let loss = try (x.matmul(w)).relu().sum()
/// try loss.backward()
/// print(w.grad!)
/// ```
public final class Tensor: @unchecked Sendable {
    /// Dimensions, outermost first. `[]` is a scalar.
    public let shape: [Int]
    /// Number of elements.
    public let count: Int
    /// The memory holding the values.
    public let storage: TensorStorage

    /// Whether gradients flow to this tensor. Setting it on a leaf makes it a
    /// parameter: `backward()` accumulates into `grad`.
    public var requiresGrad: Bool
    /// Accumulated gradient (same shape), set by `backward()` on leaves.
    public var grad: Tensor?
    /// How this tensor was computed, for autodiff; nil for leaves and for
    /// results computed while gradients are disabled.
    var node: GradNode?
    /// Scratch for `backward()`: gradient flowing into a non-leaf.
    var pendingGrad: Tensor?
    /// Scratch for `backward()`: visit mark of the current graph walk.
    var visitMark: UInt64 = 0
    /// Set when `backward()` without `retainGraph` released `node`: this tensor was computed
    /// by an operation, so it must not be mistaken for a leaf by a later `backward()`.
    var graphFreed = false

    /// Wraps existing storage. `storage.count` must be at least `Shape.count(shape)`.
    public init(shape: [Int], storage: TensorStorage, requiresGrad: Bool = false) {
        self.shape = shape
        self.count = Shape.count(shape)
        precondition(storage.count >= count, "storage too small for shape")
        self.storage = storage
        self.requiresGrad = requiresGrad
    }

    /// A tensor of `shape` with uninitialised values (internal: kernels fill it).
    init(uninitializedShape shape: [Int]) {
        self.shape = shape
        self.count = Shape.count(shape)
        self.storage = TensorStorage(uninitializedCount: count)
        self.requiresGrad = false
    }

    /// A tensor from values in row-major order.
    /// - Throws: `TensorError.invalidArgument` when `values.count` differs from the shape's size
    ///   or a dimension is negative.
    public convenience init(shape: [Int], values: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.invalidArgument(op: "Tensor(shape:values:)", detail: "negative dimension in shape \(shape)")
        }
        guard Shape.count(shape) == values.count else {
            throw TensorError.invalidArgument(op: "Tensor(shape:values:)",
                detail: "shape \(shape) holds \(Shape.count(shape)) values but \(values.count) were given")
        }
        self.init(uninitializedShape: shape)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { storage.pointer.update(from: base, count: values.count) }
        }
    }

    /// A 1-D tensor of `values`.
    public convenience init(_ values: [Float]) {
        try! self.init(shape: [values.count], values: values)
    }

    /// A 2-D tensor from rows of equal length.
    /// - Throws: `TensorError.invalidArgument` for ragged rows.
    public convenience init(rows: [[Float]]) throws {
        let cols = rows.first?.count ?? 0
        for (i, r) in rows.enumerated() where r.count != cols {
            throw TensorError.invalidArgument(op: "Tensor(rows:)", detail: "row \(i) has \(r.count) values, row 0 has \(cols)")
        }
        try self.init(shape: [rows.count, cols], values: rows.flatMap { $0 })
    }

    /// A scalar tensor (shape `[]`).
    public convenience init(scalar: Float) {
        self.init(uninitializedShape: [])
        storage.pointer[0] = scalar
    }

    /// Number of dimensions.
    @inlinable public var rank: Int { shape.count }

    /// Pointer to the first value.
    @inlinable public var pointer: UnsafeMutablePointer<Float> { storage.pointer }

    /// The values in row-major order, copied into an array.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: storage.pointer, count: count)) }

    /// The single value of a one-element tensor.
    /// - Throws: `TensorError.invalidArgument` when the tensor has more than one element.
    public func item() throws -> Float {
        guard count == 1 else {
            throw TensorError.invalidArgument(op: "item", detail: "tensor of shape \(shape) has \(count) elements, not 1")
        }
        return storage.pointer[0]
    }

    /// The value at a multi-dimensional index (no autodiff).
    /// - Throws: `TensorError.indexOutOfRange` or `.invalidArgument` for a wrong number of indices.
    public func value(at index: [Int]) throws -> Float {
        guard index.count == rank else {
            throw TensorError.invalidArgument(op: "value(at:)", detail: "\(index.count) indices for a tensor of rank \(rank)")
        }
        var offset = 0
        for (d, i) in index.enumerated() {
            guard i >= 0, i < shape[d] else { throw TensorError.indexOutOfRange(op: "value(at:)", index: i, dimension: d, size: shape[d]) }
            offset = offset * shape[d] + i
        }
        return storage.pointer[offset]
    }

    /// Whether this tensor was made by the user rather than by an operation.
    public var isLeaf: Bool { node == nil }

    /// Marks this tensor as needing gradients and returns it (for chaining).
    @discardableResult public func requiringGrad(_ flag: Bool = true) -> Tensor {
        requiresGrad = flag
        return self
    }

    /// A tensor sharing these values but cut from the autodiff graph.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// A deep copy of the values (no autodiff link, no gradient).
    public func copy() -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        out.pointer.update(from: pointer, count: count)
        return out
    }

    /// Overwrites the values with `other`'s (same element count), outside autodiff.
    /// - Throws: `TensorError.shapeMismatch` when the shapes differ.
    public func assign(_ other: Tensor) throws {
        guard other.shape == shape else {
            throw TensorError.shapeMismatch(op: "assign", shapes: [shape, other.shape], detail: "shapes must be equal")
        }
        if other.storage !== storage { pointer.update(from: other.pointer, count: count) }
    }

    /// Sets the gradient to nil (PyTorch's `zero_grad(set_to_none=True)`).
    public func zeroGrad() { grad = nil }

    /// True when any value is NaN or infinite.
    public var hasNonFinite: Bool {
        // x·0 is 0 for finite x and NaN for NaN or ±inf: one branch-free, vectorisable pass.
        let p = pointer
        var acc: Float = 0
        for i in 0..<count { acc += p[i] * 0 }
        return acc.isNaN
    }
}

extension Tensor: CustomStringConvertible {
    /// A short rendering: shape and up to 8 values.
    public var description: String {
        let shown = (0..<Swift.min(count, 8)).map { String(format: "%.4g", Double(pointer[$0])) }
        let more = count > 8 ? ", …" : ""
        return "Tensor(shape: \(shape), [\(shown.joined(separator: ", "))\(more)]\(requiresGrad ? ", requiresGrad" : ""))"
    }
}
