import GalenData

/// Writes a table back to CSV text (header, then rows; missing values empty; RFC 4180 quoting).
enum TableCSV {
    static func text(_ table: Table) -> String {
        func quote(_ f: String) -> String {
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }
        var out = table.columnNames.map(quote).joined(separator: ",") + "\n"
        for r in 0..<table.rowCount {
            out += table.columns.map { quote($0.text(at: r) ?? "") }.joined(separator: ",") + "\n"
        }
        return out
    }
}
