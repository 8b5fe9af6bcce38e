import Foundation
import GalenData

/// Re-identification risk of a table as k-anonymity over chosen quasi-identifiers: records are grouped by their
/// values of those columns (missing counts as a value); a record in a group smaller than k is at risk.
public struct KAnonymity: Codable, Sendable {
    /// The quasi-identifier columns.
    public var quasiIdentifiers: [String]
    /// The threshold.
    public var k: Int
    /// Records read.
    public var records: Int
    /// Distinct combinations.
    public var groups: Int
    /// Size of the smallest group (the table is `smallestGroup`-anonymous).
    public var smallestGroup: Int
    /// Groups with fewer than k records.
    public var groupsBelowK: Int
    /// Records in groups with fewer than k records.
    public var recordsBelowK: Int
    /// Share of records in groups with fewer than k records.
    public var shareBelowK: Double
    /// Records that are unique on the quasi-identifiers.
    public var uniqueRecords: Int

    /// Computes k-anonymity of the CSV at `path`, streaming it.
    /// - Throws: `PrivacyError.unknownColumns` for absent columns, `invalidArgument` when k < 1 or no column is
    ///   given, `DataError` for unreadable input.
    public static func measure(path: String, quasiIdentifiers: [String], k: Int = 5) throws -> KAnonymity {
        guard k >= 1 else { throw PrivacyError.invalidArgument("k must be at least 1 (got \(k))") }
        guard !quasiIdentifiers.isEmpty else { throw PrivacyError.invalidArgument("give at least one quasi-identifier column") }
        let probe = try CSVBatchReader(path: path, options: CSVReadOptions(missingTokens: []), chunkSize: 4096)
        let absent = quasiIdentifiers.filter { !probe.header.contains($0) }
        if !absent.isEmpty { throw PrivacyError.unknownColumns(names: absent, source: path, available: probe.header) }
        var options = CSVReadOptions(missingTokens: [])
        options.columnTypes = Dictionary(uniqueKeysWithValues: quasiIdentifiers.map { ($0, ColumnType.categorical) })
        let reader = try CSVBatchReader(path: path, options: options)
        var counts: [[String]: Int] = [:]
        var records = 0
        while let batch = try reader.next() {
            let cols = quasiIdentifiers.map { batch.column(named: $0)! }
            for r in 0..<batch.rowCount {
                counts[cols.map { $0.text(at: r) ?? "" }, default: 0] += 1
            }
            records += batch.rowCount
        }
        let below = counts.values.filter { $0 < k }
        let belowRecords = below.reduce(0, +)
        return KAnonymity(quasiIdentifiers: quasiIdentifiers, k: k, records: records, groups: counts.count,
                          smallestGroup: counts.values.min() ?? 0, groupsBelowK: below.count, recordsBelowK: belowRecords,
                          shareBelowK: records == 0 ? 0 : Double(belowRecords) / Double(records),
                          uniqueRecords: counts.values.filter { $0 == 1 }.count)
    }
}
