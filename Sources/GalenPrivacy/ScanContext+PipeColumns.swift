extension ScanContext {
    /// Cells of a pipe-delimited table (`| screen # | initials | age | result |`, as Markdown and many exports write
    /// them), typed by their header as in `matchAlignedColumns`: a header line of three or more `|`-separated cells
    /// naming an age column (`age`), an initials column (`initials`) or a staff column (`RN`, `staff`), then the rows
    /// below it with the same number of cells, up to a line with another count (a `|---|---|` rule line is skipped).
    /// Ages of 90–125, dotted initials or two or three capitals (`B.K.`, `T.Ø.`, `HY`) and staff initials (`OH`, not
    /// `NA`/`YES`) are taken; other numbers (`71`, `eGFR 22`) and other columns are left alone.
    mutating func matchPipeColumns() {
        // Cheap test first: a header needs three `|` on one line.
        var bars = 0
        for c in b where c == 0x7C { bars += 1 }
        guard bars >= 3 else { return }
        var header: (count: Int, kinds: [(index: Int, kind: PHIType, staff: Bool)])? = nil
        for (s, e) in lines() {
            let cells = pipeCells(s, e)
            if let h = header, cells.count == h.count {
                if cells.allSatisfy({ isRuleCell($0.start, $0.end) }) { continue }
                for (g, kind, staff) in h.kinds {
                    let cell = cells[g]
                    let ok = kind == .age ? isAgeCell(cell.start, cell.end)
                        : staff ? isStaffInitialsCell(cell.start, cell.end) : isInitialsCell(cell.start, cell.end)
                    if ok { add(kind, bytes: cell.start, cell.end) }
                }
                continue
            }
            header = nil
            guard cells.count >= 3 else { continue }
            var kinds: [(index: Int, kind: PHIType, staff: Bool)] = []
            for (g, cell) in cells.enumerated() where cell.end > cell.start && cell.end - cell.start <= 16 {
                let w = String(decoding: UnsafeBufferPointer(rebasing: b[cell.start..<cell.end]), as: UTF8.self).lowercased()
                if ScanContext.ageColumnHeaders.contains(w) { kinds.append((g, .age, false)) }
                else if ScanContext.initialsColumnHeaders.contains(w) { kinds.append((g, .name, false)) }
                else if ScanContext.staffColumnHeaders.contains(w) { kinds.append((g, .name, true)) }
            }
            if !kinds.isEmpty { header = (cells.count, kinds) }
        }
    }

    /// The cells of line `s..<e` split at `|` (the text before a leading and after a trailing `|` is no cell), each
    /// trimmed of spaces, tabs and `\r`; empty when the line has fewer than two `|`.
    private func pipeCells(_ s: Int, _ e: Int) -> [(start: Int, end: Int)] {
        var bars: [Int] = []
        for k in s..<e where b[k] == 0x7C { bars.append(k) }
        guard bars.count >= 2 else { return [] }
        var bounds = bars
        // A row may leave out the outer bars (`a | b | c`): the text before the first and after the last is a cell then.
        if (s..<bars[0]).contains(where: { !isBlank(b[$0]) }) { bounds.insert(s - 1, at: 0) }
        if ((bars[bars.count - 1] + 1)..<e).contains(where: { !isBlank(b[$0]) }) { bounds.append(e) }
        var cells: [(start: Int, end: Int)] = []
        for j in 0..<(bounds.count - 1) {
            var a = bounds[j] + 1, z = bounds[j + 1]
            while a < z, isBlank(b[a]) { a += 1 }
            while z > a, isBlank(b[z - 1]) { z -= 1 }
            cells.append((a, z))
        }
        return cells
    }

    private func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }

    /// Whether a cell is part of a rule line (`---`, `:--:`) or empty.
    private func isRuleCell(_ s: Int, _ e: Int) -> Bool {
        (s..<e).allSatisfy { b[$0] == 0x2D || b[$0] == 0x3A || b[$0] == 0x3D || b[$0] == 0x2B }
    }
}
