/// One dated event of a patient's history: a diagnosis, a drug, a procedure, a measurement, or one numeric feature
/// of a long-format row.
///
/// `day` counts days since 1970-01-01 (negative before). `code` names what happened and is what a sequence model's
/// vocabulary is built from: OMOP events are `"<domain>:<concept id>"` (e.g. `"condition:80180"`), long-format
/// events are the event column's text, and numeric feature columns give `"<column>"` with `value` set.
public struct PatientEvent: Sendable, Equatable {
    /// Days since 1970-01-01.
    public var day: Int
    /// What happened (the vocabulary token).
    public var code: String
    /// A numeric value carried by the event (a measurement's value, a feature column's number), or nil.
    public var value: Double?

    /// An event on `day` (days since 1970-01-01) with `code` and an optional numeric `value`.
    public init(day: Int, code: String, value: Double? = nil) {
        self.day = day
        self.code = code
        self.value = value
    }
}
