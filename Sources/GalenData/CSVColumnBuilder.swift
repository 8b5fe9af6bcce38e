/// Builds typed columns from complete CSV records in a byte range: a first pass parses numbers where possible
/// and interns text for columns declared non-numeric; a second pass, only when needed, interns the text of
/// columns that turned out not to be numeric. Shared by `CSVReader` and `CSVBatchReader`.
struct CSVColumnBuilder {
    let header: [String]
    let options: CSVReadOptions
    let delimiter: UInt8
    let decimalComma: Bool
    let source: String
    let matcher: MissingTokenMatcher

    init(header: [String], options: CSVReadOptions, delimiter: UInt8, decimalComma: Bool, source: String) {
        self.header = header
        self.options = options
        self.delimiter = delimiter
        self.decimalComma = decimalComma
        self.source = source
        self.matcher = MissingTokenMatcher(options.missingTokens)
    }

    /// Result of reading one range.
    struct Output {
        var columns: [Column]
        var lines: [Int32]
        var warnings: [DataWarning]
        /// The 1-based line at `end`.
        var endLine: Int
        var rows: Int { lines.count }
    }

    private func runPass(_ p: UnsafePointer<UInt8>, start: Int, end: Int, startLine: Int, modes: [CollectMode],
                         estimatedRows: Int) throws -> (sink: ColumnSink, endLine: Int) {
        var tokenizer = CSVTokenizer(delimiter: delimiter, trim: options.trimWhitespace)
        defer { tokenizer.release() }
        var sink = ColumnSink(modes: modes, matcher: matcher, decimalComma: decimalComma, source: source,
                              exampleLimit: max(0, options.warningsPerColumn), estimatedRows: estimatedRows)
        var line = startLine
        var records = 0
        do {
            _ = try tokenizer.tokenize(p, start: start, end: end, maxRecords: Int.max, line: &line,
                                       records: &records, source: source, sink: &sink)
        } catch {
            sink.release()
            throw error
        }
        return (sink, line)
    }

    /// Reads the complete records in `p[start..<end]`.
    /// - Parameters:
    ///   - startLine: the 1-based file line at `start`.
    ///   - rowOffset: how many data rows of the file precede `start` (for row numbers in warnings).
    ///   - types: a type per column, nil to infer.
    /// - Throws: `DataError.raggedRow`, `DataError.unterminatedQuote`.
    func read(_ p: UnsafePointer<UInt8>, start: Int, end: Int, startLine: Int, rowOffset: Int,
              types: [ColumnType?]) throws -> Output {
        let n = header.count
        let estimated = min((end - start) / max(1, 2 * n) + 16, (end - start) / max(1, firstLineLength(p, start, end)) * 5 / 4 + 16)
        let modes1: [CollectMode] = (0..<n).map { c in
            let t = types[c]
            return t == nil || t == .numeric ? .number : .text
        }
        let (pass1, endLine) = try runPass(p, start: start, end: end, startLine: startLine, modes: modes1, estimatedRows: estimated)
        defer { pass1.release() }
        let rows = pass1.rows
        let lines = pass1.lineArray()
        let places = TypeInference.RowPlaces(rowOffset: rowOffset, lines: lines, rowNumbers: nil)
        let limit = max(0, options.warningsPerColumn)

        // Decide which number-mode columns are numeric.
        var needsText = [Bool](repeating: false, count: n)
        for c in 0..<n where modes1[c] == .number {
            let notes = pass1.notes[c]
            let present = rows - pass1.missing[c]
            if notes.nonNumeric == 0 || types[c] == .numeric { continue }
            let numbers = present - notes.nonNumeric
            if Double(numbers) >= options.numericThreshold * Double(present) { continue }
            let fewMarkers = !notes.tooManyTokens && notes.nonNumericTokens.count <= 2
                && numbers * 2 >= present
                && !notes.nonNumericTokens.contains(where: { BooleanTokens.isWord($0) || DateParsing.parse($0) != nil })
            if fewMarkers { continue }
            needsText[c] = true
        }
        var pass2: ColumnSink?
        if needsText.contains(true) {
            let modes2: [CollectMode] = needsText.map { $0 ? .text : .skip }
            pass2 = try runPass(p, start: start, end: end, startLine: startLine, modes: modes2, estimatedRows: rows + 1).sink
        }
        defer { pass2?.release() }

        var columns: [Column] = []
        columns.reserveCapacity(n)
        var warnings: [DataWarning] = []
        for c in 0..<n {
            let name = header[c]
            if modes1[c] == .number && !needsText[c] {
                let notes = pass1.notes[c]
                columns.append(Column(name: name, values: .numeric(pass1.takeNumbers(c))))
                warnings += cellWarnings(name: name, examples: notes.nonNumericExamples, total: notes.nonNumeric,
                                         lines: lines, places: places, kind: .typeMismatch, what: "a number", limit: limit)
                warnings += cellWarnings(name: name, examples: notes.infiniteExamples, total: notes.infinite,
                                         lines: lines, places: places, kind: .nonFiniteValue, what: "a finite number", limit: limit)
                if rows > 0 && pass1.missing[c] + notes.nonNumeric + notes.infinite == rows && pass1.missing[c] < rows {
                    warnings.append(DataWarning(kind: .allMissingColumn, column: name,
                                                message: "no value in this column could be read as a number"))
                } else if rows > 0 && pass1.missing[c] == rows {
                    warnings.append(DataWarning(kind: .allMissingColumn, column: name,
                                                message: "every value in this column is missing"))
                }
                continue
            }
            let sink = needsText[c] ? pass2! : pass1
            let codes = sink.takeCodes(c)
            let levels = sink.notes[c].interner!.strings()
            let (column, w): (Column, [DataWarning])
            if let t = types[c] {
                (column, w) = TypeInference.convertText(name: name, codes: codes, levels: levels, to: t,
                                                        dayFirst: options.dayFirst, decimalComma: decimalComma,
                                                        places: places, limit: limit)
            } else {
                (column, w) = TypeInference.classify(name: name, codes: codes, levels: levels,
                                                     dayFirst: options.dayFirst, places: places)
            }
            columns.append(column)
            warnings += w
            if rows > 0 && sink.missing[c] == rows {
                warnings.append(DataWarning(kind: .allMissingColumn, column: name, message: "every value in this column is missing"))
            }
        }
        return Output(columns: columns, lines: lines, warnings: warnings, endLine: endLine)
    }

    private func firstLineLength(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        let stop = min(end, start + 1 << 16)
        while i < stop && p[i] != 0x0A && p[i] != 0x0D { i += 1 }
        return max(1, i - start + 1)
    }

    private func cellWarnings(name: String, examples: [CellExample], total: Int, lines: [Int32],
                              places: TypeInference.RowPlaces, kind: DataWarning.Kind, what: String,
                              limit: Int) -> [DataWarning] {
        guard total > 0 else { return [] }
        var out = examples.prefix(limit).map { e in
            DataWarning(kind: kind, column: name, row: places.row(e.row), line: Int(lines[e.row]),
                        message: "a value that is not \(what) (not shown, to keep patient data out of logs); read as missing")
        }
        if total > out.count {
            out.append(DataWarning(kind: kind, column: name,
                                   message: "\(total - out.count) more value(s) in this column are not \(what) (\(total) in all); read as missing"))
        }
        return out
    }
}
