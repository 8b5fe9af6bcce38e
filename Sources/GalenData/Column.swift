import Foundation

/// One typed column of a `Table`.
///
/// Missing values are `NaN` in numeric, boolean and date storage and code `-1` in categorical storage.
/// Numeric storage never holds infinities when it comes from the CSV reader (they are read as missing with a
/// warning). Rows are 0-based indices here; user-facing messages use 1-based row numbers.
public struct Column: Sendable {
    /// The values of a column in one of the four storages.
    public enum Values: Sendable {
        /// Numbers; `NaN` = missing.
        case numeric([Double])
        /// 0 (false) / 1 (true); `NaN` = missing. `labels` are the source's spellings.
        case boolean([Double], labels: BooleanLabels)
        /// Days since 1970-01-01T00:00Z (fractional for times); `NaN` = missing.
        /// `dayFirst` records how ambiguous slash dates were read (nil when no such dates were involved).
        case date([Double], dayFirst: Bool?)
        /// Codes into `levels` (0-based); `-1` = missing. Levels are in order of first appearance.
        case categorical(codes: [Int32], levels: [String])
    }

    /// The column's name, from the header.
    public var name: String
    /// The column's values.
    public var values: Values

    /// A column with the given storage.
    public init(name: String, values: Values) {
        self.name = name
        self.values = values
    }

    /// A numeric column; `nil` or `NaN` entries are missing. Infinite values are kept as given (the CSV reader
    /// never produces them; `Preprocessor.transform` treats them as missing with a warning).
    public init(name: String, numbers: [Double?]) {
        self.init(name: name, values: .numeric(numbers.map { $0 ?? .nan }))
    }

    /// A categorical column from text values; `nil` entries are missing. Levels are in order of first appearance.
    public init(name: String, strings: [String?]) {
        var index: [String: Int32] = [:]
        var levels: [String] = []
        var codes: [Int32] = []
        codes.reserveCapacity(strings.count)
        for s in strings {
            guard let s else { codes.append(-1); continue }
            if let c = index[s] { codes.append(c) } else {
                let c = Int32(levels.count)
                index[s] = c
                levels.append(s)
                codes.append(c)
            }
        }
        self.init(name: name, values: .categorical(codes: codes, levels: levels))
    }

    /// A boolean column; `nil` entries are missing.
    public init(name: String, booleans: [Bool?], labels: BooleanLabels = BooleanLabels()) {
        self.init(name: name, values: .boolean(booleans.map { $0.map { $0 ? 1 : 0 } ?? .nan }, labels: labels))
    }

    /// A date column from days since 1970-01-01 (UTC); `nil` entries are missing.
    public init(name: String, days: [Double?]) {
        self.init(name: name, values: .date(days.map { $0 ?? .nan }, dayFirst: nil))
    }

    /// The column's type.
    public var type: ColumnType {
        switch values {
        case .numeric: return .numeric
        case .boolean: return .boolean
        case .date: return .date
        case .categorical: return .categorical
        }
    }

    /// Number of rows.
    public var count: Int {
        switch values {
        case let .numeric(v), let .boolean(v, _), let .date(v, _): return v.count
        case let .categorical(codes, _): return codes.count
        }
    }

    /// The stored numbers for numeric, boolean (0/1) and date (days) columns; nil for categorical columns.
    public var numbers: [Double]? {
        switch values {
        case let .numeric(v), let .boolean(v, _), let .date(v, _): return v
        case .categorical: return nil
        }
    }

    /// Category codes and levels for categorical columns; nil otherwise.
    public var categorical: (codes: [Int32], levels: [String])? {
        if case let .categorical(codes, levels) = values { return (codes, levels) }
        return nil
    }

    /// Whether the value at 0-based `row` is missing.
    public func isMissing(_ row: Int) -> Bool {
        switch values {
        case let .numeric(v), let .boolean(v, _), let .date(v, _): return v[row].isNaN
        case let .categorical(codes, _): return codes[row] < 0
        }
    }

    /// Number of missing values.
    public var missingCount: Int {
        switch values {
        case let .numeric(v), let .boolean(v, _), let .date(v, _):
            return v.withUnsafeBufferPointer { b in
                var n = 0
                for x in b where x.isNaN { n += 1 }
                return n
            }
        case let .categorical(codes, _):
            return codes.withUnsafeBufferPointer { b in
                var n = 0
                for c in b where c < 0 { n += 1 }
                return n
            }
        }
    }

    /// Number of distinct present values.
    public var distinctCount: Int {
        switch values {
        case let .numeric(v), let .boolean(v, _), let .date(v, _):
            var seen = Set<UInt64>()
            for x in v where !x.isNaN { seen.insert((x == 0 ? 0.0 : x).bitPattern) }
            return seen.count
        case let .categorical(codes, levels):
            var used = [Bool](repeating: false, count: levels.count)
            for c in codes where c >= 0 { used[Int(c)] = true }
            return used.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }

    /// Each distinct present value as text (as `text(at:)` writes it) with the number of rows holding it,
    /// most frequent first (ties by text).
    public func valueCounts() -> [(value: String, count: Int)] {
        var out: [(value: String, count: Int)] = []
        switch values {
        case let .categorical(codes, levels):
            let counts = TypeInference.levelCounts(codes, levels: levels.count)
            for (k, n) in counts.enumerated() where n > 0 { out.append((levels[k], n)) }
        case let .boolean(v, labels):
            var ones = 0, zeros = 0
            for x in v where !x.isNaN { if x != 0 { ones += 1 } else { zeros += 1 } }
            if ones > 0 { out.append((labels.trueLabel, ones)) }
            if zeros > 0 { out.append((labels.falseLabel, zeros)) }
        case let .numeric(v), let .date(v, _):
            var counts: [UInt64: Int] = [:]
            for x in v where !x.isNaN { counts[(x == 0 ? 0.0 : x).bitPattern, default: 0] += 1 }
            let isDate = type == .date
            for (bits, n) in counts {
                let x = Double(bitPattern: bits)
                out.append((isDate ? DateParsing.format(days: x) : formatNumber(x), n))
            }
        }
        return out.sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
    }

    /// The value at 0-based `row` as text, as a user would write it; nil when missing.
    /// Numbers print without a trailing `.0` when integral; dates print as ISO 8601; booleans use `labels`.
    public func text(at row: Int) -> String? {
        switch values {
        case let .numeric(v):
            return v[row].isNaN ? nil : formatNumber(v[row])
        case let .boolean(v, labels):
            return v[row].isNaN ? nil : (v[row] != 0 ? labels.trueLabel : labels.falseLabel)
        case let .date(v, _):
            return v[row].isNaN ? nil : DateParsing.format(days: v[row])
        case let .categorical(codes, levels):
            let c = codes[row]
            return c < 0 ? nil : levels[Int(c)]
        }
    }

    /// The column restricted to the given 0-based rows, in that order (rows may repeat).
    public func selecting(rows: [Int]) -> Column {
        switch values {
        case let .numeric(v): return Column(name: name, values: .numeric(rows.map { v[$0] }))
        case let .boolean(v, l): return Column(name: name, values: .boolean(rows.map { v[$0] }, labels: l))
        case let .date(v, d): return Column(name: name, values: .date(rows.map { v[$0] }, dayFirst: d))
        case let .categorical(codes, levels):
            return Column(name: name, values: .categorical(codes: rows.map { codes[$0] }, levels: levels))
        }
    }
}

/// Formats a number the way a user would write it: integral values without a decimal part, others in the
/// shortest form that reads back to the same Double.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}
