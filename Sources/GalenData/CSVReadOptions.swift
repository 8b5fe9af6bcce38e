/// How to read a CSV file. The defaults suit most clinical exports; every inference can be overridden.
public struct CSVReadOptions: Codable, Sendable, Equatable {
    /// The field delimiter; nil detects it from the first lines (comma, semicolon, tab or pipe).
    public var delimiter: UInt8?
    /// Strings that mean "missing", compared case-insensitively after trimming spaces. The empty field is always
    /// missing. Default: `NA`, `N/A`, `NaN`, `?`, `null`, `None` (and so `na`, `nan`, `NULL`, `none`...).
    public var missingTokens: [String]
    /// Per-column type overrides by column name; columns not named are inferred.
    public var columnTypes: [String: ColumnType]
    /// Whether ambiguous slash/dot dates (both parts ≤ 12) are day-first. nil: month-first with a warning,
    /// unless other values in the column decide it.
    public var dayFirst: Bool?
    /// Whether a comma may be the decimal separator (`3,5`). nil: only when the delimiter is a semicolon.
    public var decimalComma: Bool?
    /// Minimum share of present values that must be numbers for a column to be inferred numeric despite some
    /// stray text values (which become missing with warnings). Default 0.95.
    public var numericThreshold: Double
    /// Whether spaces (and tabs, unless tab is the delimiter) around unquoted fields and around quoted fields are
    /// removed. Default true.
    public var trimWhitespace: Bool
    /// How many per-cell warnings to keep per column and kind before summarising. Default 5.
    public var warningsPerColumn: Int

    /// The default missing-value tokens.
    public static let defaultMissingTokens = ["NA", "N/A", "NaN", "?", "null", "None"]

    /// Options; see the properties for the meaning of each.
    public init(delimiter: UInt8? = nil,
                missingTokens: [String] = CSVReadOptions.defaultMissingTokens,
                columnTypes: [String: ColumnType] = [:],
                dayFirst: Bool? = nil,
                decimalComma: Bool? = nil,
                numericThreshold: Double = 0.95,
                trimWhitespace: Bool = true,
                warningsPerColumn: Int = 5) {
        self.delimiter = delimiter
        self.missingTokens = missingTokens
        self.columnTypes = columnTypes
        self.dayFirst = dayFirst
        self.decimalComma = decimalComma
        self.numericThreshold = numericThreshold
        self.trimWhitespace = trimWhitespace
        self.warningsPerColumn = warningsPerColumn
    }

    /// A delimiter given as a character (`","`, `";"`, `"\t"`, `"|"`), as a command-line flag would.
    /// - Throws: `DataError.invalidArgument` for anything other than one ASCII character other than a quote or
    ///   a line break.
    public static func delimiter(from text: String) throws -> UInt8 {
        let t = text == "\\t" || text.lowercased() == "tab" ? "\t" : text
        guard t.utf8.count == 1, let b = t.utf8.first, b < 0x80, b != 0x22, b != 0x0A, b != 0x0D else {
            throw DataError.invalidArgument("delimiter must be a single ASCII character (got '\(text)')")
        }
        return b
    }
}
