/// The lines of a scanned text as byte ranges without their line break, in order: the one walk over lines that the
/// line-based rules share (CSV tables, aligned and pipe columns, HL7 segments). A line ends at `\n` and a `\r` right
/// before it is dropped; with `breakingAtCarriageReturns` a `\r` ends a line too (HL7 v2 separates its segments with
/// `\r`, so `\r\n` then gives an empty line between). A text ending in a line break has an empty last line; an empty
/// text has one empty line. Allocates nothing.
struct TextLines: Sequence, IteratorProtocol {
    /// The text's UTF-8 bytes.
    let b: UnsafeBufferPointer<UInt8>
    /// Whether a lone `\r` ends a line.
    let breakingAtCarriageReturns: Bool
    private var start = 0
    private var done = false

    init(_ b: UnsafeBufferPointer<UInt8>, breakingAtCarriageReturns: Bool = false) {
        self.b = b
        self.breakingAtCarriageReturns = breakingAtCarriageReturns
    }

    /// The next line's byte range (`start..<end`), or nil after the last line.
    mutating func next() -> (start: Int, end: Int)? {
        guard !done else { return nil }
        var k = start
        while k < b.count, b[k] != 0x0A, !(breakingAtCarriageReturns && b[k] == 0x0D) { k += 1 }
        var e = k
        if !breakingAtCarriageReturns, e > start, b[e - 1] == 0x0D { e -= 1 }
        let line = (start: start, end: e)
        if k >= b.count { done = true } else { start = k + 1 }
        return line
    }
}

extension ScanContext {
    /// The lines of the scanned text (`TextLines`).
    func lines(breakingAtCarriageReturns: Bool = false) -> TextLines {
        TextLines(b, breakingAtCarriageReturns: breakingAtCarriageReturns)
    }
}
