extension ScanContext {
    /// Month abbreviations of three letters, lower case, for dates written without separators.
    static let monthAbbreviations: Set<String> = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Dates in the compact forms of lab and pharmacy systems that the other date rules do not read: day, month
    /// abbreviation and year in one token (`23NOV26`, `7Jan2026`), and a date whose day is unknown (`UNK-NOV-2026`,
    /// `UK-Mar-2025`: `UNK`, `UK` or `XX`, a month abbreviation, a four-digit year). `NOV26` alone or `23NOVEMBER`
    /// stay (no day, or no year).
    mutating func matchCompactDates() {
        for i in t.indices where !claimed[i] && t[i].isWord && t[i].length >= 5 && t[i].length <= 9 {
            let bytes = Array(b[t[i].start..<t[i].end])
            if let d = ScanContext.compactDate(bytes), d { add(.date, tokens: i, i); continue }
            // "UNK-NOV" "-" "2026"
            guard t[i].digits == 0, i + 2 < t.count, isPunct(i + 1, 0x2D), adjacent(i), adjacent(i + 1), t[i + 2].isNumber,
                  t[i + 2].length == 4 else { continue }
            let parts = lower(i).split(separator: "-").map(String.init)
            guard parts.count == 2, ["unk", "uk", "xx", "un"].contains(parts[0]), ScanContext.monthAbbreviations.contains(parts[1]) else { continue }
            add(.date, tokens: i, i + 2)
        }
    }

    /// Whether `s` is day (1–31, one or two digits), a month abbreviation and a year of two or four digits with no
    /// separator (`23NOV26`); nil when it does not have that shape.
    static func compactDate(_ s: [UInt8]) -> Bool? {
        var k = 0, day = 0
        while k < s.count, k < 2, s[k] >= 0x30 && s[k] <= 0x39 { day = day * 10 + Int(s[k] - 0x30); k += 1 }
        guard k >= 1, day >= 1, day <= 31, k + 3 < s.count else { return nil }
        let month = String(decoding: s[k..<k + 3].map { $0 | 0x20 }, as: UTF8.self)
        guard monthAbbreviations.contains(month) else { return nil }
        let year = s[(k + 3)...]
        guard year.count == 2 || year.count == 4, year.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return true
    }
}
