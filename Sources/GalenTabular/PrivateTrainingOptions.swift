import GalenPrivacy

/// Differentially private training requested for `galen train --dp`: the privacy budget (ε, δ) and the
/// per-row gradient norm bound C. The noise multiplier is chosen from these for the run's sample rate and steps.
public struct PrivateTrainingOptions: Codable, Sendable, Equatable {
    /// Target ε (> 0).
    public var epsilon: Double
    /// δ in (0, 1); conventionally below 1 / (training rows).
    public var delta: Double
    /// C: each row's gradient is clipped to this L2 norm (> 0).
    public var maxGradNorm: Double

    /// Options from their parts.
    public init(epsilon: Double, delta: Double = 1e-5, maxGradNorm: Double = 1.0) {
        self.epsilon = epsilon; self.delta = delta; self.maxGradNorm = maxGradNorm
    }

    /// Checks ranges and names the bad option.
    /// - Throws: `TabularError.invalidOption`.
    public func validate() throws {
        guard epsilon > 0 && epsilon.isFinite else { throw TabularError.invalidOption("--epsilon must be a positive number, got \(epsilon)") }
        guard delta > 0 && delta < 1 else { throw TabularError.invalidOption("--delta must be in (0, 1), got \(delta)") }
        guard maxGradNorm > 0 && maxGradNorm.isFinite else {
            throw TabularError.invalidOption("--max-grad-norm must be a positive number, got \(maxGradNorm)")
        }
    }
}
