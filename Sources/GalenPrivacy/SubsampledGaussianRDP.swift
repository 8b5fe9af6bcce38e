import Foundation

/// Rényi differential privacy of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar & Zhang 2019),
/// computed exactly as Opacus's `opacus/accountants/analysis/rdp.py` (itself TF-Privacy's `compute_rdp`):
/// integer orders by the binomial expansion, fractional orders by the series with complementary error functions,
/// all in log space.
public enum SubsampledGaussianRDP {
    /// RDP ε(α) of one step at each order, times `steps`.
    /// - Parameters:
    ///   - sampleRate: probability q that a row is in a batch, in [0, 1].
    ///   - noiseMultiplier: σ, the noise standard deviation over the clipping norm (≥ 0).
    ///   - steps: number of steps composed.
    ///   - orders: Rényi orders α > 1.
    public static func rdp(sampleRate q: Double, noiseMultiplier sigma: Double, steps: Int, orders: [Double]) -> [Double] {
        orders.map { single(q: q, sigma: sigma, alpha: $0) * Double(steps) }
    }

    /// The RDP of one step at order `alpha` (Opacus's `_compute_rdp`).
    static func single(q: Double, sigma: Double, alpha: Double) -> Double {
        if q == 0 { return 0 }
        if sigma == 0 { return .infinity }
        if q == 1 { return alpha / (2 * sigma * sigma) }
        if alpha.isInfinite { return .infinity }
        if alpha == alpha.rounded() {
            return logAInteger(q: q, sigma: sigma, alpha: Int(alpha)) / (alpha - 1)
        }
        return logAFractional(q: q, sigma: sigma, alpha: alpha) / (alpha - 1)
    }

    /// log(A_α) for integer α: log Σ_i C(α, i) qⁱ (1 − q)^(α−i) exp((i² − i) / 2σ²).
    static func logAInteger(q: Double, sigma: Double, alpha: Int) -> Double {
        var logA = -Double.infinity
        let logQ = log(q), log1mQ = log(1 - q)
        for i in 0...alpha {
            let logCoef = logBinomial(Double(alpha), i) + Double(i) * logQ + Double(alpha - i) * log1mQ
            let s = logCoef + Double(i * i - i) / (2 * sigma * sigma)
            logA = logAdd(logA, s)
        }
        return logA
    }

    /// log(A_α) for fractional α, summing two alternating series until both terms fall below e⁻³⁰.
    static func logAFractional(q: Double, sigma: Double, alpha: Double) -> Double {
        var logA0 = -Double.infinity, logA1 = -Double.infinity
        let z0 = sigma * sigma * log(1 / q - 1) + 0.5
        let logQ = log(q), log1mQ = log(1 - q)
        var coef = 1.0  // C(α, i), updated by the ratio (α − i) / (i + 1)
        var i = 0
        while true {
            let di = Double(i)
            let logCoef = log(abs(coef))
            let j = alpha - di
            let logT0 = logCoef + di * logQ + j * log1mQ
            let logT1 = logCoef + j * logQ + di * log1mQ
            let logE0 = log(0.5) + logErfc((di - z0) / (2.0.squareRoot() * sigma))
            let logE1 = log(0.5) + logErfc((z0 - j) / (2.0.squareRoot() * sigma))
            let logS0 = logT0 + (di * di - di) / (2 * sigma * sigma) + logE0
            let logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1
            if coef > 0 {
                logA0 = logAdd(logA0, logS0)
                logA1 = logAdd(logA1, logS1)
            } else {
                logA0 = logSub(logA0, logS0)
                logA1 = logSub(logA1, logS1)
            }
            i += 1
            if max(logS0, logS1) < -30 { break }
            coef *= (alpha - di) / (di + 1)
        }
        return logAdd(logA0, logA1)
    }

    /// log C(n, k) for real n ≥ k − 1 and integer k ≥ 0 (|C| when negative), by the product formula.
    static func logBinomial(_ n: Double, _ k: Int) -> Double {
        var s = 0.0
        var i = 0
        while i < k {
            s += log(abs((n - Double(i)) / Double(i + 1)))
            i += 1
        }
        return s
    }

    /// log(eˣ + eʸ) without overflow.
    static func logAdd(_ x: Double, _ y: Double) -> Double {
        let a = min(x, y), b = max(x, y)
        if a == -.infinity { return b }
        return log1p(exp(a - b)) + b
    }

    /// log(eˣ − eʸ) for x ≥ y (−∞ when equal); as Opacus, returns x when the difference overflows.
    static func logSub(_ x: Double, _ y: Double) -> Double {
        if y == -.infinity { return x }
        if x <= y { return -.infinity }
        let d = expm1(x - y)
        if d.isInfinite { return x }
        return log(d) + y
    }

    /// log(erfc(x)), accurate also where erfc underflows (asymptotic series for large x).
    static func logErfc(_ x: Double) -> Double {
        if x < 20 { return log(erfc(x)) }
        // erfc(x) = e^(−x²) / (x√π) · (1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶) + 105/(16x⁸) − …)
        let r = 1 / (2 * x * x)
        var term = 1.0, series = 1.0
        for k in 1...6 {
            term *= -Double(2 * k - 1) * r
            series += term
        }
        return -x * x - log(x) - 0.5 * log(Double.pi) + log(series)
    }
}
