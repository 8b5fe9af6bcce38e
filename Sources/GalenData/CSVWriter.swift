import Foundation

/// Writes CSV text that `CSVReader` (and other RFC 4180 readers) read back unchanged: fields holding the
/// delimiter, a quote, a line break or surrounding spaces are quoted, with quotes doubled.
public enum CSVWriter {
    /// One field, quoted when needed.
    public static func field(_ value: String, delimiter: UInt8 = 0x2C) -> String {
        let d = Character(UnicodeScalar(delimiter))
        let needsQuotes = value.contains { $0 == d || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.first == " " || value.last == " " || value.first == "\t" || value.last == "\t"
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record: the fields joined by the delimiter, followed by `\n`.
    public static func row(_ fields: [String], delimiter: UInt8 = 0x2C) -> String {
        fields.map { field($0, delimiter: delimiter) }.joined(separator: String(UnicodeScalar(delimiter))) + "\n"
    }

    /// A whole table: header, then one record per row; missing values are empty fields.
    public static func text(_ table: Table, delimiter: UInt8 = 0x2C) -> String {
        var out = row(table.columnNames, delimiter: delimiter)
        for r in 0..<table.rowCount {
            out += row(table.columns.map { $0.text(at: r) ?? "" }, delimiter: delimiter)
        }
        return out
    }
}
