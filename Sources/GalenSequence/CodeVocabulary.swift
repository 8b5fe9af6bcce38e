import GalenData

/// The event codes a sequence model knows, fitted on the training patients' histories only.
///
/// Token ids: 0 padding, 1 a code not in the vocabulary (rare or unseen), 2 "no history before the index",
/// 3… the codes seen in at least `minimumCount` training patients, most frequent first. Numeric event values are
/// standardised per code with the training mean and standard deviation.
public struct CodeVocabulary: Codable, Equatable, Sendable {
    /// Padding id.
    public static let padding = 0
    /// Unknown-code id.
    public static let unknown = 1
    /// Empty-history id.
    public static let emptyHistory = 2
    /// Number of reserved ids before the first code.
    public static let reserved = 3

    /// The codes, in id order from `reserved`.
    public var codes: [String]
    /// Mean and standard deviation of each valued code's numbers in training (codes without numbers are absent).
    public var valueScaling: [String: ValueScaling]
    /// The smallest number of training patients a code needs.
    public var minimumCount: Int
    private var index: [String: Int]

    /// Mean and standard deviation of one code's values.
    public struct ValueScaling: Codable, Equatable, Sendable {
        public var mean: Double
        public var standardDeviation: Double
    }

    enum CodingKeys: String, CodingKey { case codes, valueScaling, minimumCount }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        codes = try c.decode([String].self, forKey: .codes)
        valueScaling = try c.decode([String: ValueScaling].self, forKey: .valueScaling)
        minimumCount = try c.decode(Int.self, forKey: .minimumCount)
        index = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0 + CodeVocabulary.reserved) })
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(codes, forKey: .codes)
        try c.encode(valueScaling, forKey: .valueScaling)
        try c.encode(minimumCount, forKey: .minimumCount)
    }

    /// Fits the vocabulary on the events on or before each member's index day, for `members` only (pass the
    /// training patients).
    /// - Parameter minimumCount: a code must appear in at least this many of those patients' histories (≥ 1).
    public init(fitting members: [CohortMember], histories: PatientHistories, minimumCount: Int) {
        var patients: [String: Int] = [:]
        var sums: [String: (n: Double, s: Double, ss: Double)] = [:]
        for m in members {
            var seen = Set<String>()
            for e in histories.events[m.patientID] ?? [] where e.day <= m.indexDay {
                if seen.insert(e.code).inserted { patients[e.code, default: 0] += 1 }
                if let v = e.value {
                    var acc = sums[e.code] ?? (0, 0, 0)
                    acc.n += 1; acc.s += v; acc.ss += v * v
                    sums[e.code] = acc
                }
            }
        }
        self.minimumCount = max(1, minimumCount)
        codes = patients.filter { $0.value >= max(1, minimumCount) }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        index = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0 + CodeVocabulary.reserved) })
        var scaling: [String: ValueScaling] = [:]
        for (code, acc) in sums where index[code] != nil && acc.n > 0 {
            let mean = acc.s / acc.n
            let sd = (max(0, acc.ss / acc.n - mean * mean)).squareRoot()
            scaling[code] = ValueScaling(mean: mean, standardDeviation: sd > 1e-12 ? sd : 1)
        }
        valueScaling = scaling
    }

    /// Token ids: reserved ones plus the codes.
    public var size: Int { codes.count + CodeVocabulary.reserved }

    /// The id of `code` (`unknown` when not in the vocabulary).
    public func id(_ code: String) -> Int { index[code] ?? CodeVocabulary.unknown }

    /// `value` standardised with `code`'s training statistics and clipped to ±5, or 0 when there is none.
    public func scaledValue(_ value: Double?, code: String) -> Float {
        guard let value, let s = valueScaling[code] else { return 0 }
        return Float(min(5, max(-5, (value - s.mean) / s.standardDeviation)))
    }
}
