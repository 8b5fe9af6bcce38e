/// Receives the fields of CSV records from `CSVTokenizer`.
///
/// Field bytes are valid only during the call (they may live in the tokenizer's scratch buffer).
protocol CSVRecordSink {
    /// Field number `column` (0-based) of the current record, unquoted and unescaped (and trimmed if asked).
    mutating func field(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool) throws
    /// The current record ended after `fieldCount` fields; it began on 1-based `line`.
    mutating func endRecord(fieldCount: Int, line: Int) throws
}

/// An RFC 4180 tokenizer over bytes: quoted fields, doubled quotes, delimiters and line breaks inside quotes,
/// and CRLF, LF or CR line endings. It is lenient where files in the wild are: a quote inside an unquoted field
/// is an ordinary character, text after a closing quote is appended to the field, and blank lines are skipped.
struct CSVTokenizer {
    static let quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20, tab: UInt8 = 0x09

    let delimiter: UInt8
    let trim: Bool
    /// Where unescaped quoted fields are assembled.
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int

    init(delimiter: UInt8, trim: Bool) {
        self.delimiter = delimiter
        self.trim = trim
        scratchCapacity = 256
        scratch = .allocate(capacity: scratchCapacity)
    }

    /// Frees the scratch buffer; call once when done.
    func release() { scratch.deallocate() }

    @inline(__always) private func isSpace(_ b: UInt8) -> Bool {
        b == CSVTokenizer.space || (b == CSVTokenizer.tab && delimiter != CSVTokenizer.tab)
    }

    private mutating func ensureScratch(_ n: Int) {
        if n <= scratchCapacity { return }
        var c = scratchCapacity
        while c < n { c *= 2 }
        scratch.deallocate()
        scratch = .allocate(capacity: c)
        scratchCapacity = c
    }

    /// Tokenizes complete records in `p[start..<end]`, stopping after `maxRecords` records.
    ///
    /// The range must end at a record boundary or at the end of the input (see `recordBoundary`).
    /// - Parameters:
    ///   - line: the 1-based line at `start`; advanced past every line break consumed.
    ///   - records: incremented for each record passed to the sink (blank lines are not records).
    /// - Returns: the offset after the last record consumed.
    /// - Throws: `DataError.unterminatedQuote` (with `source`) or whatever the sink throws.
    mutating func tokenize<S: CSVRecordSink>(_ p: UnsafePointer<UInt8>, start: Int, end: Int, maxRecords: Int,
                                             line: inout Int, records: inout Int, source: String,
                                             sink: inout S) throws -> Int {
        let delim = delimiter, quote = CSVTokenizer.quote, lf = CSVTokenizer.lf, cr = CSVTokenizer.cr
        var i = start
        var taken = 0
        while i < end && taken < maxRecords {
            let first = p[i]
            if first == lf { line += 1; i += 1; continue }
            if first == cr {
                line += 1; i += 1
                if i < end && p[i] == lf { i += 1 }
                continue
            }
            let recordLine = line
            var column = 0
            while true {
                // One field starting at i (i may equal end after a trailing delimiter: an empty last field).
                var j = i
                if trim { while j < end && isSpace(p[j]) { j += 1 } }
                if j < end && p[j] == quote {
                    j += 1
                    let contentStart = j
                    var escaped = false
                    while true {
                        while j < end {
                            let b = p[j]
                            if b == quote { break }
                            if b == lf { line += 1 } else if b == cr, !(j + 1 < end && p[j + 1] == lf) { line += 1 }
                            j += 1
                        }
                        if j >= end { throw DataError.unterminatedQuote(source: source, line: recordLine) }
                        if j + 1 < end && p[j + 1] == quote { escaped = true; j += 2; continue }
                        break
                    }
                    let contentEnd = j
                    j += 1
                    var k = j
                    while k < end && isSpace(p[k]) { k += 1 }
                    if k >= end || p[k] == delim || p[k] == lf || p[k] == cr {
                        if escaped {
                            let n = unescape(p, contentStart, contentEnd, into: 0)
                            try sink.field(column, UnsafeBufferPointer(start: scratch, count: n), quoted: true)
                        } else {
                            try sink.field(column, UnsafeBufferPointer(start: p + contentStart,
                                                                       count: contentEnd - contentStart), quoted: true)
                        }
                        i = k
                    } else {
                        // Text after the closing quote: keep it, literally, up to the delimiter.
                        var m = k
                        while m < end && p[m] != delim && p[m] != lf && p[m] != cr { m += 1 }
                        var tailEnd = m
                        if trim { while tailEnd > j && isSpace(p[tailEnd - 1]) { tailEnd -= 1 } }
                        var n = unescape(p, contentStart, contentEnd, into: 0)
                        ensureScratch(n + tailEnd - j)
                        (scratch + n).update(from: p + j, count: tailEnd - j)
                        n += tailEnd - j
                        try sink.field(column, UnsafeBufferPointer(start: scratch, count: n), quoted: true)
                        i = m
                    }
                } else {
                    var k = i
                    while k < end {
                        let b = p[k]
                        if b == delim || b == lf || b == cr { break }
                        k += 1
                    }
                    var s = i, e = k
                    if trim {
                        while s < e && isSpace(p[s]) { s += 1 }
                        while e > s && isSpace(p[e - 1]) { e -= 1 }
                    }
                    try sink.field(column, UnsafeBufferPointer(start: p + s, count: e - s), quoted: false)
                    i = k
                }
                column += 1
                if i >= end {
                    try sink.endRecord(fieldCount: column, line: recordLine)
                    break
                }
                let b = p[i]
                if b == delim { i += 1; continue }
                i += 1
                if b == cr, i < end, p[i] == lf { i += 1 }
                line += 1
                try sink.endRecord(fieldCount: column, line: recordLine)
                break
            }
            taken += 1
            records += 1
        }
        return i
    }

    /// Copies `p[from..<to]` into the scratch buffer at `offset`, turning doubled quotes into single ones.
    /// - Returns: the number of bytes in the scratch buffer after the copy.
    private mutating func unescape(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int, into offset: Int) -> Int {
        ensureScratch(offset + to - from)
        var o = offset, j = from
        while j < to {
            let b = p[j]
            scratch[o] = b
            o += 1
            j += (b == CSVTokenizer.quote && j + 1 < to && p[j + 1] == CSVTokenizer.quote) ? 2 : 1
        }
        return o
    }

    /// Finds where complete records end in `p[start..<end]`, following the same quoting rules as `tokenize`.
    ///
    /// - Parameters:
    ///   - atEOF: whether `end` is the end of the input (then a final record without a line break is complete).
    ///   - maxRecords: stop after this many line breaks outside quotes (blank lines count; batches may be a little
    ///     smaller than asked).
    /// - Returns: the offset after the last complete record, or `start` when none is complete.
    func recordBoundary(_ p: UnsafePointer<UInt8>, start: Int, end: Int, atEOF: Bool, maxRecords: Int) -> Int {
        let delim = delimiter, quote = CSVTokenizer.quote, lf = CSVTokenizer.lf, cr = CSVTokenizer.cr
        var i = start
        var boundary = start
        var count = 0
        var fieldStart = true
        var inQuotes = false
        while i < end {
            let b = p[i]
            if inQuotes {
                if b == quote {
                    if i + 1 >= end {
                        if !atEOF { return boundary }
                        inQuotes = false
                    } else if p[i + 1] == quote {
                        i += 1
                    } else {
                        inQuotes = false
                    }
                }
            } else if b == lf || b == cr {
                var next = i + 1
                if b == cr {
                    if next >= end && !atEOF { return boundary }
                    if next < end && p[next] == lf { next += 1 }
                }
                boundary = next
                count += 1
                fieldStart = true
                if count >= maxRecords { return boundary }
                i = next
                continue
            } else if b == delim {
                fieldStart = true
            } else if b == quote && fieldStart {
                inQuotes = true
                fieldStart = false
            } else if !(trim && isSpace(b)) {
                fieldStart = false
            }
            i += 1
        }
        if atEOF && !inQuotes { return end }
        if atEOF && inQuotes { return end }  // tokenize reports the unterminated quote
        return boundary
    }
}

/// Detects the delimiter of a CSV text from its first lines: the candidate (comma, semicolon, tab, pipe) that
/// appears outside quotes the same non-zero number of times on the most lines, preferring more occurrences and
/// then the order listed. Falls back to comma (one-column files).
func detectDelimiter(_ p: UnsafePointer<UInt8>, count: Int) -> UInt8 {
    let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]
    let limit = min(count, 1 << 16)
    var perLine: [[Int]] = []
    var current = [Int](repeating: 0, count: candidates.count)
    var inQuotes = false
    var i = 0
    while i < limit && perLine.count < 20 {
        let b = p[i]
        if b == 0x22 {
            inQuotes.toggle()
        } else if !inQuotes {
            if b == 0x0A || b == 0x0D {
                if current.contains(where: { $0 > 0 }) || !perLine.isEmpty { perLine.append(current) }
                current = [Int](repeating: 0, count: candidates.count)
                if b == 0x0D, i + 1 < limit, p[i + 1] == 0x0A { i += 1 }
            } else if let k = candidates.firstIndex(of: b) {
                current[k] += 1
            }
        }
        i += 1
    }
    if current.contains(where: { $0 > 0 }) { perLine.append(current) }
    guard let header = perLine.first else { return 0x2C }
    var best: (score: Int, count: Int, index: Int)?
    for k in candidates.indices where header[k] > 0 {
        let consistent = perLine.reduce(0) { $0 + ($1[k] == header[k] ? 1 : 0) }
        let cand = (score: consistent, count: header[k], index: k)
        if let b = best {
            if cand.score > b.score || (cand.score == b.score && cand.count > b.count) { best = cand }
        } else {
            best = cand
        }
    }
    return best.map { candidates[$0.index] } ?? 0x2C
}
