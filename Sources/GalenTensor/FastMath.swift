import Foundation

/// Branch-free scalar approximations of `exp` and `erf` for hot loops over buffers.
///
/// Written with multiplications, additions, comparisons and bit casts only, so that a plain
/// loop calling them auto-vectorises (libm's `expf`/`erff` are opaque calls and do not).
/// Accuracy is checked against libm in `FastMathTests`: relative error below 3e-7 for `exp`,
/// absolute error below 5e-7 for `erf`.
public enum FastMath {
    /// e^x for Float32. Inputs below −87.33 (including −∞) give exactly 0 (e^−87.33 is about the
    /// smallest normal Float32); inputs above 88 give
    /// e^88 (no overflow to ∞); NaN gives NaN.
    @inline(__always) public static func exp(_ x: Float) -> Float {
        let lo: Float = -87.33, hi: Float = 88.0
        var xc = x < lo ? lo : x
        xc = xc > hi ? hi : xc
        // x = n·ln2 + r, n = round(x / ln2) via the 1.5·2^23 trick (no rounding call).
        let magic: Float = 12_582_912.0
        let t = xc * 1.442_695_04 + magic
        let n = t - magic
        let r = xc - n * 0.693_145_751_953_125 - n * 1.428_606_765_330_187e-06
        var p: Float = 1.0 / 5040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let exponent = Int32(bitPattern: t.bitPattern &- magic.bitPattern)
        let scale = Float(bitPattern: UInt32(bitPattern: (exponent &+ 127) &<< 23))
        let y = p * scale
        return x < lo ? 0 : y
    }

    /// The error function for Float32: the rational approximation used by Eigen and XLA
    /// (odd degree-13 numerator over even degree-8 denominator, on x clamped to [−4, 4], where
    /// erf is 1 in Float32). Absolute error below 5e-7.
    @inline(__always) public static func erf(_ a: Float) -> Float {
        var x = a < -4 ? -4 : a
        x = x > 4 ? 4 : x
        let x2 = x * x
        var p: Float = -2.726_142_258_013_06e-10
        p = p * x2 + 2.770_681_424_959_02e-08
        p = p * x2 - 2.101_024_020_825_08e-06
        p = p * x2 - 5.692_506_394_623_46e-05
        p = p * x2 - 7.349_906_303_268_55e-04
        p = p * x2 - 2.954_599_808_540_25e-03
        p = p * x2 - 1.609_603_332_624_15e-02
        p = p * x
        var q: Float = -1.456_607_184_649_96e-05
        q = q * x2 - 2.133_740_552_789_05e-04
        q = q * x2 - 1.682_826_974_382_03e-03
        q = q * x2 - 7.373_329_167_204_68e-03
        q = q * x2 - 1.426_473_905_141_89e-02
        return p / q
    }

    /// Exact (erf) GELU, x·Φ(x) = ½·x·(1 + erf(x/√2)), through `erf`.
    @inline(__always) public static func gelu(_ x: Float) -> Float {
        0.5 * x * (1 + erf(x * 0.707_106_781_186_547_52))
    }
}
