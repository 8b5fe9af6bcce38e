/// One cell noted for a warning: its 0-based row within the parsed range, its file line and its text.
struct CellExample {
    var row: Int
    var line: Int
    var text: String
}

/// Per-column bookkeeping of the rare cases (text in number columns, infinities, interning of text columns).
final class ColumnNotes {
    var nonNumeric = 0
    var infinite = 0
    var nonNumericExamples: [CellExample] = []
    var infiniteExamples: [CellExample] = []
    /// Up to three distinct non-numeric spellings met in a number column (more → `tooManyTokens`).
    var nonNumericTokens: [String] = []
    var tooManyTokens = false
    /// Codes of text-mode columns.
    var interner: ByteInterner?
}

/// How the sink collects a column.
enum CollectMode: UInt8 {
    /// Parse as numbers (non-numbers counted and stored as NaN).
    case number = 0
    /// Intern the text into codes.
    case text = 1
    /// Ignore (already collected in another pass).
    case skip = 2
}

/// A `CSVRecordSink` that stores fields column by column in raw buffers: numbers for number-mode columns,
/// interned codes for text-mode columns. Checks that every record has the header's field count.
struct ColumnSink: CSVRecordSink {
    let columnCount: Int
    let modes: [CollectMode]
    let matcher: MissingTokenMatcher
    let decimalComma: Bool
    let source: String
    let exampleLimit: Int
    private(set) var rows = 0
    private var capacity: Int
    private(set) var numbers: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>
    private(set) var codes: UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>
    private(set) var missing: UnsafeMutablePointer<Int>
    private(set) var lines: UnsafeMutablePointer<Int32>
    private let modeBytes: UnsafeMutablePointer<UInt8>
    let notes: [ColumnNotes]

    init(modes: [CollectMode], matcher: MissingTokenMatcher, decimalComma: Bool, source: String,
         exampleLimit: Int, estimatedRows: Int) {
        columnCount = modes.count
        self.modes = modes
        self.matcher = matcher
        self.decimalComma = decimalComma
        self.source = source
        self.exampleLimit = exampleLimit
        capacity = max(16, estimatedRows)
        numbers = .allocate(capacity: max(1, modes.count))
        codes = .allocate(capacity: max(1, modes.count))
        missing = .allocate(capacity: max(1, modes.count))
        missing.initialize(repeating: 0, count: max(1, modes.count))
        modeBytes = .allocate(capacity: max(1, modes.count))
        lines = .allocate(capacity: capacity)
        for (c, m) in modes.enumerated() {
            modeBytes[c] = m.rawValue
            numbers[c] = m == .number ? .allocate(capacity: capacity) : nil
            codes[c] = m == .text ? .allocate(capacity: capacity) : nil
        }
        notes = modes.map { m in
            let n = ColumnNotes()
            if m == .text { n.interner = ByteInterner() }
            return n
        }
    }

    /// Frees the buffers; call once after taking the results.
    func release() {
        for c in 0..<columnCount {
            numbers[c]?.deallocate()
            codes[c]?.deallocate()
        }
        numbers.deallocate()
        codes.deallocate()
        missing.deallocate()
        modeBytes.deallocate()
        lines.deallocate()
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        for c in 0..<columnCount {
            if let old = numbers[c] {
                let p = UnsafeMutablePointer<Double>.allocate(capacity: newCapacity)
                p.moveInitialize(from: old, count: rows)
                old.deallocate()
                numbers[c] = p
            }
            if let old = codes[c] {
                let p = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
                p.moveInitialize(from: old, count: rows)
                old.deallocate()
                codes[c] = p
            }
        }
        let l = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        l.moveInitialize(from: lines, count: rows)
        lines.deallocate()
        lines = l
        capacity = newCapacity
    }

    @inline(__always)
    mutating func field(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool) throws {
        guard column < columnCount else { return }
        let mode = modeBytes[column]
        if mode == 0 {
            let out = numbers[column].unsafelyUnwrapped
            if matcher.isMissing(bytes) {
                out[rows] = .nan
                missing[column] += 1
            } else if let v = NumberParsing.parse(bytes.baseAddress!, bytes.count, decimalComma: decimalComma) {
                if v.isFinite { out[rows] = v } else {
                    out[rows] = .nan
                    noteInfinite(column, bytes)
                }
            } else {
                out[rows] = .nan
                noteNonNumeric(column, bytes)
            }
        } else if mode == 1 {
            let out = codes[column].unsafelyUnwrapped
            if matcher.isMissing(bytes) {
                out[rows] = -1
                missing[column] += 1
            } else {
                out[rows] = notes[column].interner!.code(bytes)
            }
        }
    }

    private func noteInfinite(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>) {
        let n = notes[column]
        n.infinite += 1
        if n.infiniteExamples.count < exampleLimit {
            n.infiniteExamples.append(CellExample(row: rows, line: -1, text: String(decoding: bytes, as: UTF8.self)))
        }
    }

    private func noteNonNumeric(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>) {
        let n = notes[column]
        n.nonNumeric += 1
        if n.nonNumericExamples.count < exampleLimit {
            n.nonNumericExamples.append(CellExample(row: rows, line: -1, text: String(decoding: bytes, as: UTF8.self)))
        }
        if !n.tooManyTokens {
            let s = String(decoding: bytes, as: UTF8.self)
            if !n.nonNumericTokens.contains(s) {
                if n.nonNumericTokens.count < 3 { n.nonNumericTokens.append(s) } else { n.tooManyTokens = true }
            }
        }
    }

    @inline(__always)
    mutating func endRecord(fieldCount: Int, line: Int) throws {
        if fieldCount != columnCount {
            throw DataError.raggedRow(source: source, line: line, expected: columnCount, actual: fieldCount)
        }
        lines[rows] = Int32(truncatingIfNeeded: line)
        rows += 1
        if rows == capacity { grow() }
    }

    /// The numbers collected for a number-mode column; frees the column's buffer (call once per column).
    func takeNumbers(_ c: Int) -> [Double] {
        let p = numbers[c]!
        let out = Array(UnsafeBufferPointer(start: p, count: rows))
        p.deallocate()
        numbers[c] = nil
        return out
    }

    /// The codes collected for a text-mode column; frees the column's buffer (call once per column).
    func takeCodes(_ c: Int) -> [Int32] {
        let p = codes[c]!
        let out = Array(UnsafeBufferPointer(start: p, count: rows))
        p.deallocate()
        codes[c] = nil
        return out
    }

    /// The start line of each record.
    func lineArray() -> [Int32] {
        Array(UnsafeBufferPointer(start: lines, count: rows))
    }
}

/// A sink that keeps the fields of the first record as Strings (the header).
struct HeaderSink: CSVRecordSink {
    var fields: [String] = []
    mutating func field(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool) throws {
        fields.append(String(decoding: bytes, as: UTF8.self))
    }
    mutating func endRecord(fieldCount: Int, line: Int) throws {}
}
