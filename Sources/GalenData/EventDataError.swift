/// Errors reading event data (OMOP CDM folders, long-format event CSVs). Each names the file, and where it applies
/// the line and column; none echoes a patient's values.
public enum EventDataError: Error, Equatable, CustomStringConvertible {
    /// A required table file is not in the OMOP folder.
    case missingTable(folder: String, table: String)
    /// Required columns are absent from a file.
    case missingColumns(source: String, columns: [String], available: [String])
    /// A date cell that is not a valid ISO date (`YYYY-MM-DD`) or day number.
    case badDate(source: String, line: Int, column: String)
    /// A required cell (patient ID, date, concept) is empty.
    case missingValue(source: String, line: Int, column: String)
    /// An ID cell that is not an integer (OMOP IDs are integers).
    case badID(source: String, line: Int, column: String)
    /// No usable events at all.
    case noEvents(source: String)
    /// Options that do not fit the data (e.g. neither an event column nor feature columns).
    case invalidOption(String)

    public var description: String {
        switch self {
        case let .missingTable(folder, table):
            return "\(folder): the OMOP CDM table \(table).csv is missing"
        case let .missingColumns(source, columns, available):
            return "\(source): missing column\(columns.count == 1 ? "" : "s") \(columns.joined(separator: ", ")) (the file has: \(available.prefix(30).joined(separator: ", ")))"
        case let .badDate(source, line, column):
            return "\(source), line \(line), column \(column): not a date (expected YYYY-MM-DD, optionally with a time, or a day number)"
        case let .missingValue(source, line, column):
            return "\(source), line \(line), column \(column): empty, but a value is required"
        case let .badID(source, line, column):
            return "\(source), line \(line), column \(column): not an integer ID"
        case let .noEvents(source):
            return "\(source): no events to read"
        case let .invalidOption(message):
            return message
        }
    }
}
