/// Errors from tensor operations. Each names the operation and the shapes
/// involved so that a message read in a log points at the problem.
public enum TensorError: Error, CustomStringConvertible, Equatable {
    /// Shapes that cannot be combined by `op` (broadcasting, matmul, concat...).
    case shapeMismatch(op: String, shapes: [[Int]], detail: String)
    /// An axis outside `-rank..<rank`.
    case invalidAxis(op: String, axis: Int, rank: Int)
    /// An index or range outside a dimension.
    case indexOutOfRange(op: String, index: Int, dimension: Int, size: Int)
    /// A value that the operation cannot accept (bad reshape size, negative count...).
    case invalidArgument(op: String, detail: String)
    /// NaN or infinity where finite values are required.
    case nonFinite(op: String, detail: String)
    /// Autodiff misuse (backward on a tensor that needs no gradient, non-scalar root...).
    case autograd(String)

    public var description: String {
        func fmt(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
        switch self {
        case let .shapeMismatch(op, shapes, detail):
            return "\(op): incompatible shapes \(shapes.map(fmt).joined(separator: " and ")): \(detail)"
        case let .invalidAxis(op, axis, rank):
            return "\(op): axis \(axis) is out of range for a tensor of rank \(rank)"
        case let .indexOutOfRange(op, index, dimension, size):
            return "\(op): index \(index) is out of range for dimension \(dimension) of size \(size)"
        case let .invalidArgument(op, detail):
            return "\(op): \(detail)"
        case let .nonFinite(op, detail):
            return "\(op): \(detail)"
        case let .autograd(detail):
            return "backward: \(detail)"
        }
    }
}
