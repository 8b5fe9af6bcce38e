import GalenTensor

/// Settings of a percentile bootstrap: rows are resampled with replacement `resamples` times, each metric is
/// recomputed on every resample, and the interval is the central `confidenceLevel` fraction of those values.
///
/// The same options and data always give the same intervals (the resampling is driven by
/// `SeededGenerator(seed:)`).
public struct BootstrapOptions: Codable, Sendable, Equatable {
    /// Number of resamples (values below 1 turn the bootstrap off). Default 1,000.
    public var resamples: Int
    /// Coverage of the interval, in `(0, 1)`. Default 0.95.
    public var confidenceLevel: Double
    /// Seed of the resampling generator. Default 42.
    public var seed: UInt64

    /// Options with the given settings.
    public init(resamples: Int = 1000, confidenceLevel: Double = 0.95, seed: UInt64 = 42) {
        self.resamples = resamples
        self.confidenceLevel = confidenceLevel
        self.seed = seed
    }

    /// Interpolated percentile `q` (in `[0, 1]`) of ascending `sorted` values, as NumPy's default
    /// `percentile(method="linear")`.
    static func quantile(sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
    }

    /// The central `level` interval of `values` (sorted in place), or `nil` with fewer than two values.
    static func percentileInterval(_ values: inout [Double], level: Double) -> (lower: Double, upper: Double)? {
        guard values.count >= 2 else { return nil }
        values.sort()
        let alpha = (1 - min(max(level, 0), 1)) / 2
        return (quantile(sorted: values, alpha), quantile(sorted: values, 1 - alpha))
    }
}

/// Draws bootstrap resamples as per-row multiplicities, reusing one buffer. Internal.
struct BootstrapSampler {
    private var generator: SeededGenerator
    private let rowCount: Int
    /// `counts[i]` is how many times row `i` was drawn into the current resample.
    private(set) var counts: [Int]

    init(rowCount: Int, seed: UInt64) {
        generator = SeededGenerator(seed: seed)
        self.rowCount = rowCount
        counts = [Int](repeating: 0, count: rowCount)
    }

    /// Draws the next resample of `rowCount` rows with replacement into ``counts``.
    mutating func draw() {
        let n = rowCount
        let bound = UInt64(n)
        counts.withUnsafeMutableBufferPointer { buffer in
            buffer.update(repeating: 0)
            for _ in 0..<n {
                // Lemire's multiply-shift maps 64 random bits to 0..<n with negligible bias.
                let index = Int(generator.next().multipliedFullWidth(by: bound).high)
                buffer[index] += 1
            }
        }
    }
}
