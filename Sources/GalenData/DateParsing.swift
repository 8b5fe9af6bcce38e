/// Date parsing and formatting for date columns. Dates are stored as days since 1970-01-01T00:00Z (a Double,
/// fractional when a time of day is given). Times without an offset are taken as UTC wall-clock time.
///
/// Families (one per column): ISO 8601 `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH:MM|±HHMM]`, `YYYY/MM/DD[ time]`,
/// numeric day/month/year with `/`, `.` or `-` and a four-digit year (`DD/MM/YYYY` or `MM/DD/YYYY`, decided per
/// column), and day–month-name–year (`01-Mar-2024`, `01 Mar 2024`, `01MAR2024`, full month names too).
public enum DateParsing {
    /// How one value was written.
    enum Family: Equatable {
        case iso, ymdSlash, numericDMYorMDY, monthName
    }

    /// One parsed value before the column-wide day/month order is known.
    struct Parsed {
        var family: Family
        var year: Int, first: Int, second: Int      // numericDMYorMDY: first/second are the two leading parts
        var seconds: Double                          // time of day minus offset, seconds
    }

    private static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                                     "september", "october", "november", "december"]

    /// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date of a day count from 1970-01-01.
    public static func civil(days z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// ISO 8601 text for a day count: `YYYY-MM-DD`, with `THH:MM:SSZ` when there is a time of day.
    public static func format(days: Double) -> String {
        guard days.isFinite else { return "" }
        guard abs(days) < 3_000_000 else { return formatNumber(days) }   // beyond ±8000 years: not a calendar date
        let whole = Int(days.rounded(.down))
        let (y, m, d) = civil(days: whole)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let yearText = y >= 0 && y < 10000 ? String(repeating: "0", count: max(0, 4 - String(y).count)) + String(y) : String(y)
        var s = "\(yearText)-\(two(m))-\(two(d))"
        let secs = Int(((days - Double(whole)) * 86_400).rounded())
        if secs > 0 && secs < 86_400 {
            s += "T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
        }
        return s
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses one value into its family and parts, or nil when it is not a date in a supported form.
    static func parse(_ text: String) -> Parsed? {
        let b = Array(text.utf8)
        var i = 0
        func number(maxDigits: Int) -> (value: Int, digits: Int)? {
            var v = 0, k = 0
            while i < b.count, k < maxDigits, b[i] >= 0x30, b[i] <= 0x39 { v = v * 10 + Int(b[i] - 0x30); i += 1; k += 1 }
            return k == 0 ? nil : (v, k)
        }
        guard let a = number(maxDigits: 4) else { return nil }
        var parsed: Parsed
        if a.digits == 4 {
            // YYYY-MM-DD or YYYY/MM/DD
            guard i < b.count, b[i] == 0x2D || b[i] == 0x2F else { return nil }
            let sep = b[i]; i += 1
            guard let m = number(maxDigits: 2), i < b.count, b[i] == sep else { return nil }
            i += 1
            guard let d = number(maxDigits: 2) else { return nil }
            parsed = Parsed(family: sep == 0x2D ? .iso : .ymdSlash, year: a.value, first: m.value, second: d.value, seconds: 0)
            guard (1...12).contains(m.value), d.value >= 1, d.value <= daysInMonth(a.value, m.value) else { return nil }
        } else if a.digits <= 2, i < b.count, b[i] == 0x2F || b[i] == 0x2E || b[i] == 0x2D,
                  i + 1 < b.count, b[i + 1] >= 0x30, b[i + 1] <= 0x39 {
            let sep = b[i]; i += 1
            guard let m = number(maxDigits: 2), m.digits <= 2, i < b.count, b[i] == sep else { return nil }
            i += 1
            guard let y = number(maxDigits: 4), y.digits == 4 else { return nil }
            guard a.value >= 1, m.value >= 1, a.value <= 31, m.value <= 31 else { return nil }
            parsed = Parsed(family: .numericDMYorMDY, year: y.value, first: a.value, second: m.value, seconds: 0)
        } else if a.digits <= 2 {
            // DD-Mon-YYYY, DD Mon YYYY, DDMonYYYY
            var sep: UInt8?
            if i < b.count, b[i] == 0x2D || b[i] == 0x20 || b[i] == 0x2F { sep = b[i]; i += 1 }
            let start = i
            while i < b.count, (b[i] | 0x20) >= 0x61, (b[i] | 0x20) <= 0x7A { i += 1 }
            let word = String(decoding: b[start..<i].map { $0 | 0x20 }, as: UTF8.self)
            guard word.count >= 3,
                  let month = monthNames.firstIndex(where: { $0 == word || (word.count == 3 && $0.hasPrefix(word)) })
            else { return nil }
            if let sep { guard i < b.count, b[i] == sep else { return nil }; i += 1 }
            guard let y = number(maxDigits: 4), y.digits == 4 else { return nil }
            guard a.value >= 1, a.value <= daysInMonth(y.value, month + 1) else { return nil }
            parsed = Parsed(family: .monthName, year: y.value, first: month + 1, second: a.value, seconds: 0)
        } else {
            return nil
        }
        if i == b.count { return parsed }
        // Optional time of day.
        guard b[i] == 0x54 || b[i] == 0x20 else { return nil }
        i += 1
        guard let hh = number(maxDigits: 2), hh.digits == 2, i < b.count, b[i] == 0x3A else { return nil }
        i += 1
        guard let mm = number(maxDigits: 2), mm.digits == 2 else { return nil }
        var seconds = Double(hh.value * 3600 + mm.value * 60)
        guard hh.value < 24, mm.value < 60 else { return nil }
        if i < b.count, b[i] == 0x3A {
            i += 1
            guard let ss = number(maxDigits: 2), ss.digits == 2, ss.value <= 60 else { return nil }
            seconds += Double(ss.value)
            if i < b.count, b[i] == 0x2E || b[i] == 0x2C {
                i += 1
                var scale = 0.1, frac = 0.0, k = 0
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { frac += Double(b[i] - 0x30) * scale; scale /= 10; i += 1; k += 1 }
                guard k > 0 else { return nil }
                seconds += frac
            }
        }
        if i < b.count {
            if b[i] == 0x5A || b[i] == 0x7A { i += 1 } else if b[i] == 0x2B || b[i] == 0x2D {
                let sign = b[i] == 0x2D ? -1.0 : 1.0
                i += 1
                guard let oh = number(maxDigits: 2), oh.digits == 2 else { return nil }
                if i < b.count, b[i] == 0x3A { i += 1 }
                guard let om = number(maxDigits: 2), om.digits == 2 else { return nil }
                seconds -= sign * Double(oh.value * 3600 + om.value * 60)
            }
        }
        guard i == b.count else { return nil }
        parsed.seconds = seconds
        return parsed
    }

    /// Days since 1970-01-01 for a parsed value, given the column's day/month order for numeric forms.
    static func days(_ p: Parsed, dayFirst: Bool) -> Double? {
        let month: Int, day: Int
        switch p.family {
        case .iso, .ymdSlash, .monthName: month = p.first; day = p.second
        case .numericDMYorMDY:
            if dayFirst { day = p.first; month = p.second } else { month = p.first; day = p.second }
        }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(p.year, month) else { return nil }
        return Double(days(year: p.year, month: month, day: day)) + p.seconds / 86_400
    }

    /// Parses a whole column's distinct values as dates, when every one is a date of one family.
    /// - Returns: days for each value (nil entries could not be read with the column's order), whether day-first
    ///   order was used (nil when no value was ambiguous in form), and whether that order was a guess.
    static func parseColumn(_ values: [String], dayFirst preferred: Bool?) -> (days: [Double?], dayFirst: Bool?, guessed: Bool)? {
        var parsed: [Parsed] = []
        parsed.reserveCapacity(values.count)
        var family: Family?
        for v in values {
            guard let p = parse(v) else { return nil }
            if let f = family, f != p.family { return nil }
            family = p.family
            parsed.append(p)
        }
        guard let family else { return nil }
        var dayFirst: Bool? = nil
        var guessed = false
        if family == .numericDMYorMDY {
            let firstOver12 = parsed.contains { $0.first > 12 }
            let secondOver12 = parsed.contains { $0.second > 12 }
            if firstOver12 && secondOver12 { return nil }
            if firstOver12 { dayFirst = true } else if secondOver12 { dayFirst = false } else {
                dayFirst = preferred ?? false
                guessed = preferred == nil
            }
        }
        let result = parsed.map { DateParsing.days($0, dayFirst: dayFirst ?? false) }
        if result.contains(where: { $0 == nil }) { return nil }
        return (result, dayFirst, guessed)
    }

    /// Parses one value as a date in a known column order (for values met after the column's type was fixed).
    static func parseValue(_ text: String, dayFirst: Bool?) -> Double? {
        guard let p = parse(text) else { return nil }
        return days(p, dayFirst: dayFirst ?? false)
    }
}
