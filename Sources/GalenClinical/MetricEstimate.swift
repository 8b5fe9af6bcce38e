/// A metric's value on the evaluated rows with its bootstrap confidence interval.
///
/// `nil` fields mean "undefined": ``value`` is `nil` when the metric is undefined on the full data (for example
/// PPV when nothing is predicted positive); ``lower`` and ``upper`` are `nil` when no bootstrap was run or fewer
/// than two resamples had the metric defined. Encoded to JSON with explicit `null`s.
public struct MetricEstimate: Codable, Sendable, Equatable {
    /// The metric on all evaluated rows.
    public var value: Double?
    /// Lower end of the percentile bootstrap interval.
    public var lower: Double?
    /// Upper end of the percentile bootstrap interval.
    public var upper: Double?
    /// Resamples in which the metric was defined and so entered the interval (0 without a bootstrap). Fewer than
    /// requested means some resamples lacked, say, a positive row; the interval is then conditional on the
    /// metric being defined.
    public var resamplesUsed: Int

    /// An estimate from its parts.
    public init(value: Double?, lower: Double? = nil, upper: Double? = nil, resamplesUsed: Int = 0) {
        self.value = value
        self.lower = lower
        self.upper = upper
        self.resamplesUsed = resamplesUsed
    }

    /// An estimate whose interval is the percentile interval of `resampled` (values of the metric on each
    /// resample where it was defined; reordered in place) at `level` (e.g. 0.95).
    init(value: Double?, resampled: inout [Double], level: Double) {
        let interval = BootstrapOptions.percentileInterval(&resampled, level: level)
        self.init(value: value, lower: interval?.lower, upper: interval?.upper, resamplesUsed: resampled.count)
    }

    /// Whether the estimate has an interval.
    public var hasInterval: Bool { lower != nil && upper != nil }

    private enum CodingKeys: String, CodingKey { case value, lower, upper, resamplesUsed }

    /// Encodes every field, writing `null` for an undefined one.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(lower, forKey: .lower)
        try c.encode(upper, forKey: .upper)
        try c.encode(resamplesUsed, forKey: .resamplesUsed)
    }
}
