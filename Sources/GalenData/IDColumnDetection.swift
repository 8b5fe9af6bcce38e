/// Recognises columns that identify records (patient numbers, MRNs, row indices) rather than describe them.
/// Such columns let a model memorise rows and must not be used as features.
///
/// By name: the name split into words (at separators and lower→upper case changes) contains `id`, `mrn`, `uuid`,
/// `guid`, `uid`, `ssn`, `identifier` or `accession`, or the name is a known one-word form (`patientid`,
/// `subjectid`, `recordid`, `rowid`, `index`, `unnamed: 0`...). Words merely ending in "id" (`thyroid`, `lipid`,
/// `fluid`) do not count.
/// By values (at least 20 present values): a text column whose values are all different, or a numeric column of
/// whole numbers, all different, that either increase or decrease strictly down the file or are all ≥ 100,000.
public enum IDColumnDetection {
    private static let idWords: Set<String> = ["id", "ids", "mrn", "uuid", "guid", "uid", "ssn", "identifier", "accession"]
    private static let idNames: Set<String> = [
        "patientid", "subjectid", "recordid", "rowid", "caseid", "studyid", "encounterid", "visitid", "personid",
        "memberid", "sampleid", "specimenid", "participantid", "admissionid", "episodeid", "hadmid", "stayid",
        "index", "unnamed0", "rownames", "rownumber", "recordnumber", "patientnumber", "mrnumber",
    ]

    /// The words of a column name: split at non-alphanumerics and at lower→upper case changes ("PatientID" →
    /// ["patient", "id"]), lowercased.
    static func words(_ name: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previousLower = false
        for ch in name {
            if !(ch.isLetter || ch.isNumber) {
                if !current.isEmpty { out.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if ch.isUppercase && previousLower && !current.isEmpty {
                out.append(current)
                current = ""
            }
            current.append(ch)
            previousLower = ch.isLowercase || ch.isNumber
        }
        if !current.isEmpty { out.append(current) }
        return out.map { $0.lowercased() }
    }

    /// Whether the name alone marks an identifier.
    public static func nameLooksLikeID(_ name: String) -> Bool {
        let w = words(name)
        if w.contains(where: { idWords.contains($0) }) { return true }
        return idNames.contains(w.joined())
    }

    /// Why `column` looks like an identifier, or nil when it does not.
    public static func reason(for column: Column) -> String? {
        if nameLooksLikeID(column.name) { return "its name marks an identifier" }
        let present = column.count - column.missingCount
        guard present >= 20 else { return nil }
        switch column.values {
        case .categorical:
            if column.distinctCount == present {
                return "every value is different (\(present) distinct text values)"
            }
        case let .numeric(v):
            let values = v.filter { !$0.isNaN }
            guard values.allSatisfy({ $0 == $0.rounded() }) else { return nil }
            guard Set(values).count == values.count else { return nil }
            var increasing = true, decreasing = true
            for i in 1..<values.count {
                if values[i] <= values[i - 1] { increasing = false }
                if values[i] >= values[i - 1] { decreasing = false }
            }
            if increasing || decreasing { return "its whole-number values are all different and run in order like a row number" }
            if values.allSatisfy({ abs($0) >= 100_000 }) { return "its values are all different large whole numbers, like record numbers" }
        default:
            break
        }
        return nil
    }
}
