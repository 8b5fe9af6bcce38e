import Foundation

/// The distribution of each input column in the training rows, stored in a model bundle so that a server can
/// measure how far incoming data drifts from it (population stability index, PSI).
///
/// Numeric and date columns are binned at the training deciles (fewer bins when values repeat); categorical
/// columns by training category plus one bin for unseen ones; boolean columns as false/true. Every column has a
/// last bin for missing values. Only bin edges and proportions are kept, never rows.
public struct FeatureReference: Codable, Sendable, Equatable {
    /// One column's training distribution.
    public struct ColumnReference: Codable, Sendable, Equatable {
        /// Column name.
        public var column: String
        /// Column type.
        public var type: ColumnType
        /// Numeric and date: the interior bin edges (a value `x` falls in the first bin whose edge exceeds it).
        public var edges: [Double]?
        /// Categorical: the training categories, one bin each, followed by an "unseen" bin.
        public var levels: [String]?
        /// Share of training rows in each bin (the last bin holds missing values).
        public var proportions: [Double]

        /// Number of bins (including the missing bin).
        public var binCount: Int { proportions.count }

        /// The bin of each row of `column` (which must have this reference's type).
        public func bins(of column: Column) -> [Int] {
            let missingBin = binCount - 1
            switch column.values {
            case .numeric(let xs), .date(let xs, _):
                let edges = self.edges ?? []
                return xs.map { x in x.isFinite ? (edges.firstIndex { x < $0 } ?? edges.count) : missingBin }
            case .boolean(let xs, _):
                return xs.map { x in x.isFinite ? (x >= 0.5 ? 1 : 0) : missingBin }
            case .categorical(let codes, let levelNames):
                let index = Dictionary((levels ?? []).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                let unseen = (levels ?? []).count
                let map = levelNames.map { index[$0] ?? unseen }
                return codes.map { $0 < 0 ? missingBin : map[Int($0)] }
            }
        }
    }

    /// One reference per input column, in input order.
    public var columns: [ColumnReference]
    /// Training rows the reference was computed on.
    public var rows: Int

    /// The reference of `table`'s `inputs` columns (columns absent from the table are skipped).
    public static func fit(_ table: Table, inputs: [InputColumn]) -> FeatureReference {
        var refs: [ColumnReference] = []
        let n = max(1, table.rowCount)
        for input in inputs {
            guard let column = table.column(named: input.name), column.type == input.type else { continue }
            var ref = ColumnReference(column: input.name, type: input.type, edges: nil, levels: nil, proportions: [])
            switch column.values {
            case .numeric(let xs), .date(let xs, _):
                let sorted = xs.filter(\.isFinite).sorted()
                var edges: [Double] = []
                if !sorted.isEmpty {
                    for q in 1..<10 {
                        let e = sorted[min(sorted.count - 1, q * sorted.count / 10)]
                        if e > sorted[0], edges.last.map({ e > $0 }) ?? true { edges.append(e) }
                    }
                }
                ref.edges = edges
                ref.proportions = [Double](repeating: 0, count: edges.count + 2)
            case .boolean:
                ref.proportions = [0, 0, 0]
            case .categorical:
                ref.levels = input.categories ?? []
                ref.proportions = [Double](repeating: 0, count: (input.categories ?? []).count + 2)
            }
            for b in ref.bins(of: column) { ref.proportions[b] += 1 }
            ref.proportions = ref.proportions.map { $0 / Double(n) }
            refs.append(ref)
        }
        return FeatureReference(columns: refs, rows: table.rowCount)
    }

    /// Population stability index of observed bin `counts` against `expected` proportions:
    /// Σ (a − e) · ln(a / e), with both shares floored at 1e-4 so that empty bins stay finite.
    /// Common reading: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 significant shift.
    public static func psi(expected: [Double], counts: [Int]) -> Double {
        let total = Double(counts.reduce(0, +))
        guard total > 0, expected.count == counts.count else { return 0 }
        var sum = 0.0
        for (e, c) in zip(expected, counts) {
            let a = max(Double(c) / total, 1e-4), e = max(e, 1e-4)
            sum += (a - e) * log(a / e)
        }
        return sum
    }
}
