import Foundation
import GalenData

/// A cohort given by a labels CSV instead of a rule: one row per patient with their label (0/1, or
/// true/false, yes/no) and optionally an index date; without an index date a patient's index is their last event
/// day (every event is history). Patients missing from the event data but labelled keep an empty history.
public enum CohortLabels {
    /// Reads `path`.
    /// - Parameters:
    ///   - patientColumn: the patient ID column (as in the events file).
    ///   - labelColumn: the 0/1 label column.
    ///   - indexColumn: an index date column (ISO date or day number), or nil.
    ///   - histories: the patients' events (for default index days).
    /// - Throws: `EventDataError` naming line and column for missing columns, empty cells, bad dates; `SequenceError`
    ///   for a label that is not 0/1 or a patient labelled twice.
    public static func read(path: String, patientColumn: String, labelColumn: String, indexColumn: String?,
                            histories: PatientHistories) throws -> Cohort {
        let t = try EventTableColumns(path: path, text: [patientColumn, labelColumn] + (indexColumn.map { [$0] } ?? []))
        let ids = try t.requiredTexts(patientColumn)
        let labels = try t.requiredTexts(labelColumn)
        let index = try indexColumn.map { try t.days($0) }
        var seen = Set<String>()
        var members: [CohortMember] = []
        var excluded = CohortExclusions()
        for r in ids.indices {
            guard seen.insert(ids[r]).inserted else {
                throw SequenceError.unsuitableData("\(path), line \(t.line(r)): patient labelled twice (column \(patientColumn))")
            }
            let label: Int
            switch labels[r].lowercased() {
            case "1", "1.0", "true", "yes", "y", "t": label = 1
            case "0", "0.0", "false", "no", "n", "f": label = 0
            default: throw SequenceError.unsuitableData("\(path), line \(t.line(r)), column \(labelColumn): a label must be 0 or 1")
            }
            guard let day = index?[r] ?? histories.observation[ids[r]]?.upperBound else { excluded.notObservedAtIndex += 1; continue }
            members.append(CohortMember(patientID: ids[r], indexDay: day, label: label))
        }
        return Cohort(members: members, exclusions: excluded)
    }
}
