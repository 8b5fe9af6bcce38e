/// A problem in the data that Galen handled (documented handling) but that a user should know about.
///
/// Warnings travel with the values they concern (`Table.warnings`, `TransformResult.warnings`, logs) and are
/// printed by the command-line tool; `--strict` turns them into `DataError.strictWarning`.
/// Locations are user-facing: `row` is the 1-based data row (the header is not counted), `line` the 1-based line
/// of the file on which that row starts (they differ by the header and by quoted fields that span lines).
public struct DataWarning: Codable, Sendable, Equatable, CustomStringConvertible {
    /// What kind of situation was handled.
    public enum Kind: String, Codable, Sendable {
        /// "inf", "-inf", "Infinity" or an overflowing number in a numeric column; treated as missing.
        case nonFiniteValue
        /// A value that does not fit the column's type (text in a numeric column...); treated as missing.
        case typeMismatch
        /// A category not seen when the pipeline was fitted; encoded as all zeros.
        case unseenCategory
        /// A column with no values at all; it is not used as a feature.
        case allMissingColumn
        /// A column with a single value; it is not used as a feature.
        case constantColumn
        /// A column that looks like an identifier (name or values); it is not used as a feature.
        case idLikeColumn
        /// A text column with (nearly) one distinct value per row; it is not used as a feature.
        case highCardinalityColumn
        /// Categories too rare to get their own one-hot column; grouped into an "other" column.
        case rareCategories
        /// A header with an empty or repeated name, which was renamed.
        case renamedColumn
        /// Slash-separated dates where day-first and month-first both fit; month-first was used.
        case ambiguousDateOrder
        /// Exact duplicate rows that were removed.
        case duplicateRows
        /// Rows whose target value is missing, which were removed.
        case missingTarget
        /// Anything else worth telling (class imbalance, a possibly wrong task...).
        case note
    }

    /// The kind of situation.
    public var kind: Kind
    /// The column concerned, when there is one.
    public var column: String?
    /// The 1-based data row concerned (header not counted), when there is one.
    public var row: Int?
    /// The 1-based file line on which the row starts, when known.
    public var line: Int?
    /// A complete sentence saying what was found and what was done.
    public var message: String

    /// A warning; see the properties for the meaning of each field.
    public init(kind: Kind, column: String? = nil, row: Int? = nil, line: Int? = nil, message: String) {
        self.kind = kind
        self.column = column
        self.row = row
        self.line = line
        self.message = message
    }

    /// The message prefixed by its place: `[line 12, row 11, column 'age'] ...`.
    public var description: String {
        var place: [String] = []
        if let line { place.append("line \(line)") }
        if let row { place.append("row \(row)") }
        if let column { place.append("column '\(column)'") }
        return place.isEmpty ? message : "[" + place.joined(separator: ", ") + "] " + message
    }
}
