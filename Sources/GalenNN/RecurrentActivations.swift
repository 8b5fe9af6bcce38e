import Foundation

/// The sigmoid and tanh of the recurrent gate kernels, written without library calls so that a
/// plain loop over a buffer vectorises (each gate of each step applies them to thousands of values,
/// where `expf`/`tanhf` calls one by one would cost more than the matrix products).
///
/// Accuracy, measured against Foundation's `exp`/`tanh` in Double over [-30, 30] by the tests:
/// `exp` within 2 ulp relative for inputs in [-87, 88] (clamped outside, where Float over- or
/// underflows); `sigmoid` and `tanh` within 3e-7 absolute; `tanh` also within 1e-6 relative.
enum RecurrentActivations {
    /// eˣ for x clamped to [-87, 88] (Cephes' single-precision polynomial after a split by ln 2).
    @inline(__always) static func exp(_ x: Float) -> Float {
        let xc = Swift.min(Swift.max(x, -87), 88)
        // n = round(x / ln 2), by adding 1.5·2²³ (the low mantissa bits then hold n).
        let shifted = xc * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let r = xc - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let e = p * r * r + r + 1
        // 2ⁿ from the integer in the low bits of `shifted` (n is in [-126, 127], a normal exponent).
        let k = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
        let scale = Float(bitPattern: UInt32(bitPattern: (k &+ 127) &<< 23))
        return e * scale
    }

    /// 1 / (1 + e⁻ˣ).
    @inline(__always) static func sigmoid(_ x: Float) -> Float {
        1 / (1 + exp(-x))
    }

    /// tanh x: an odd polynomial for |x| < 0.625 (Cephes), 1 − 2 / (e²ˣ + 1) beyond.
    @inline(__always) static func tanh(_ x: Float) -> Float {
        let z = x * x
        var p: Float = -5.704_988_72e-3
        p = p * z + 2.063_908_88e-2
        p = p * z - 5.373_971_55e-2
        p = p * z + 1.333_144_22e-1
        p = p * z - 3.333_328_19e-1
        let small = p * z * x + x
        let large = 1 - 2 / (exp(2 * x) + 1)
        return Swift.abs(x) < 0.625 ? small : large
    }
}
