/// The type of a table column, inferred from its values or set by the caller.
///
/// Inference rules (see `CSVReadOptions` for the knobs):
/// - **numeric**: every present value parses as a decimal number (`12`, `-3.5`, `1e-3`, `.5`; a decimal comma
///   with semicolon-delimited files). A column that is mostly numbers with a few stray text values is still
///   numeric — the stray values become missing, each with a `typeMismatch` warning. Columns holding only `0` and
///   `1` stay numeric (same effect for a model); override them to `boolean` if wanted.
/// - **boolean**: every present value is one of `true/false`, `yes/no`, `t/f`, `y/n` (any case), optionally mixed
///   with `0/1`. Stored as 0 and 1.
/// - **date**: every present value is a date in one format family: ISO 8601 (`2024-03-01`, `2024-03-01T08:30`,
///   `2024-03-01 08:30:00Z`, with an optional offset), `2024/03/01`, `01/03/2024` or `01.03.2024` (day-first or
///   month-first decided per column from values above 12; ambiguous columns are month-first unless
///   `CSVReadOptions.dayFirst` says otherwise, with a warning), `01-Mar-2024` / `01 Mar 2024` / `01MAR2024`.
///   Stored as days since 1970-01-01 (UTC; fractional for times).
/// - **categorical**: anything else; stored as integer codes into a list of level strings.
public enum ColumnType: String, Codable, Sendable, CaseIterable {
    /// Decimal numbers (stored as Double; missing = NaN).
    case numeric
    /// Text categories (stored as codes into levels; missing = -1).
    case categorical
    /// Yes/no values (stored as 0/1; missing = NaN).
    case boolean
    /// Dates and date-times (stored as days since 1970-01-01 UTC; missing = NaN).
    case date
}

/// The two spellings used for a boolean column's values in its source (for example `no`/`yes`), so that reports
/// and class names use the user's words.
public struct BooleanLabels: Codable, Sendable, Equatable, Hashable {
    /// Spelling of the false value (for example "no").
    public var falseLabel: String
    /// Spelling of the true value (for example "yes").
    public var trueLabel: String

    /// Labels with the given spellings.
    public init(falseLabel: String = "false", trueLabel: String = "true") {
        self.falseLabel = falseLabel
        self.trueLabel = trueLabel
    }
}
