extension ScanContext {
    /// Header words of a space-aligned column holding ages.
    static let ageColumnHeaders: Set<String> = ["age", "age:", "yrs", "age(y)", "age_y"]
    /// Header words of a space-aligned column holding a person's initials (`E.V.`, `H.K.R.`, `JS`).
    static let initialsColumnHeaders: Set<String> = ["initials", "initials:", "inits", "pt_initials", "subj_initials"]
    /// Header words of a space-aligned column holding a staff member's initials (two or three capitals: `OH`, `LM`).
    static let staffColumnHeaders: Set<String> = ["rn", "md", "np", "staff", "nurse", "clinician", "by", "initials_staff"]
    /// Cells of two or three capitals that are answers, not initials.
    static let nonInitialCells: Set<String> = ["NA", "NO", "YES", "OK", "NEG", "POS", "ND", "NR", "UNK", "TBD", "DNR", "ICU", "ED", "OR"]

    /// Cells of a space-aligned table (columns separated by two or more spaces or a tab), typed by their header: a
    /// header line of three or more columns naming an age column (`age`, `age:`), an initials column (`initials`) or
    /// a staff column (`RN`, `MD`, `staff`), then the rows below it up to a blank line or a line with no column gap.
    /// In a row with as many columns as the header the cell in the same column is read; otherwise the words whose
    /// character columns overlap the header word. Ages of 90–125 (`90`, `104`), initials (`E.V.`, `G.Ö.`, `HKR`) and
    /// staff initials (`OH`, not `NA`/`YES`) are taken. Other numbers (`81`, an MMSE of `22`) are left alone.
    mutating func matchAlignedColumns() {
        // Cheap test first: a header needs two column gaps on one line; most texts have none.
        guard hasAlignedLine() else { return }
        let lines = Array(self.lines())
        var li = 0
        while li < lines.count {
            let (hs, he) = lines[li]
            li += 1
            guard columnGaps(hs, he) >= 2 else { continue }
            let header = columnGroups(hs, he)
            guard header.count >= 3 else { continue }
            var kinds: [(index: Int, kind: PHIType, staff: Bool)] = []
            for (g, group) in header.enumerated() where group.words.count == 1 {
                let w = String(decoding: UnsafeBufferPointer(rebasing: b[group.start..<group.end]), as: UTF8.self).lowercased()
                if ScanContext.ageColumnHeaders.contains(w) { kinds.append((g, .age, false)) }
                else if ScanContext.initialsColumnHeaders.contains(w) { kinds.append((g, .name, false)) }
                else if ScanContext.staffColumnHeaders.contains(w) { kinds.append((g, .name, true)) }
            }
            guard !kinds.isEmpty else { continue }
            var rows = 0
            while li < lines.count, rows < 60 {
                let (rs, re) = lines[li]
                let row = columnGroups(rs, re)
                guard row.count >= 2 else { break }
                for (g, kind, staff) in kinds {
                    // Candidate cells: the same column when the counts agree, else the words under the header word.
                    var cells: [(start: Int, end: Int)] = []
                    if row.count == header.count {
                        cells = [(row[g].start, row[g].end)]
                    } else {
                        let c0 = header[g].column, c1 = header[g].column + header[g].width
                        for grp in row { for w in grp.words where w.column < c1 && w.column + w.width > c0 { cells.append((w.start, w.end)) } }
                    }
                    for cell in cells {
                        let ok = kind == .age ? isAgeCell(cell.start, cell.end)
                            : staff ? isStaffInitialsCell(cell.start, cell.end) : isInitialsCell(cell.start, cell.end)
                        if ok { add(kind, bytes: cell.start, cell.end) }
                    }
                }
                rows += 1
                li += 1
            }
        }
    }

    /// Whether some line of the text has two column gaps (two or more spaces, or a tab, between words).
    private func hasAlignedLine() -> Bool {
        for (s, e) in lines() where columnGaps(s, e) >= 2 { return true }
        return false
    }

    /// The number of column gaps (two or more spaces, or a tab, after a word) in bytes `s..<e`.
    private func columnGaps(_ s: Int, _ e: Int) -> Int {
        var gaps = 0, run = 0, seenWord = false
        for k in s..<e {
            let c = b[k]
            if c == 0x20 || c == 0x09 {
                run += c == 0x09 ? 2 : 1
            } else {
                if seenWord && run >= 2 { gaps += 1 }
                seenWord = true
                run = 0
            }
        }
        return gaps
    }

    /// A column of an aligned line: its byte range, character column and width, and its space-separated words.
    private struct ColumnGroup {
        var start: Int, end: Int, column: Int, width: Int
        var words: [(start: Int, end: Int, column: Int, width: Int)]
    }

    /// The columns of line `s..<e`: runs of words separated by single spaces, split at two or more spaces or a tab.
    /// Columns count characters (UTF-8 continuation bytes take no column).
    private func columnGroups(_ s: Int, _ e: Int) -> [ColumnGroup] {
        var groups: [ColumnGroup] = []
        var col = 0, k = s, gap = 2  // a gap of 2 before the first word starts a group
        while k < e {
            let c = b[k]
            if c == 0x20 || c == 0x09 {
                gap += c == 0x09 ? 2 : 1
                col += 1
                k += 1
                continue
            }
            let ws = k, wc = col
            while k < e, b[k] != 0x20, b[k] != 0x09 {
                if b[k] & 0xC0 != 0x80 { col += 1 }
                k += 1
            }
            let word = (start: ws, end: k, column: wc, width: col - wc)
            if gap >= 2 || groups.isEmpty {
                groups.append(ColumnGroup(start: ws, end: k, column: wc, width: col - wc, words: [word]))
            } else {
                groups[groups.count - 1].end = k
                groups[groups.count - 1].width = col - groups[groups.count - 1].column
                groups[groups.count - 1].words.append(word)
            }
            gap = 0
        }
        return groups
    }

    /// Whether bytes `s..<e` are an age of 90–125 in two or three digits.
    func isAgeCell(_ s: Int, _ e: Int) -> Bool { PHIScanner.isAgeOver89(b, s, e) }

    /// Whether bytes `s..<e` are dotted initials (`E.V.`, `H.K.R.`, `G.Ö.`: one to four letters, each followed by
    /// a dot) or two or three capitals (`HKR`).
    func isInitialsCell(_ s: Int, _ e: Int) -> Bool {
        if isStaffInitialsCell(s, e) { return true }
        var k = s, letters = 0
        while k < e {
            let c = b[k]
            if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A { k += 1 }
            else if c >= 0xC0 { k += 1; while k < e, b[k] & 0xC0 == 0x80 { k += 1 } }
            else { return false }
            guard k < e, b[k] == 0x2E else { return false }
            k += 1
            letters += 1
        }
        return letters >= 1 && letters <= 4
    }

    /// Whether bytes `s..<e` are two or three ASCII capitals that are no answer word (`OH`, `LM`; not `NA`, `YES`).
    func isStaffInitialsCell(_ s: Int, _ e: Int) -> Bool {
        guard e - s >= 2, e - s <= 3 else { return false }
        for k in s..<e where !(b[k] >= 0x41 && b[k] <= 0x5A) { return false }
        let w = String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
        return !ScanContext.nonInitialCells.contains(w)
    }
}
