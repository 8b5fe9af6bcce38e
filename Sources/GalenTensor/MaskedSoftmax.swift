import Foundation

/// The fused masked softmax of attention: scale, masks and softmax of one row of scores in one
/// pass over the row while it is in cache, and its backward. Used by `Tensor.multiHeadAttention`.
enum MaskedSoftmax {
    /// Turns `row[0..<count]` of raw scores q·k into attention probabilities, in place:
    /// `softmax(row · scale + additive, masked entries excluded)`.
    ///
    /// - Parameters:
    ///   - additive: values added after scaling (a float attention mask; −∞ forbids), or nil.
    ///   - padding: one value per key, nonzero where the key is padding (excluded), or nil.
    ///   - visible: keys at or beyond this index are excluded (a causal mask); `count` for none.
    /// A row with every key excluded becomes all zeros (no NaN), so padding never leaks.
    @inline(__always)
    static func forward(_ row: UnsafeMutablePointer<Float>, count: Int, scale: Float,
                        additive: UnsafePointer<Float>?, padding: UnsafePointer<Float>?, visible: Int) {
        for j in 0..<count { row[j] *= scale }
        if let additive { for j in 0..<count { row[j] += additive[j] } }
        if let padding { for j in 0..<count { row[j] = padding[j] != 0 ? -Float.infinity : row[j] } }
        if visible < count { for j in visible..<count { row[j] = -Float.infinity } }
        var m = -Float.infinity
        for j in 0..<count { m = row[j] > m ? row[j] : m }
        guard m > -Float.infinity else {
            for j in 0..<count { row[j] = 0 }
            return
        }
        var sum: Float = 0
        for j in 0..<count {
            let e = FastMath.exp(row[j] - m)
            row[j] = e
            sum += e
        }
        let inverse = 1 / sum
        for j in 0..<count { row[j] *= inverse }
    }

    /// Gradient of the scores q·k from the gradient `grad` of the probabilities `p` (in place in
    /// `grad`): `scale · p · (grad − Σ grad·p)`. Masked entries (p = 0) get 0.
    @inline(__always)
    static func backward(_ grad: UnsafeMutablePointer<Float>, probabilities p: UnsafePointer<Float>, count: Int, scale: Float) {
        var dot: Float = 0
        for j in 0..<count { dot += grad[j] * p[j] }
        for j in 0..<count { grad[j] = scale * p[j] * (grad[j] - dot) }
    }
}
