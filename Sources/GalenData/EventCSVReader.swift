import Foundation

/// Reads a long-format event CSV — one row per event or per dated measurement — into per-patient histories.
///
/// Columns: a patient ID column, a time column (ISO `YYYY-MM-DD`, optionally with a time, or an integer day number),
/// and an event column (the event's code or name, one token per distinct text) and/or numeric feature columns (each
/// present number becomes an event coded by the column's name with the number as its value). Rows whose event
/// cell and feature cells are all empty are skipped. Each patient's observation period is their first to last
/// event day.
///
/// ```swift
/// let h = try EventCSVReader(patientColumn: "patient", timeColumn: "date", eventColumn: "code").read(path: "events.csv")
/// ```
public struct EventCSVReader: Sendable {
    /// The patient ID column.
    public var patientColumn: String
    /// The date column.
    public var timeColumn: String
    /// The event code column, or nil.
    public var eventColumn: String?
    /// Numeric feature columns.
    public var featureColumns: [String]
    /// CSV read options (delimiter, missing tokens).
    public var readOptions: CSVReadOptions

    /// A reader of the named columns (matched case-insensitively).
    public init(patientColumn: String, timeColumn: String, eventColumn: String? = nil, featureColumns: [String] = [],
                readOptions: CSVReadOptions = CSVReadOptions()) {
        self.patientColumn = patientColumn
        self.timeColumn = timeColumn
        self.eventColumn = eventColumn
        self.featureColumns = featureColumns
        self.readOptions = readOptions
    }

    /// Reads the file at `path`.
    /// - Throws: `EventDataError.invalidOption` when neither an event column nor feature columns are named;
    ///   `EventDataError.missingColumns` naming absent columns; `.missingValue` / `.badDate` naming line and column;
    ///   `.noEvents` when no row holds an event; `DataError` for an unreadable CSV.
    public func read(path: String) throws -> PatientHistories {
        guard eventColumn != nil || !featureColumns.isEmpty else {
            throw EventDataError.invalidOption("an event CSV needs an event column or feature columns (--event-column, --feature-columns)")
        }
        let t = try EventTableColumns(path: path, text: [patientColumn, timeColumn] + (eventColumn.map { [$0] } ?? []),
                                      numeric: featureColumns, readOptions: readOptions)
        let patients = try t.requiredTexts(patientColumn)
        let days = try t.days(timeColumn)
        let codes = eventColumn.map { t.texts($0) }
        let features = featureColumns.map { (t.column($0).name, t.column($0).numbers!) }
        var events: [String: [PatientEvent]] = [:]
        for r in patients.indices {
            if let c = codes?[r] { events[patients[r], default: []].append(PatientEvent(day: days[r], code: c)) }
            for (name, values) in features where !values[r].isNaN {
                events[patients[r], default: []].append(PatientEvent(day: days[r], code: name, value: values[r]))
            }
        }
        guard !events.isEmpty else { throw EventDataError.noEvents(source: path) }
        var observation: [String: ClosedRange<Int>] = [:]
        for (p, list) in events {
            let ds = list.map(\.day)
            observation[p] = ds.min()!...ds.max()!
        }
        return PatientHistories(source: path, events: events, observation: observation)
    }
}
