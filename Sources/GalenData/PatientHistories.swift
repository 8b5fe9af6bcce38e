/// Every patient's events in date order, as read from an OMOP CDM folder (`OMOPDatabase`) or a long-format event
/// CSV (`EventCSVReader`).
///
/// Patients are keyed by their ID as text. Events of one patient are sorted by day (ties keep file order).
/// `observation` holds each patient's observation period in days since 1970-01-01 when the source has one (OMOP:
/// the patient's latest `observation_period`; an event CSV: first to last event day).
public struct PatientHistories: Sendable {
    /// Where the histories come from (folder or file path), for messages.
    public var source: String
    /// Events per patient ID, sorted by day.
    public var events: [String: [PatientEvent]]
    /// Observation period per patient ID: first and last observed day (inclusive).
    public var observation: [String: ClosedRange<Int>]
    /// Readable names of event codes where the source has them (OMOP `concept.csv`), for reports.
    public var codeNames: [String: String]

    /// Histories from already-sorted or unsorted `events` (they are sorted by day here, stable).
    public init(source: String, events: [String: [PatientEvent]], observation: [String: ClosedRange<Int>],
                codeNames: [String: String] = [:]) {
        self.source = source
        self.events = events.mapValues { list in
            list.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
        }
        self.observation = observation
        self.codeNames = codeNames
    }

    /// Patient IDs in a stable order (numeric IDs numerically, then the rest as text).
    public var patientIDs: [String] {
        Set(observation.keys).union(events.keys).sorted { a, b in
            switch (Int(a), Int(b)) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a < b
            }
        }
    }

    /// Total events over all patients.
    public var eventCount: Int { events.values.reduce(0) { $0 + $1.count } }
}
