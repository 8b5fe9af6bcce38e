import Foundation
import GalenData

/// Where patient histories come from and how they are read, recorded in the bundle so that `galen predict` reads
/// new data the same way.
public struct SequenceDataSource: Codable, Equatable, Sendable {
    /// The two kinds of event data.
    public enum Kind: String, Codable, Sendable {
        /// A folder of OMOP CDM CSV tables.
        case omop
        /// A long-format event CSV.
        case events
    }

    /// The kind.
    public var kind: Kind
    /// OMOP: the event tables read.
    public var domains: [OMOPDomain]
    /// Events CSV: the patient ID, time, event and feature columns.
    public var patientColumn: String?
    public var timeColumn: String?
    public var eventColumn: String?
    public var featureColumns: [String]

    /// An OMOP source reading `domains`.
    public static func omop(domains: [OMOPDomain] = OMOPDomain.allCases) -> SequenceDataSource {
        SequenceDataSource(kind: .omop, domains: domains, patientColumn: nil, timeColumn: nil, eventColumn: nil, featureColumns: [])
    }

    /// An event CSV source with the named columns.
    public static func events(patientColumn: String, timeColumn: String, eventColumn: String?, featureColumns: [String]) -> SequenceDataSource {
        SequenceDataSource(kind: .events, domains: [], patientColumn: patientColumn, timeColumn: timeColumn,
                           eventColumn: eventColumn, featureColumns: featureColumns)
    }

    /// Reads the histories at `path` (an OMOP folder or an event CSV).
    /// - Throws: `EventDataError` / `DataError` naming file, line and column.
    public func read(path: String) throws -> PatientHistories {
        switch kind {
        case .omop:
            return try OMOPDatabase(path: path).readHistories(domains: domains)
        case .events:
            guard let patientColumn, let timeColumn else {
                throw EventDataError.invalidOption("an event CSV needs a patient column and a time column (--patient-column, --time-column)")
            }
            return try EventCSVReader(patientColumn: patientColumn, timeColumn: timeColumn, eventColumn: eventColumn,
                                      featureColumns: featureColumns).read(path: path)
        }
    }

    /// One line for reports.
    public var summary: String {
        switch kind {
        case .omop: return "OMOP CDM tables: " + domains.map(\.table).joined(separator: ", ")
        case .events:
            var s = "event CSV: patient \(patientColumn ?? "?"), time \(timeColumn ?? "?")"
            if let eventColumn { s += ", event \(eventColumn)" }
            if !featureColumns.isEmpty { s += ", features \(featureColumns.joined(separator: ", "))" }
            return s
        }
    }
}
