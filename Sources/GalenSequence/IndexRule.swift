import GalenData

/// How each patient's index date — the moment of prediction — is chosen. History up to and including the index
/// day is the model's input; the outcome is looked for after it.
public enum IndexRule: Codable, Equatable, Sendable {
    /// The same calendar day for every patient (days since 1970-01-01).
    case fixedDay(Int)
    /// `days` days before the end of the patient's observation period.
    case beforeObservationEnd(days: Int)
    /// Given per patient (a labels file's index dates), or the day after the patient's last event when not given.
    case perPatient

    /// The index day of a patient observed over `observation`, or nil when the rule gives none.
    public func indexDay(observation: ClosedRange<Int>) -> Int? {
        switch self {
        case let .fixedDay(d): return d
        case let .beforeObservationEnd(days): return observation.upperBound - days
        case .perPatient: return nil
        }
    }

    /// Words for reports: "2000-01-01 for every patient", "365 days before the end of observation".
    public var summary: String {
        switch self {
        case let .fixedDay(d): return "\(DateParsing.format(days: Double(d))) for every patient"
        case let .beforeObservationEnd(days): return "\(days) days before the end of each patient's observation period"
        case .perPatient: return "given per patient by the labels file"
        }
    }
}
