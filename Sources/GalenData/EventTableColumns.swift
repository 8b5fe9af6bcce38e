import Foundation

/// Reads a CSV whose named columns are wanted as text (IDs, dates, codes) and finds them case-insensitively; shared by
/// `OMOPDatabase`, `EventCSVReader` and labels files. Errors name file, line and column, never a cell value.
public struct EventTableColumns {
    /// The table as read.
    public let table: Table
    /// The file, for messages.
    public let source: String

    /// Reads `path`, typing the columns in `text` (case-insensitive names) as text and `numeric` as numbers.
    /// - Throws: `DataError` from the CSV reader; `EventDataError.missingColumns` when a named column is absent.
    public init(path: String, text: [String], numeric: [String] = [], readOptions: CSVReadOptions = CSVReadOptions()) throws {
        let header = try CSVReader.readHeader(path: path, options: readOptions)
        var byLower: [String: String] = [:]
        for h in header where byLower[h.lowercased()] == nil { byLower[h.lowercased()] = h }
        let missing = (text + numeric).filter { byLower[$0.lowercased()] == nil }
        guard missing.isEmpty else { throw EventDataError.missingColumns(source: path, columns: missing, available: header) }
        var o = readOptions
        for n in text { o.columnTypes[byLower[n.lowercased()]!] = .categorical }
        for n in numeric { o.columnTypes[byLower[n.lowercased()]!] = .numeric }
        table = try CSVReader.read(path: path, options: o)
        source = path
    }

    /// The column named `name` (case-insensitive); it was checked at reading.
    public func column(_ name: String) -> Column {
        table.columns.first { $0.name.lowercased() == name.lowercased() }!
    }

    /// Whether the file has a column named `name` (case-insensitive).
    public func has(_ name: String) -> Bool { table.columns.contains { $0.name.lowercased() == name.lowercased() } }

    /// 1-based file line of 0-based `row`.
    public func line(_ row: Int) -> Int { table.line(ofRow: row) ?? table.rowNumber(row) + 1 }

    /// Text of a categorical column's cells (nil = missing).
    public func texts(_ name: String) -> [String?] {
        let c = column(name)
        guard case let .categorical(codes, levels) = c.values else { return (0..<c.count).map { c.text(at: $0) } }
        return codes.map { $0 < 0 ? nil : levels[Int($0)] }
    }

    /// Required non-empty text per row.
    /// - Throws: `EventDataError.missingValue` naming line and column of the first empty cell.
    public func requiredTexts(_ name: String) throws -> [String] {
        let values = texts(name)
        var out: [String] = []
        out.reserveCapacity(values.count)
        for (r, v) in values.enumerated() {
            guard let v else { throw EventDataError.missingValue(source: source, line: line(r), column: column(name).name) }
            out.append(v)
        }
        return out
    }

    /// Integer IDs per row (`12`, also `12.0` as some exports write them).
    /// - Throws: `EventDataError.missingValue` / `.badID` naming line and column.
    public func ids(_ name: String) throws -> [Int] {
        try requiredTexts(name).enumerated().map { r, t in
            if let v = Int(t) { return v }
            if let d = Double(t), d == d.rounded(), abs(d) < 1e15 { return Int(d) }
            throw EventDataError.badID(source: source, line: line(r), column: column(name).name)
        }
    }

    /// Day numbers per row.
    /// - Throws: `EventDataError.missingValue` / `.badDate` naming line and column.
    public func days(_ name: String) throws -> [Int] {
        try requiredTexts(name).enumerated().map { r, t in
            guard let d = EventDate.days(t) else { throw EventDataError.badDate(source: source, line: line(r), column: column(name).name) }
            return d
        }
    }

    /// Day numbers per row, nil for empty cells.
    /// - Throws: `EventDataError.badDate` naming line and column of a non-empty cell that is no date.
    public func optionalDays(_ name: String) throws -> [Int?] {
        try texts(name).enumerated().map { r, t in
            guard let t else { return nil }
            guard let d = EventDate.days(t) else { throw EventDataError.badDate(source: source, line: line(r), column: column(name).name) }
            return d
        }
    }
}
