import Foundation

/// Reads a CSV file in batches of rows with bounded memory, for prediction over files of any length.
///
/// The file is read in chunks; each call to `next(maxRows:)` returns a `Table` of at most `maxRows` rows whose
/// `rowOffset` and `rowLines` place it in the file, so warnings name file-wide rows and lines. Memory use is about
/// twice the chunk size plus one batch (more only for a single record longer than the chunk).
///
/// Column types: pass `options.columnTypes` for every column you need typed consistently (for prediction, use
/// `Preprocessor.readOptions()`); columns not named are inferred from the first batch and then kept for the rest
/// of the file, so a later value that does not fit becomes missing with a `typeMismatch` warning.
/// Categorical levels are per batch (look values up by text, as `Preprocessor.transform` does).
public final class CSVBatchReader {
    /// Column names from the header (after renaming empty or repeated names).
    public let header: [String]
    /// Delimiter and encoding details found at the start of the file.
    public let format: CSVFormat
    /// The file path, for messages.
    public let source: String
    /// Warnings about the header (renamed columns).
    public let headerWarnings: [DataWarning]
    /// The type used for each column (fixed after the first batch).
    public private(set) var columnTypes: [ColumnType?]
    /// Number of data rows returned so far.
    public private(set) var rowsRead = 0

    private let builder: CSVColumnBuilder
    private let file: ChunkedFile
    private var line: Int
    private let chunkSize: Int
    private var tokenizer: CSVTokenizer

    /// Opens `path` and reads its header.
    /// - Parameter chunkSize: bytes read per refill (default 4 MiB, at least 1 KiB).
    /// - Throws: `DataError.cannotRead`, `emptyFile`, `unsupportedEncoding`, `invalidUTF8`, `unterminatedQuote`.
    public convenience init(path: String, options: CSVReadOptions = CSVReadOptions(), chunkSize: Int = 1 << 22) throws {
        let chunk = max(1024, chunkSize)
        try self.init(file: ChunkedFile(path: path, capacity: chunk * 2), options: options, chunkSize: chunk)
    }

    /// Reads the CSV from `source` (e.g. a decrypting reader) instead of a file; `name` names it in messages.
    /// - Parameter chunkSize: bytes read per refill (default 4 MiB, at least 1 KiB).
    /// - Throws: as `init(path:options:chunkSize:)`, and the source's own errors.
    public convenience init(source: ByteSource, name: String, options: CSVReadOptions = CSVReadOptions(),
                            chunkSize: Int = 1 << 22) throws {
        let chunk = max(1024, chunkSize)
        try self.init(file: ChunkedFile(source: source, name: name, capacity: chunk * 2), options: options, chunkSize: chunk)
    }

    private init(file: ChunkedFile, options: CSVReadOptions, chunkSize chunk: Int) throws {
        let path = file.path
        try file.fill(minimum: chunk)
        var prefix: CSVReader.Prefix
        while true {
            do {
                prefix = try CSVReader.Prefix.parse(file.buffer, count: file.end, source: path, options: options,
                                                    atEOF: file.atEOF)
                break
            } catch DataError.unterminatedQuote(_, _) where !file.atEOF {
                try file.fill(minimum: file.end * 2)
            }
        }
        self.file = file
        self.chunkSize = chunk
        source = path
        header = prefix.header
        format = prefix.format
        headerWarnings = prefix.warnings
        file.start = prefix.dataStart
        line = prefix.dataLine
        columnTypes = prefix.header.map { options.columnTypes[$0] }
        builder = CSVColumnBuilder(header: prefix.header, options: options, delimiter: prefix.format.delimiter,
                                   decimalComma: prefix.format.decimalComma, source: path)
        tokenizer = CSVTokenizer(delimiter: prefix.format.delimiter, trim: options.trimWhitespace)
    }

    deinit { tokenizer.release() }

    /// The next batch of at most `maxRows` rows, or nil at the end of the file.
    /// - Throws: `DataError.noDataRows` when the file has a header but no rows (on the first call),
    ///   `raggedRow`, `invalidUTF8`, `unterminatedQuote`, `cannotRead`.
    public func next(maxRows: Int = 65_536) throws -> Table? {
        let limit = max(1, maxRows)
        while true {
            if !file.atEOF && file.end - file.start < chunkSize { try file.fill(minimum: chunkSize) }
            var boundary = tokenizer.recordBoundary(file.buffer, start: file.start, end: file.end,
                                                    atEOF: file.atEOF, maxRecords: limit)
            while boundary == file.start && !file.atEOF {
                try file.fill(minimum: max(chunkSize, (file.end - file.start) * 2))
                boundary = tokenizer.recordBoundary(file.buffer, start: file.start, end: file.end,
                                                    atEOF: file.atEOF, maxRecords: limit)
            }
            if boundary == file.start {
                if rowsRead == 0 { throw DataError.noDataRows(source: source, columns: header) }
                return nil
            }
            let p = file.buffer, start = file.start
            if let bad = firstInvalidUTF8(p + start, count: boundary - start) {
                throw DataError.invalidUTF8(source: source, line: lineNumber(p, from: start, to: start + bad, startLine: line),
                                            byteOffset: file.byteBase + start + bad)
            }
            let out = try builder.read(p, start: start, end: boundary, startLine: line, rowOffset: rowsRead,
                                       types: columnTypes)
            file.start = boundary
            line = out.endLine
            if out.rows == 0 { continue }  // only blank lines
            for (c, column) in out.columns.enumerated() where columnTypes[c] == nil { columnTypes[c] = column.type }
            var table = Table(unchecked: out.columns, source: source,
                              warnings: (rowsRead == 0 ? headerWarnings : []) + out.warnings,
                              rowLines: out.lines, rowOffset: rowsRead)
            table.format = format
            rowsRead += out.rows
            return table
        }
    }
}
