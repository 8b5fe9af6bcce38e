import GalenTensor

/// Draws batches by Poisson sampling: every row joins each batch independently with probability `sampleRate`,
/// so batch sizes vary (and may be 0). This is the sampling the subsampled-Gaussian privacy analysis assumes
/// (Opacus's `UniformWithReplacementSampler`).
public struct PoissonSampler: Sendable {
    /// Rows to sample from.
    public let rowCount: Int
    /// q: each row's probability of joining a batch.
    public let sampleRate: Double
    private var generator: SeededGenerator

    /// - Parameters:
    ///   - rowCount: rows to sample from (> 0).
    ///   - sampleRate: q in (0, 1].
    ///   - seed: seed of the batch sequence.
    /// - Throws: `DifferentialPrivacyError.invalidParameter` for an empty dataset or q outside (0, 1].
    public init(rowCount: Int, sampleRate: Double, seed: UInt64) throws {
        guard rowCount > 0 else { throw DifferentialPrivacyError.invalidParameter("Poisson sampling needs at least one row") }
        guard sampleRate > 0 && sampleRate <= 1 else {
            throw DifferentialPrivacyError.invalidParameter("the sample rate must be in (0, 1], got \(sampleRate)")
        }
        self.rowCount = rowCount
        self.sampleRate = sampleRate
        self.generator = SeededGenerator(seed: seed)
    }

    /// The row indices of the next batch, ascending.
    public mutating func nextBatch() -> [Int] {
        var rows: [Int] = []
        rows.reserveCapacity(Int(Double(rowCount) * sampleRate * 1.5) + 4)
        // 53 random bits → uniform in [0, 1); a row joins when the draw is below q.
        for i in 0..<rowCount where Double(generator.next() >> 11) * (1.0 / 9_007_199_254_740_992.0) < sampleRate {
            rows.append(i)
        }
        return rows
    }
}
