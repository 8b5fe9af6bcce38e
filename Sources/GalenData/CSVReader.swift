import Foundation

/// Reads a whole CSV file into a typed `Table`.
///
/// RFC 4180 quoting (quoted fields, doubled quotes, delimiters and line breaks inside quotes), CRLF / LF / CR line
/// endings, a header row, UTF-8 with or without byte-order mark, delimiter detection (comma, semicolon, tab, pipe),
/// missing-value tokens and type inference as described on `ColumnType` and `CSVReadOptions`.
///
/// Documented handling of awkward input:
/// - blank lines are skipped;
/// - empty header names become `column_N`, repeated names get `.2`, `.3`... (each with a `renamedColumn` warning);
/// - `inf`, `-inf`, `Infinity` and overflowing numbers in a numeric column are read as missing with a
///   `nonFiniteValue` warning naming row, line and column — they never reach a model;
/// - a column with no values is kept (all missing) with an `allMissingColumn` warning; `Preprocessor` ignores it;
/// - fields of any size (memory permitting) and any number of columns are accepted.
///
/// Errors (`DataError`): `cannotRead`, `emptyFile`, `noDataRows` (header only), `raggedRow` (line, expected and actual
/// field counts), `invalidUTF8` (line and byte offset), `unsupportedEncoding` (UTF-16/32 byte-order marks),
/// `unterminatedQuote`.
public enum CSVReader {
    /// Reads the CSV file at `path`.
    public static func read(path: String, options: CSVReadOptions = CSVReadOptions()) throws -> Table {
        let file = try FileBytes(path: path)
        return try read(file.pointer, count: file.count, source: path, options: options)
    }

    /// Reads CSV text held in memory; `source` names it in messages.
    public static func read(bytes: [UInt8], source: String = "input", options: CSVReadOptions = CSVReadOptions()) throws -> Table {
        try bytes.withUnsafeBufferPointer { b in
            try read(b.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: b.count, source: source, options: options)
        }
    }

    /// Reads CSV text held in a String; `source` names it in messages.
    public static func read(string: String, source: String = "input", options: CSVReadOptions = CSVReadOptions()) throws -> Table {
        try read(bytes: Array(string.utf8), source: source, options: options)
    }

    /// Reads only the header row of the CSV file at `path` (column names as they will appear in a `Table`).
    public static func readHeader(path: String, options: CSVReadOptions = CSVReadOptions()) throws -> [String] {
        let file = try FileBytes(path: path, limit: 1 << 24)
        let prefix = try Prefix.parse(file.pointer, count: file.count, source: path, options: options, atEOF: file.isWhole)
        return prefix.header
    }

    static func read(_ p: UnsafePointer<UInt8>, count: Int, source: String, options: CSVReadOptions) throws -> Table {
        let prefix = try Prefix.parse(p, count: count, source: source, options: options, atEOF: true)
        if let bad = firstInvalidUTF8(p + prefix.dataStart, count: count - prefix.dataStart) {
            let offset = prefix.dataStart + bad
            throw DataError.invalidUTF8(source: source, line: lineNumber(p, from: prefix.dataStart, to: offset, startLine: prefix.dataLine),
                                        byteOffset: offset)
        }
        let builder = CSVColumnBuilder(header: prefix.header, options: options, delimiter: prefix.format.delimiter,
                                       decimalComma: prefix.format.decimalComma, source: source)
        let types = prefix.header.map { options.columnTypes[$0] }
        let out = try builder.read(p, start: prefix.dataStart, end: count, startLine: prefix.dataLine, rowOffset: 0, types: types)
        if out.rows == 0 { throw DataError.noDataRows(source: source, columns: prefix.header) }
        let unknownTypes = options.columnTypes.keys.filter { !prefix.header.contains($0) }.sorted().map {
            DataWarning(kind: .note, column: $0, message: "a type was given for this column but the file has no such column")
        }
        var table = Table(unchecked: out.columns, source: source, warnings: prefix.warnings + unknownTypes + out.warnings,
                          rowLines: out.lines, rowOffset: 0)
        table.format = prefix.format
        return table
    }

    /// What precedes the data: encoding checks, delimiter, header.
    struct Prefix {
        var header: [String]
        var format: CSVFormat
        var dataStart: Int
        var dataLine: Int
        var warnings: [DataWarning]

        static func parse(_ p: UnsafePointer<UInt8>, count: Int, source: String, options: CSVReadOptions,
                          atEOF: Bool) throws -> Prefix {
            if count >= 4 && ((p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0) || (p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF)) {
                throw DataError.unsupportedEncoding(source: source, encoding: "UTF-32")
            }
            if count >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)) {
                throw DataError.unsupportedEncoding(source: source, encoding: "UTF-16")
            }
            var start = 0
            let bom = count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF
            if bom { start = 3 }
            // Skip leading blank lines; a file of nothing else is empty.
            var line = 1
            while start < count && (p[start] == 0x0A || p[start] == 0x0D) {
                if p[start] == 0x0D, start + 1 < count, p[start + 1] == 0x0A { start += 1 }
                start += 1
                line += 1
            }
            if start >= count || (0..<(count - start)).allSatisfy({ p[start + $0] == 0x20 || p[start + $0] == 0x09 || p[start + $0] == 0x0A || p[start + $0] == 0x0D }) {
                throw DataError.emptyFile(source: source)
            }
            let delimiter = options.delimiter ?? detectDelimiter(p + start, count: count - start)
            let decimalComma = options.decimalComma ?? (delimiter == 0x3B)
            var tokenizer = CSVTokenizer(delimiter: delimiter, trim: true)
            defer { tokenizer.release() }
            let headerEnd = tokenizer.recordBoundary(p, start: start, end: count, atEOF: atEOF, maxRecords: 1)
            if headerEnd == start { throw DataError.unterminatedQuote(source: source, line: line) }
            if let bad = firstInvalidUTF8(p + start, count: headerEnd - start) {
                throw DataError.invalidUTF8(source: source, line: lineNumber(p, from: start, to: start + bad, startLine: line),
                                            byteOffset: start + bad)
            }
            var sink = HeaderSink()
            var records = 0
            var dataLine = line
            _ = try tokenizer.tokenize(p, start: start, end: headerEnd, maxRecords: 1, line: &dataLine,
                                       records: &records, source: source, sink: &sink)
            var warnings: [DataWarning] = []
            var names: [String] = []
            var used = Set<String>()
            for (i, raw) in sink.fields.enumerated() {
                var name = raw.trimmingSpaces
                if name.isEmpty {
                    name = "column_\(i + 1)"
                    warnings.append(DataWarning(kind: .renamedColumn, column: name, line: line,
                                                message: "column \(i + 1) has no name in the header; called '\(name)'"))
                }
                if used.contains(name) {
                    var k = 2
                    while used.contains("\(name).\(k)") { k += 1 }
                    let renamed = "\(name).\(k)"
                    warnings.append(DataWarning(kind: .renamedColumn, column: renamed, line: line,
                                                message: "column \(i + 1) repeats the name '\(name)'; called '\(renamed)'"))
                    name = renamed
                }
                used.insert(name)
                names.append(name)
            }
            return Prefix(header: names, format: CSVFormat(delimiter: delimiter, hadByteOrderMark: bom, decimalComma: decimalComma),
                          dataStart: headerEnd, dataLine: dataLine, warnings: warnings)
        }
    }
}
