/// Shape arithmetic shared by the operations: element counts, row-major strides,
/// axis normalisation and NumPy broadcasting.
public enum Shape {
    /// Number of elements of a tensor with `shape` (1 for a scalar, shape `[]`).
    @inlinable public static func count(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape { n &*= d }
        return n
    }

    /// Row-major (C order) strides in elements.
    public static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc *= shape[i]
        }
        return s
    }

    /// Maps a possibly negative axis to `0..<rank`, or throws.
    public static func normalize(axis: Int, rank: Int, op: String) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0, a < max(rank, 1) else { throw TensorError.invalidAxis(op: op, axis: axis, rank: rank) }
        return a
    }

    /// The NumPy broadcast of two shapes, or throws naming `op`.
    public static func broadcast(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
        if a == b { return a }
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else {
                throw TensorError.shapeMismatch(op: op, shapes: [a, b],
                    detail: "dimension \(i) is \(da) in one and \(db) in the other, and neither is 1")
            }
        }
        return out
    }

    /// Strides for reading a tensor of `shape` as if it had `target` shape
    /// (0 along broadcast dimensions). `shape` must broadcast to `target`.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        var out = [Int](repeating: 0, count: target.count)
        for i in 0..<shape.count where shape[i] != 1 || target[i + offset] == 1 {
            out[i + offset] = shape[i] == 1 ? 0 : own[i]
        }
        return out
    }
}
