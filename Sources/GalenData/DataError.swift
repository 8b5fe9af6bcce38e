/// Errors raised while reading, typing, preparing, splitting or transforming tabular data.
///
/// Every case names where the problem is — the source (file path or label given by the caller), the 1-based line
/// in the file, the column — so that a message printed by the command-line tool points a user at the exact spot.
/// Nothing in `GalenData` traps on bad input: every problem in user data arrives as one of these values.
public enum DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened or read (`reason` is the operating system's message).
    case cannotRead(source: String, reason: String)
    /// The input holds no bytes at all (or only a byte-order mark / blank lines).
    case emptyFile(source: String)
    /// The input has a header row but no data rows.
    case noDataRows(source: String, columns: [String])
    /// A record (starting at 1-based `line`) has a different number of fields than the header.
    case raggedRow(source: String, line: Int, expected: Int, actual: Int)
    /// The bytes are not valid UTF-8; `byteOffset` is 0-based from the start of the file, `line` 1-based.
    case invalidUTF8(source: String, line: Int, byteOffset: Int)
    /// The file starts with a byte-order mark of an encoding other than UTF-8 (for example UTF-16).
    case unsupportedEncoding(source: String, encoding: String)
    /// A quoted field opened on 1-based `line` is never closed before the end of the input.
    case unterminatedQuote(source: String, line: Int)
    /// A column named by the caller (as `role`: "target", "group", "ID", ...) does not exist.
    /// `suggestion` is the closest existing name, if one is reasonably close.
    case unknownColumn(name: String, role: String, available: [String], suggestion: String?)
    /// Columns required by a fitted preprocessing pipeline are absent from the input.
    case missingColumns(names: [String], source: String)
    /// The target column has only one distinct value among rows where it is present.
    case targetHasOneClass(column: String, value: String)
    /// The target column has no non-missing value at all.
    case targetAllMissing(column: String)
    /// The target column cannot serve for the requested task (for example text labels for regression).
    case invalidTarget(column: String, reason: String)
    /// A value that cannot be converted to a column's type, in strict conversions.
    /// `row` is the 1-based data row (the header is not counted).
    case invalidValue(column: String, row: Int, value: String, expected: ColumnType)
    /// A caller-supplied argument is out of range (split fractions, fold counts, option values...).
    case invalidArgument(String)
    /// There are too few rows (or groups, or members of a class) for the requested operation.
    case notEnoughData(String)
    /// Preprocessing left no usable feature column.
    case noFeatures(reason: String)
    /// A warning raised while `strict` handling was requested, promoted to an error.
    case strictWarning(DataWarning)

    /// The message, naming file, line, row or column where the problem is.
    public var description: String {
        switch self {
        case let .cannotRead(source, reason):
            return "\(source): cannot read the file: \(reason)"
        case let .emptyFile(source):
            return "\(source): the file is empty (no header row and no data)"
        case let .noDataRows(source, columns):
            let shown = columns.prefix(10).joined(separator: ", ") + (columns.count > 10 ? ", ..." : "")
            return "\(source): the file has a header row (\(columns.count) columns: \(shown)) but no data rows"
        case let .raggedRow(source, line, expected, actual):
            return "\(source), line \(line): expected \(expected) fields (as in the header) but found \(actual)"
        case let .invalidUTF8(source, line, byteOffset):
            return "\(source), line \(line): invalid UTF-8 at byte offset \(byteOffset); save the file as UTF-8"
        case let .unsupportedEncoding(source, encoding):
            return "\(source): the file is encoded as \(encoding); only UTF-8 is supported, save the file as UTF-8"
        case let .unterminatedQuote(source, line):
            return "\(source), line \(line): a quoted field starts here and is never closed"
        case let .unknownColumn(name, role, available, suggestion):
            var s = "no \(role) column named '\(name)'"
            if let suggestion { s += "; did you mean '\(suggestion)'?" }
            let shown = available.prefix(40).map { "'\($0)'" }.joined(separator: ", ")
            s += " Available columns: \(shown)" + (available.count > 40 ? ", ... (\(available.count) in all)" : "")
            return s
        case let .missingColumns(names, source):
            return "\(source): missing required column\(names.count == 1 ? "" : "s") "
                + names.map { "'\($0)'" }.joined(separator: ", ")
        case let .targetHasOneClass(column, value):
            return "target column '\(column)' has a single value ('\(value)'); a model needs at least two classes"
        case let .targetAllMissing(column):
            return "target column '\(column)' has no values (every row is missing)"
        case let .invalidTarget(column, reason):
            return "target column '\(column)': \(reason)"
        case let .invalidValue(column, row, value, expected):
            _ = value  // kept for callers; never printed, so that patient data stays out of logs
            return "row \(row), column '\(column)': the value is not a valid \(expected.rawValue) value"
        case let .invalidArgument(detail):
            return detail
        case let .notEnoughData(detail):
            return "not enough data: \(detail)"
        case let .noFeatures(reason):
            return "no usable feature columns: \(reason)"
        case let .strictWarning(warning):
            return "strict mode: \(warning.description)"
        }
    }
}
