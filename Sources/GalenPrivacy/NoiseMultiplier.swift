import Foundation

/// Chooses the noise multiplier for a privacy budget, as Opacus's `get_noise_multiplier`.
public enum NoiseMultiplier {
    /// Opacus's upper limit on σ.
    public static let maximum = 1e6

    /// The smallest σ (to within the bisection's tolerance on ε) whose `steps` steps at sample rate `sampleRate`
    /// spend at most `epsilon` for `delta` under the RDP accountant.
    ///
    /// Same search as Opacus: double σ from 20 until ε ≤ target, then bisect between 0 and that σ until the
    /// ε of the upper end is within `tolerance` below the target; returns the upper end, so its ε never exceeds
    /// the target.
    /// - Throws: `DifferentialPrivacyError.invalidParameter` for ε ≤ 0, δ outside (0, 1), q outside (0, 1], steps < 1 or
    ///   tolerance ≤ 0; `DifferentialPrivacyError.budgetTooSmall` when σ would exceed `maximum`.
    public static func forBudget(epsilon: Double, delta: Double, sampleRate: Double, steps: Int,
                                 tolerance: Double = 0.01,
                                 orders: [Double] = RDPAccountant.defaultOrders) throws -> Double {
        guard epsilon > 0 && epsilon.isFinite else { throw DifferentialPrivacyError.invalidParameter("ε must be a positive number, got \(epsilon)") }
        guard delta > 0 && delta < 1 else { throw DifferentialPrivacyError.invalidParameter("δ must be in (0, 1), got \(delta)") }
        guard sampleRate > 0 && sampleRate <= 1 else { throw DifferentialPrivacyError.invalidParameter("the sample rate must be in (0, 1], got \(sampleRate)") }
        guard steps >= 1 else { throw DifferentialPrivacyError.invalidParameter("steps must be ≥ 1, got \(steps)") }
        guard tolerance > 0 else { throw DifferentialPrivacyError.invalidParameter("tolerance must be > 0, got \(tolerance)") }
        func eps(_ sigma: Double) throws -> Double {
            var a = RDPAccountant(orders: orders)
            a.record(noiseMultiplier: sigma, sampleRate: sampleRate, steps: steps)
            return try a.epsilon(delta: delta)
        }
        var low = 0.0, high = 10.0
        var epsHigh = Double.infinity
        while epsHigh > epsilon {
            high *= 2
            epsHigh = try eps(high)
            if high > maximum {
                throw DifferentialPrivacyError.budgetTooSmall(String(format: "no noise multiplier up to %g reaches ε = %g with δ = %g over %d steps at sample rate %g",
                                                         maximum, epsilon, delta, steps, sampleRate))
            }
        }
        while epsilon - epsHigh > tolerance {
            let sigma = (low + high) / 2
            let e = try eps(sigma)
            if e < epsilon {
                high = sigma
                epsHigh = e
            } else {
                low = sigma
            }
        }
        return high
    }
}
