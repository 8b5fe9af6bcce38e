/// The differential-privacy guarantee of a trained model, as recorded in its bundle and report: DP-SGD with
/// Poisson sampling rate q, clipping norm C and noise multiplier σ over `steps` steps, accounted with Rényi DP.
public struct PrivacyGuarantee: Codable, Sendable, Equatable {
    /// The ε actually spent (≤ `targetEpsilon`; below it when early stopping ended training sooner).
    public var epsilon: Double
    /// The ε requested, for which σ was chosen.
    public var targetEpsilon: Double
    /// δ.
    public var delta: Double
    /// σ: noise standard deviation over C.
    public var noiseMultiplier: Double
    /// C: the per-row gradient norm bound.
    public var maxGradNorm: Double
    /// q: each training row's probability of joining a batch.
    public var sampleRate: Double
    /// Steps taken, summed over every model trained on the rows (composition).
    public var steps: Int
    /// The Rényi order giving ε.
    public var order: Double?
    /// "rdp" (the accountant).
    public var accountant: String = "rdp"
    /// What the guarantee covers, in words.
    public var scope: String

    /// A record from its parts.
    public init(epsilon: Double, targetEpsilon: Double, delta: Double, noiseMultiplier: Double, maxGradNorm: Double,
                sampleRate: Double, steps: Int, order: Double?, scope: String) {
        self.epsilon = epsilon; self.targetEpsilon = targetEpsilon; self.delta = delta
        self.noiseMultiplier = noiseMultiplier; self.maxGradNorm = maxGradNorm; self.sampleRate = sampleRate
        self.steps = steps; self.order = order; self.scope = scope
    }
}
