/// A typed table: named columns of equal length, as read from a CSV file or built in code.
///
/// Rows are 0-based in the API; `warnings` and errors use 1-based row numbers and file lines for users.
public struct Table: Sendable {
    /// The columns, in file order.
    public private(set) var columns: [Column]
    /// Where the data came from (a file path or a caller's label), used in messages.
    public var source: String
    /// Problems met while reading or typing the data, and how each was handled.
    public var warnings: [DataWarning]
    /// 1-based file line on which each row starts; nil when the table was not read from a file.
    public var rowLines: [Int32]?
    /// 0-based row number of the first row within its file (non-zero for batches of a streamed file), so that
    /// `rowNumber(_:)` gives file-wide row numbers. Ignored when `rowNumbers` is set.
    public var rowOffset: Int
    /// 1-based file-wide row number of each row, set when rows were selected or reordered (splits), so that
    /// messages about a split still name the row of the original file; nil means `rowOffset + row + 1`.
    public var rowNumbers: [Int32]?
    /// How the source file was written (delimiter, byte-order mark), when read from CSV.
    public var format: CSVFormat?
    private var index: [String: Int]

    /// A table of the given columns.
    /// - Throws: `DataError.invalidArgument` when columns differ in length or two share a name.
    public init(columns: [Column], source: String = "table", warnings: [DataWarning] = [],
                rowLines: [Int32]? = nil, rowOffset: Int = 0) throws {
        var index: [String: Int] = [:]
        for (i, c) in columns.enumerated() {
            if index[c.name] != nil {
                throw DataError.invalidArgument("\(source): two columns are named '\(c.name)'")
            }
            index[c.name] = i
        }
        if let first = columns.first {
            for c in columns where c.count != first.count {
                throw DataError.invalidArgument(
                    "\(source): column '\(c.name)' has \(c.count) rows but '\(first.name)' has \(first.count)")
            }
            if let rowLines, rowLines.count != first.count {
                throw DataError.invalidArgument("\(source): \(rowLines.count) row lines for \(first.count) rows")
            }
        }
        self.columns = columns
        self.source = source
        self.warnings = warnings
        self.rowLines = rowLines
        self.rowOffset = rowOffset
        self.index = index
    }

    /// Internal initialiser for callers that already guarantee the invariants.
    init(unchecked columns: [Column], source: String, warnings: [DataWarning], rowLines: [Int32]?, rowOffset: Int) {
        self.columns = columns
        self.source = source
        self.warnings = warnings
        self.rowLines = rowLines
        self.rowOffset = rowOffset
        var index: [String: Int] = [:]
        for (i, c) in columns.enumerated() { index[c.name] = i }
        self.index = index
    }

    /// Number of rows.
    public var rowCount: Int { columns.first?.count ?? 0 }
    /// Number of columns.
    public var columnCount: Int { columns.count }
    /// Column names in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The column called `name`, if any.
    public func column(named name: String) -> Column? {
        index[name].map { columns[$0] }
    }

    /// The position of the column called `name`, if any.
    public func columnIndex(named name: String) -> Int? { index[name] }

    /// The column called `name`.
    /// - Throws: `DataError.unknownColumn` with the available names and the closest one.
    public func column(_ name: String, role: String) throws -> Column {
        if let c = column(named: name) { return c }
        throw unknownColumnError(name, role: role)
    }

    /// The `DataError.unknownColumn` for `name` in this table.
    public func unknownColumnError(_ name: String, role: String) -> DataError {
        .unknownColumn(name: name, role: role.isEmpty ? "such" : role, available: columnNames,
                       suggestion: closestName(to: name, among: columnNames))
    }

    /// 1-based file-wide row number of 0-based `row` (for messages).
    public func rowNumber(_ row: Int) -> Int {
        if let rowNumbers { return Int(rowNumbers[row]) }
        return rowOffset + row + 1
    }

    /// 1-based file line on which 0-based `row` starts, when known.
    public func line(ofRow row: Int) -> Int? { rowLines.map { Int($0[row]) } }

    /// Replaces or appends a column (same length required).
    /// - Throws: `DataError.invalidArgument` when the length differs.
    public mutating func setColumn(_ column: Column) throws {
        if !columns.isEmpty, column.count != rowCount {
            throw DataError.invalidArgument(
                "\(source): column '\(column.name)' has \(column.count) rows, the table \(rowCount)")
        }
        if let i = index[column.name] { columns[i] = column } else {
            index[column.name] = columns.count
            columns.append(column)
        }
    }

    /// The table without the named columns (names not present are ignored).
    public func removingColumns(_ names: Set<String>) -> Table {
        var t = Table(unchecked: columns.filter { !names.contains($0.name) }, source: source, warnings: warnings,
                      rowLines: rowLines, rowOffset: rowOffset)
        t.rowNumbers = rowNumbers
        t.format = format
        return t
    }

    /// The table restricted to the given 0-based rows, in that order. Row lines follow the rows; warnings are kept.
    public func selecting(rows: [Int]) -> Table {
        var t = Table(unchecked: columns.map { $0.selecting(rows: rows) }, source: source, warnings: warnings,
                      rowLines: rowLines.map { lines in rows.map { lines[$0] } }, rowOffset: 0)
        t.rowNumbers = rows.map { Int32(truncatingIfNeeded: rowNumber($0)) }
        t.format = format
        return t
    }
}
