import Foundation
import GalenData

/// Counts the bins of every input column over the records a model has scored since the server started, and
/// compares them with the training distribution stored in the bundle (population stability index per feature).
public final class DriftMonitor: @unchecked Sendable {
    /// The training distribution.
    public let reference: FeatureReference
    private var counts: [[Int]]
    private var rows = 0
    private let lock = NSLock()

    /// A monitor with no observations yet.
    public init(reference: FeatureReference) {
        self.reference = reference
        counts = reference.columns.map { [Int](repeating: 0, count: $0.binCount) }
    }

    /// Adds the rows of a validated request table.
    public func observe(_ table: Table) {
        var add = reference.columns.map { [Int](repeating: 0, count: $0.binCount) }
        for (c, ref) in reference.columns.enumerated() {
            guard let column = table.column(named: ref.column), column.type == ref.type else { continue }
            for b in ref.bins(of: column) { add[c][b] += 1 }
        }
        lock.lock()
        defer { lock.unlock() }
        for c in add.indices { for b in add[c].indices { counts[c][b] += add[c][b] } }
        rows += table.rowCount
    }

    /// One feature's drift.
    public struct FeatureDrift: Codable, Equatable, Sendable {
        /// Input column.
        public var feature: String
        /// Population stability index against training.
        public var psi: Double
        /// `stable` (< 0.1), `moderate` (0.1–0.25) or `significant` (> 0.25); `insufficient data` below 100 rows.
        public var status: String
    }

    /// Rows observed and the drift of every feature.
    public func report() -> (rows: Int, features: [FeatureDrift]) {
        lock.lock()
        let counts = self.counts, rows = self.rows
        lock.unlock()
        let features = reference.columns.enumerated().map { c, ref -> FeatureDrift in
            let psi = FeatureReference.psi(expected: ref.proportions, counts: counts[c])
            let status = rows < 100 ? "insufficient data" : (psi < 0.1 ? "stable" : (psi <= 0.25 ? "moderate" : "significant"))
            return FeatureDrift(feature: ref.column, psi: (psi * 1e6).rounded() / 1e6, status: status)
        }
        return (rows, features)
    }
}
