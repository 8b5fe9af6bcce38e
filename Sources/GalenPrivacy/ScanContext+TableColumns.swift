extension ScanContext {
    /// Header words (lower case, split at `_`, `-`, spaces) that give a column's type, besides the cue words of
    /// `cueTypes` (`ssn_last4` → SSN, `plan_id` → HEALTHPLAN, `pt_name` → NAME).
    static let columnTypes: [String: PHIType] = [
        "name": .name, "firstname": .name, "lastname": .name, "surname": .name,
        "first": .name, "last": .name, "guarantor": .name, "provider": .name,
        "dob": .date, "birthdate": .date, "date": .date, "dt": .date, "admit": .date, "discharge": .date,
        "address": .location, "addr": .location, "street": .location, "city": .location, "town": .location,
        "email": .email, "ip": .ip, "url": .url,
    ]

    /// Header words that make a `name` column a thing's name (`test_name`, `drug_name`, `facility_name`).
    static let thingColumnWords: Set<String> = ["test", "drug", "med", "medication", "item", "lab", "product", "file",
                                                "device", "facility", "unit", "study", "panel", "component", "code"]

    /// Cells of a comma-separated table pasted into a note, typed by their column header: a header line of four or
    /// more short comma-separated names (letters, digits, `_`, `-`, `#`; no spaces), then the lines with the same number of cells
    /// (quotes respected). A cell is taken (a quoted one with its quotes) when a part of its header is a cue (`ssn_last4`, `plan_id`, `mrn`,
    /// `pt_name`, `dob`, `phone`); columns such as `sex`, `dx`, `visit_type` are left alone.
    mutating func matchTableColumns() {
        let n = b.count
        var header: [PHIType?]? = nil
        for (lineStart, lineEnd) in lines() {
            var commas = 0
            for k in lineStart..<lineEnd where b[k] == 0x2C { commas += 1 }
            // Cheap test first: a table line has three or more commas.
            let cells = commas >= 3 ? csvCells(lineStart, lineEnd) : []
            if let h = header, cells.count == h.count {
                for (c, cell) in cells.enumerated() {
                    guard let type = h[c], cell.end > cell.start else { continue }
                    // A quoted cell goes with its quotes (`"Rasmussen, Kirsten"`): nothing of the value is left.
                    let quoted = cell.start > 0 && cell.end < n && b[cell.start - 1] == 0x22 && b[cell.end] == 0x22
                    add(type, bytes: quoted ? cell.start - 1 : cell.start, quoted ? cell.end + 1 : cell.end)
                }
            } else {
                header = cells.count >= 4 ? headerTypes(cells) : nil
            }
        }
    }

    /// The cells of the line `start..<end` split at commas outside double quotes, each trimmed of spaces and
    /// quotes (byte ranges).
    private func csvCells(_ start: Int, _ end: Int) -> [(start: Int, end: Int)] {
        var cells: [(Int, Int)] = []
        var s = start, quoted = false, k = start
        func trimmed(_ a: Int, _ z: Int) -> (Int, Int) {
            var a = a, z = z
            while a < z, b[a] == 0x20 || b[a] == 0x22 || b[a] == 0x0D { a += 1 }
            while z > a, b[z - 1] == 0x20 || b[z - 1] == 0x22 || b[z - 1] == 0x0D { z -= 1 }
            return (a, z)
        }
        while k < end {
            if b[k] == 0x22 { quoted.toggle() } else if b[k] == 0x2C, !quoted { cells.append(trimmed(s, k)); s = k + 1 }
            k += 1
        }
        if cells.isEmpty { return [] }
        cells.append(trimmed(s, end))
        return cells.map { (start: $0.0, end: $0.1) }
    }

    /// The types of a header line's columns, or nil when the line is no header (a cell longer than 24 bytes, with
    /// a byte other than a letter, digit, `_`, `-` or `#`, or with no letter). Columns naming a thing rather than a
    /// person (`test_name`, `drug_name`) are not names.
    private func headerTypes(_ cells: [(start: Int, end: Int)]) -> [PHIType?]? {
        var types: [PHIType?] = []
        var any = false
        for cell in cells {
            guard cell.end > cell.start, cell.end - cell.start <= 24 else { return nil }
            var word: [UInt8] = [], parts: [String] = [], letters = 0
            for k in cell.start..<cell.end {
                let c = b[k]
                if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A { word.append(c | 0x20); letters += 1 }
                else if c >= 0x30 && c <= 0x39 { word.append(c) }
                else if c == 0x5F || c == 0x2D || c == 0x23 {
                    if !word.isEmpty { parts.append(String(decoding: word, as: UTF8.self)); word = [] }
                } else { return nil }
            }
            if !word.isEmpty { parts.append(String(decoding: word, as: UTF8.self)) }
            guard letters > 0 else { return nil }
            var type: PHIType? = nil
            for p in parts {
                let stem = String(p.prefix(while: { !$0.isNumber }))  // "last4" → "last"
                if let ty = ScanContext.cueTypes[stem], ty != .identifier || parts.count == 1 && stem != "id" { type = ty; break }
                if stem == "ssn" || stem == "ss" { type = .ssn; break }
            }
            if type == nil {
                let joined = parts.joined()
                type = ScanContext.columnTypes[joined] ?? parts.lazy.compactMap { ScanContext.columnTypes[$0] }.first
                if parts.contains("id"), type == nil, parts.count == 2, ["enc", "encounter", "visit", "claim", "case", "acct", "pt", "patient", "person"].contains(parts[0]) {
                    type = .identifier
                }
            }
            if type == .name, parts.contains(where: { ScanContext.thingColumnWords.contains($0) }) { type = nil }
            if type != nil { any = true }
            types.append(type)
        }
        return any ? types : nil
    }
}
