extension ScanContext {
    static let ordinalSuffixes: Set<String> = ["st", "nd", "rd", "th"]
    static let shortDateCues: Set<String> = ["on", "since", "from", "until", "till", "by", "dated", "dob", "date", "of", "to",
                                             "through", "before", "after", "seen", "admitted", "discharged", "visit",
                                             "recheck", "scheduled", "care", "labs", "tomorrow", "today", "yesterday",
                                             "due", "starting", "start", "appointment", "appt", "return", "monday",
                                             "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
                                             "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "transfer",
                                             "surgery", "biopsy", "procedure", "planned", "ending", "effective", "next"]

    /// A date starting at token `i`: its last token and value.
    func matchDate(at i: Int) -> (last: Int, value: DateValue)? {
        guard t[i].isWord else { return nil }
        if t[i].isNumber { return numericDate(at: i) ?? dayMonthNameDate(at: i) }
        if t[i].digits >= 1, t[i].digits <= 2, t[i].length <= 4, b[t[i].start] >= 0x30 && b[t[i].start] <= 0x39 {
            return dayMonthNameDate(at: i)  // "3rd of May", "21st June 1931"
        }
        if t[i].digits == 0, let m = DateValue.month(named: text(i)) { return monthNameDate(at: i, month: m) }
        // "mid-March 2021", "early-June 2020", "late-Sept 2019": a part of a month with its year.
        if t[i].digits == 0, t[i].length > 6, i + 1 < t.count, let y = year(i + 1, allowTwoDigits: false) {
            let s = text(i)
            for p in ["mid-", "early-", "late-", "Mid-", "Early-", "Late-"] where s.hasPrefix(p) {
                if let m = DateValue.month(named: String(s.dropFirst(p.count))) {
                    return (i + 1, DateValue(year: y, month: m, day: nil, style: .monthYear(abbreviated: false)))
                }
            }
        }
        // 14MAR2021 / 14Mar2021 in one token.
        if t[i].length >= 7, t[i].length <= 9 { return compactDate(at: i) }
        return nil
    }

    private func year(_ i: Int, allowTwoDigits: Bool) -> Int? {
        guard let v = intValue(i) else { return nil }
        if t[i].length == 4, (1870...2100).contains(v) { return v }
        if allowTwoDigits, t[i].length == 2 { return v + (v <= 30 ? 2000 : 1900) }
        return nil
    }

    private func numericDate(at i: Int) -> (last: Int, value: DateValue)? {
        // Needs number sep number [sep number], separators equal and touching.
        guard i + 2 < t.count, adjacent(i), adjacent(i + 1), !t[i + 1].isWord, t[i + 2].isNumber else { return nil }
        let sep = b[t[i + 1].start]
        guard sep == 0x2F || sep == 0x2D || sep == 0x2E else { return nil }
        if i > 0, !t[i].spaceBefore, t[i - 1].isWord { return nil }
        let hasThird = i + 4 < t.count && adjacent(i + 2) && adjacent(i + 3) && isPunct(i + 3, sep) && t[i + 4].isNumber
        if hasThird {
            // Refuse longer chains such as 1.2.3.4 (IP addresses) or 555-123-4567.
            if i + 6 < t.count, adjacent(i + 4), isPunct(i + 5, sep), t[i + 6].isNumber, adjacent(i + 5) { return nil }
            let a = t[i].length, c = t[i + 4].length
            if a == 4, let y = year(i, allowTwoDigits: false), let m = intValue(i + 2), let d = intValue(i + 4), t[i + 2].length <= 2, c <= 2,
               CivilDate(year: y, month: m, day: d) != nil {
                return (i + 4, DateValue(year: y, month: m, day: d, style: .ymd(separator: sep)))
            }
            if a <= 2, t[i + 2].length <= 2, let y = year(i + 4, allowTwoDigits: true), let m = intValue(i), let d = intValue(i + 2) {
                if CivilDate(year: y, month: m, day: d) != nil {
                    return (i + 4, DateValue(year: y, month: m, day: d,
                                             style: .mdy(separator: sep, twoDigitYear: c == 2, padded: a == 2 && t[i + 2].length == 2)))
                }
                if CivilDate(year: y, month: d, day: m) != nil {  // day-first when the first part is over 12
                    return (i + 4, DateValue(year: y, month: d, day: m,
                                             style: .mdy(separator: sep, twoDigitYear: c == 2, padded: a == 2 && t[i + 2].length == 2)))
                }
            }
            return nil
        }
        // m/d with a cue before it, or m/yyyy.
        guard sep == 0x2F, t[i].length <= 2 else { return nil }
        if i + 3 < t.count, adjacent(i + 2), (isPunct(i + 3, 0x2F) || (t[i + 3].isWord && !t[i + 3].spaceBefore)) { return nil }
        if let m = intValue(i), (1...12).contains(m), t[i + 2].length == 4, let y = year(i + 2, allowTwoDigits: false) {
            return (i + 2, DateValue(year: y, month: m, day: nil, style: .monthYear(abbreviated: false)))
        }
        guard let m = intValue(i), let d = intValue(i + 2), (1...12).contains(m), (1...31).contains(d), t[i + 2].length <= 2,
              i > 0 && (isAny(i - 1, ScanContext.shortDateCues) || cueTwoBackClosing(i)) || uncuedMonthDay(i, month: m, day: d)
        else { return nil }
        return (i + 2, DateValue(year: nil, month: m, day: d, style: .md(separator: sep)))
    }

    /// Words before an `m/d` that make it a score or ratio, not a date (`pain 3/10`, `strength 4/5`, `BP 110/70`).
    static let scoreCues: Set<String> = ["bp", "pain", "strength", "murmur", "gcs", "score", "grade", "power", "reflexes",
                                         "ratio", "x", "dtr", "dtrs", "apgar", "apgars", "nodes", "ln", "lns", "cores",
                                         "scale", "rated", "rates", "va", "vision", "acuity", "mmse", "moca", "phq",
                                         "gad", "nyha", "ecog", "kps", "asa", "g", "p", "ef", "dose", "tab", "tabs", "total",
                                         "sum", "mitoses", "nuclei", "tubules"]

    /// An `m/d` date without a cue word (`Released 11/14 via portal`, `s/p sigmoidectomy 8/14`, a line starting
    /// `11/2: INR 2.1`): month 1–12, day 1–31, and not shaped like a score or fraction — a denominator of 2, 3, 4,
    /// 5, 6, 8 or 10 not below the numerator (`3/4`, `5/5`, `10/10`) —, nor after a score word (`pain 3/10`), nor
    /// followed by `%`, a count word (`nodes`, `positive`, `cores`) or a dose unit (`8/2 mg`).
    private func uncuedMonthDay(_ i: Int, month m: Int, day d: Int) -> Bool {
        if m <= d, [2, 3, 4, 5, 6, 8, 10].contains(d) { return false }
        if i > 0, t[i - 1].isWord, t[i - 1].length <= 8, ScanContext.scoreCues.contains(lower(i - 1)) { return false }
        if i > 0, isPunct(i - 1, 0x3D) || isPunct(i - 1, 0x2B) || isPunct(i - 1, 0x2F) { return false }  // "=", "+", "/"
        let n = i + 3
        if n < t.count {
            if isPunct(n, 0x25) || isPunct(n, 0x2F) { return false }
            if t[n].isWord, isAny(n, ["nodes", "node", "positive", "cores", "ln", "lns", "vessels", "of", "in", "scale", "mg",
                                      "mcg", "ml", "g", "units", "tabs", "tab"]) { return false }
        }
        return true
    }

    /// Capitalised holiday names that date an event (`since Labor Day`, `after Thanksgiving`), as their words; taken
    /// only after a cue word (`Christmas tree` is not a date).
    static let holidays: [[String]] = [["Labor", "Day"], ["Labour", "Day"], ["Memorial", "Day"], ["Veterans", "Day"],
                                       ["Independence", "Day"], ["Presidents", "Day"], ["Thanksgiving"], ["Christmas", "Eve"],
                                       ["Christmas"], ["Easter"], ["Halloween"], ["New", "Year's", "Eve"],
                                       ["New", "Year's", "Day"], ["New", "Year's"], ["Mother's", "Day"],
                                       ["Father's", "Day"], ["Valentine's", "Day"], ["Juneteenth"], ["Hanukkah"],
                                       ["Passover"], ["Ramadan"], ["Eid"], ["Diwali"], ["Lunar", "New", "Year"]]

    /// Words before a holiday that make it a date, besides `monthAloneCues` (`on Labor Day`, `over Thanksgiving`).
    static let holidayCues: Set<String> = ["on", "over", "at", "for", "this", "next", "of"]

    /// Words before a month name alone that make it a date (`in Sept`, `since July`, `died in June`).
    static let monthAloneCues: Set<String> = ["in", "since", "until", "till", "during", "last", "early", "late", "mid",
                                              "through", "before", "after", "by", "from", "around"]

    /// The last token of a holiday after a cue (`since Labor Day`) or of a capitalised month name alone after a cue
    /// (`in Sept`, `since July`) starting at token `i`; nil otherwise. Used by `matchDates` only (no value to shift).
    func partialDateEnd(at i: Int) -> Int? {
        guard t[i].isWord, t[i].capitalised, t[i].digits == 0, !t[i].allCaps || t[i].length <= 1, t[i].length >= 3,
              t[i].length <= 13, i > 0, t[i - 1].isWord, t[i - 1].length <= 7, t[i - 1].digits == 0 else { return nil }
        let before = lower(i - 1)
        let cued = ScanContext.monthAloneCues.contains(before)
        guard cued || ScanContext.holidayCues.contains(before) else { return nil }
        let w = text(i)
        for h in ScanContext.holidays where h[0] == w {
            var k = i, ok = true
            for part in h.dropFirst() {
                k += 1
                if part.hasSuffix("'s") {
                    guard k + 2 < t.count, text(k) == String(part.dropLast(2)), isPunct(k + 1, 0x27), isWord(k + 2, "s") else { ok = false; break }
                    k += 2
                } else if !(k < t.count && text(k) == part && !t[k].lineBefore) { ok = false; break }
            }
            if ok { return k }
        }
        guard cued, DateValue.month(named: w) != nil else { return nil }
        return i
    }

    /// The end of a time joined to an ISO date (`2026-11-18T22:41:07Z`): the tokens from a `T` and digits up to the
    /// last digit group or a `Z`, all touching.
    func isoTimeEnd(after last: Int) -> Int {
        let k = last + 1
        guard k < t.count, adjacent(last), t[k].isWord, t[k].length >= 2, b[t[k].start] == 0x54, t[k].digits == t[k].length - 1 else { return last }
        var e = k
        while e + 2 < t.count, adjacent(e), adjacent(e + 1), isPunct(e + 1, 0x3A) || isPunct(e + 1, 0x2E), t[e + 2].isWord,
              t[e + 2].digits >= 1 { e += 2 }
        return e
    }

    /// "Next INR 12/1.": a cue word two tokens before an `m/d` that closes its phrase.
    private func cueTwoBackClosing(_ i: Int) -> Bool {
        guard i >= 2, t[i - 1].isWord, isAny(i - 2, ScanContext.shortDateCues) else { return false }
        let n = i + 3
        return n >= t.count || t[n].lineBefore || !t[n].isWord && [0x2C, 0x2E, 0x3B, 0x29].contains(b[t[n].start])
    }

    private func dayNumber(_ i: Int) -> (day: Int, last: Int)? {
        guard let d = intValue(i), (1...31).contains(d), t[i].length <= 2 else {
            // 3rd, 14th in one token
            guard i < t.count, t[i].isWord, t[i].length >= 3, t[i].length <= 4, t[i].digits >= 1, t[i].digits <= 2 else { return nil }
            let s = lower(i)
            let digits = s.prefix(t[i].digits), suffix = s.dropFirst(t[i].digits)
            guard ScanContext.ordinalSuffixes.contains(String(suffix)), let d = Int(digits), (1...31).contains(d) else { return nil }
            return (d, i)
        }
        return (d, i)
    }

    static let ordinalWords: [String: Int] = ["first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                                              "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                                              "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                                              "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                                              "twentieth": 20, "thirtieth": 30]

    /// A day written as an ordinal word after a month (`November nineteenth`, `May twenty-first`).
    private func ordinalWordDay(_ j: Int) -> (day: Int, last: Int)? {
        guard j < t.count, t[j].isWord, t[j].digits == 0, t[j].length <= 14, !t[j].lineBefore else { return nil }
        let w = lower(j)
        if let d = ScanContext.ordinalWords[w] { return (d, j) }
        for (prefix, tens) in [("twenty-", 20), ("thirty-", 30)] where w.hasPrefix(prefix) {
            if let u = ScanContext.ordinalWords[String(w.dropFirst(prefix.count))], u <= 9, tens + u <= 31 { return (tens + u, j) }
        }
        return nil
    }

    private func monthNameDate(at i: Int, month m: Int) -> (last: Int, value: DateValue)? {
        let ab = t[i].length <= 4
        if ab && t[i].length == 3 && !t[i].capitalised { return nil }  // "mar", "may" in lowercase are words
        if !t[i].capitalised && !t[i].allCaps { return nil }
        var j = i + 1
        if isPunct(j, 0x2E) { j += 1 }
        guard j < t.count else { return nil }
        if let (d, last) = dayNumber(j) ?? ordinalWordDay(j) {
            var k = last + 1
            if isPunct(k, 0x2C) { k += 1 }
            if k < t.count, let y = year(k, allowTwoDigits: false) {
                return (k, DateValue(year: y, month: m, day: d, style: .monthDayYear(abbreviated: ab)))
            }
            return (last, DateValue(year: nil, month: m, day: d, style: .monthDay(abbreviated: ab)))
        }
        if let y = year(j, allowTwoDigits: false) {
            return (j, DateValue(year: y, month: m, day: nil, style: .monthYear(abbreviated: ab)))
        }
        // "May '21", "Aug '19": an apostrophe and two digits.
        if isPunct(j, 0x27), j + 1 < t.count, adjacent(j),
           t[j + 1].isNumber, t[j + 1].length == 2, let y = year(j + 1, allowTwoDigits: true) {
            return (j + 1, DateValue(year: y, month: m, day: nil, style: .monthYear(abbreviated: ab)))
        }
        return nil
    }

    private func dayMonthNameDate(at i: Int) -> (last: Int, value: DateValue)? {
        guard let (d, last) = dayNumber(i) else { return nil }
        var j = last + 1
        var sep: UInt8 = 0x20
        if isPunct(j, 0x2D) && adjacent(last) { sep = 0x2D; j += 1 }
        if isWord(j, "of") { j += 1 }
        guard j < t.count, t[j].isWord, t[j].digits == 0, let m = DateValue.month(named: text(j)),
              t[j].capitalised || t[j].allCaps else { return nil }
        let ab = t[j].length <= 4
        var k = j + 1
        if sep == 0x2D && isPunct(k, 0x2D) { k += 1 } else if isPunct(k, 0x2C) { k += 1 }
        if k < t.count, let y = year(k, allowTwoDigits: sep == 0x2D) {
            return (k, DateValue(year: y, month: m, day: d, style: .dayMonthYear(abbreviated: ab, separator: sep)))
        }
        if sep == 0x2D { return nil }
        return (j, DateValue(year: nil, month: m, day: d, style: .monthDay(abbreviated: ab)))
    }

    private func compactDate(at i: Int) -> (last: Int, value: DateValue)? {
        let s = Array(b[t[i].start..<t[i].end])
        guard s.count >= 7 else { return nil }
        var p = 0
        while p < s.count, s[p] >= 0x30 && s[p] <= 0x39 { p += 1 }
        guard p >= 1, p <= 2, p + 3 <= s.count else { return nil }
        let mon = String(decoding: s[p..<p + 3], as: UTF8.self)
        guard let m = DateValue.month(named: mon), s.count - (p + 3) == 4,
              let y = Int(String(decoding: s[(p + 3)...], as: UTF8.self)), (1870...2100).contains(y),
              let d = Int(String(decoding: s[0..<p], as: UTF8.self)), CivilDate(year: y, month: m, day: d) != nil else { return nil }
        return (i, DateValue(year: y, month: m, day: d, style: .dayMonthYear(abbreviated: true, separator: 0x20)))
    }
}
