extension ScanContext {
    /// Month names of Portuguese, Spanish, French and German (lower case, with and without accents) → month.
    static let foreignMonths: [String: Int] = {
        let lists: [[String]] = [
            ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
            ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
            ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
            ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
        ]
        var d: [String: Int] = ["marco": 3, "fevrier": 2, "aout": 8, "decembre": 12, "marz": 3, "setiembre": 9]
        for list in lists { for (k, m) in list.enumerated() { d[m] = k + 1 } }
        return d
    }()

    /// Roman numerals for months (`5.iii.1930`, `12-XI-2019`).
    static let romanMonths: [String: Int] = ["i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8,
                                             "ix": 9, "x": 10, "xi": 11, "xii": 12]

    /// Lower-case month words that are also ordinary words or abbreviations (`may`, `march`, `dec` for decrease),
    /// never taken in lower case.
    static let ambiguousLowerMonths: Set<String> = ["may", "mar", "march", "dec", "jun", "sat", "sun"]

    /// Dates in forms `matchDate` does not read (no value for shifting; redacted as dates): a year first with a
    /// month name (`1987-Sep-04`), a roman-numeral month (`5.iii.1930`), month names of other languages with a day
    /// or year (`14 de março de 2024`, `março de 2024`, `3. März 2021`), lower-case month and day (`nov 19`, not
    /// `may 5`), a month alone after further cues or with a part-of-month prefix in one token (`mid-December`, `next
    /// visit Feb`; `March` and `May` only after `likely`, `expected`, `next`, `visit`, `due`), a holiday of two words ending in `Day` without a cue (`(Veterans Day too`), a one-word holiday
    /// in lower case after a cue (`since halloween`). Run after `matchDates`.
    mutating func matchDateForms() {
        var i = 0
        while i < t.count {
            guard !claimed[i], t[i].isWord else { i += 1; continue }
            // Numbers start the numeric forms; month words start with one of "jfmasond" (also the foreign ones),
            // "mid-"/"early-"/"late-" with m, e, l; holidays are tried last.
            let found: Int?
            if t[i].digits > 0 {
                found = t[i].isNumber ? yearMonthNameDay(i) ?? romanMonthDate(i) ?? foreignMonthDate(i) ?? spacedNumericDate(i)
                    : ordinalDayAlone(i) ?? weekdayDayOrCJK(i)
            } else if startsWithAny(i, "jfmasondel") {
                found = foreignMonthDate(i) ?? lowerMonthDay(i) ?? monthAloneForm(i) ?? holidayForm(i) ?? weekdayDayOrCJK(i)
            } else {
                found = holidayForm(i) ?? weekdayDayOrCJK(i)
            }
            if let last = found {
                add(.date, tokens: i, last)
                i = last + 1
            } else { i += 1 }
        }
    }

    /// A weekday and a day of the month closing its phrase (`saturday 21,`, `Tue 4.`), and a date written with the
    /// CJK characters for year, month and day in one token (`2024年3月15日`).
    private func weekdayDayOrCJK(_ i: Int) -> Int? {
        if t[i].digits >= 3, t[i].length >= 9 {
            // 年 E5 B9 B4, 月 E6 9C 88.
            var year = false, month = false
            var p = t[i].start
            while p + 2 < t[i].end {
                if b[p] == 0xE5, b[p + 1] == 0xB9, b[p + 2] == 0xB4 { year = true }
                if b[p] == 0xE6, b[p + 1] == 0x9C, b[p + 2] == 0x88 { month = true }
                p += 1
            }
            return year && month ? i : nil
        }
        guard t[i].digits == 0, t[i].length >= 3, t[i].length <= 9, i + 1 < t.count, t[i + 1].isNumber, t[i + 1].length <= 2,
              !t[i + 1].lineBefore, isAny(i, ScanContext.weekdays), let d = intValue(i + 1), (1...31).contains(d) else { return nil }
        let n = i + 2
        guard n >= t.count || t[n].lineBefore || !t[n].isWord && [0x2C, 0x2E, 0x3B, 0x29, 0x21].contains(b[t[n].start]) else { return nil }
        return i + 1
    }

    /// An ordinal day without a month after `the` and a date cue, closing its phrase: `on the 9th,`, `Sunday the 14th.`,
    /// `since the 3rd` (not `the 5th percentile`, `the 4th ventricle`, `the 2nd dose`).
    private func ordinalDayAlone(_ i: Int) -> Int? {
        guard i >= 2, t[i].digits <= 2, t[i].length <= 4, t[i].length == t[i].digits + 2, isWord(i - 1, "the"),
              ScanContext.ordinalSuffixes.contains(String(lower(i).dropFirst(t[i].digits))),
              let d = Int(lower(i).prefix(t[i].digits)), (1...31).contains(d),
              isAny(i - 2, ScanContext.shortDateCues) || isAny(i - 2, ScanContext.weekdays) else { return nil }
        let n = i + 1
        guard n >= t.count || t[n].lineBefore || !t[n].isWord && [0x2C, 0x2E, 0x3B, 0x29, 0x21, 0x3F].contains(b[t[n].start])
                || isOneOf(n, ["and", "at", "or"]) else { return nil }
        return i
    }

    /// `1987-Sep-04`, `2021/Mar/14`: year, month name, day joined by one separator.
    private func yearMonthNameDay(_ i: Int) -> Int? {
        guard t[i].isNumber, t[i].length == 4, let y = intValue(i), (1870...2100).contains(y), i + 4 < t.count,
              (i..<i + 4).allSatisfy({ adjacent($0) }), !t[i + 1].isWord, isPunct(i + 3, b[t[i + 1].start]),
              [0x2D, 0x2F, 0x2E].contains(b[t[i + 1].start]), t[i + 2].digits == 0, DateValue.month(named: text(i + 2)) != nil,
              let d = intValue(i + 4), (1...31).contains(d), t[i + 4].length <= 2 else { return nil }
        return i + 4
    }

    /// `5.iii.1930`, `12-XI-2019`: day, roman month, year (2 or 4 digits) joined by one separator.
    private func romanMonthDate(_ i: Int) -> Int? {
        guard let d = intValue(i), (1...31).contains(d), t[i].length <= 2, i + 4 < t.count, (i..<i + 4).allSatisfy({ adjacent($0) }),
              !t[i + 1].isWord, [0x2D, 0x2F, 0x2E].contains(b[t[i + 1].start]), isPunct(i + 3, b[t[i + 1].start]),
              t[i + 2].digits == 0, t[i + 2].length <= 4, ScanContext.romanMonths[lower(i + 2)] != nil,
              t[i + 4].isNumber, t[i + 4].length == 4 || t[i + 4].length == 2 else { return nil }
        if i + 5 < t.count, adjacent(i + 4), !t[i + 5].isWord, [0x2D, 0x2F, 0x2E].contains(b[t[i + 5].start]),
           i + 6 < t.count, adjacent(i + 5), t[i + 6].isWord { return nil }  // longer chains
        return i + 4
    }

    /// Whether token `k` is a month name of another language.
    private func foreignMonth(_ k: Int) -> Bool {
        k >= 0 && k < t.count && t[k].isWord && t[k].digits == 0 && t[k].length >= 3 && t[k].length <= 11
            && ScanContext.foreignMonths[text(k).lowercased()] != nil
    }

    /// `14 de março de 2024`, `março de 2024`, `3. März 2021`, `15 janvier`: a foreign month name with a day before
    /// it or a year after it (`de`/`del` allowed between).
    private func foreignMonthDate(_ i: Int) -> Int? {
        var m = i
        if let d = intValue(i), (1...31).contains(d), t[i].length <= 2 {
            m = i + 1
            if isPunct(m, 0x2E), adjacent(i) { m += 1 }
            if isOneOf(m, ["de", "del"]) { m += 1 }
            guard foreignMonth(m), !t[m].lineBefore else { return nil }
        } else {
            // A month word alone needs a year after it (`março de 2024`): test the year before the word list.
            let y = isOneOf(i + 1, ["de", "del"]) ? i + 2 : i + 1
            guard y < t.count, t[y].isNumber, t[y].length == 4, foreignMonth(i) else { return nil }
        }
        var y = m + 1
        if isOneOf(y, ["de", "del"]) { y += 1 }
        if y < t.count, t[y].isNumber, t[y].length == 4, let v = intValue(y), (1870...2100).contains(v) { return y }
        return m > i ? m : nil
    }

    /// `nov 19`, `oct 3rd`: a lower-case month name or abbreviation and a day that closes its phrase (end of line,
    /// punctuation other than `%`, `/`, `:`, `-`, a wider gap, or a year).
    private func lowerMonthDay(_ i: Int) -> Int? {
        guard !t[i].capitalised, t[i].digits == 0, t[i].length >= 3, t[i].length <= 9, i + 1 < t.count, t[i + 1].digits > 0,
              DateValue.month(named: text(i)) != nil, !ScanContext.ambiguousLowerMonths.contains(lower(i)),
              let d = intValue(i + 1) ?? Int(lower(i + 1).prefix(while: { $0.isNumber })), (1...31).contains(d),
              t[i + 1].digits <= 2, !t[i + 1].lineBefore else { return nil }
        if !t[i + 1].isNumber, !ScanContext.ordinalSuffixes.contains(String(lower(i + 1).dropFirst(t[i + 1].digits))) { return nil }
        let n = i + 2
        if n >= t.count || t[n].lineBefore || t[n].start - t[i + 1].end >= 2 { return i + 1 }
        if t[n].isNumber, t[n].length == 4 { return n }
        if isPunct(n, 0x2C), n + 1 < t.count, t[n + 1].isNumber, t[n + 1].length == 4 { return n + 1 }
        if !t[n].isWord, ![0x25, 0x2F, 0x3A, 0x2D, 0x2E].contains(b[t[n].start]) { return i + 1 }
        if isPunct(n, 0x2E), n + 1 >= t.count || t[n + 1].spaceBefore { return i + 1 }
        return nil
    }

    /// A capitalised month alone in forms `partialDateEnd` does not take: `mid-December`, `early-June` in one
    /// token, or after `likely`, `visit`, `next`… (not `March`, `May`).
    private func monthAloneForm(_ i: Int) -> Int? {
        guard t[i].digits == 0, t[i].length >= 3, t[i].length <= 14 else { return nil }
        // "mid-", "early-", "late-" joined to a month: a hyphen at byte 3, 4 or 5.
        let st = t[i].start
        if t[i].length >= 7, b[st + 3] == 0x2D || b[st + 4] == 0x2D || b[st + 5] == 0x2D {
            let s = text(i)
            for p in ["mid-", "early-", "late-", "Mid-", "Early-", "Late-"] where s.hasPrefix(p) {
                let rest = String(s.dropFirst(p.count))
                if let f = rest.utf8.first, f >= 0x41 && f <= 0x5A, DateValue.month(named: rest) != nil { return i }
            }
        }
        // "last dose ~August": a month after a tilde (about).
        if t[i].capitalised, !t[i].allCaps, isPunct(i - 1, 0x7E), adjacent(i - 1), DateValue.month(named: text(i)) != nil,
           !["march", "may", "mar"].contains(lower(i)) { return i }
        guard t[i].capitalised, !t[i].allCaps, i > 0, t[i - 1].isWord, t[i - 1].digits == 0, t[i - 1].length <= 9,
              isOneOf(i - 1, ["likely", "visit", "next", "expected", "probably", "planned", "due", "returns", "return", "every",
                              "each", "this", "that", "of"]) else { return nil }
        let s = text(i)
        guard DateValue.month(named: s) != nil,
              !["march", "may", "mar"].contains(lower(i)) || isAny(i - 1, ["likely", "expected", "probably", "next", "visit", "due"])
        else { return nil }
        // Not the start of a name ("of June Carter"): the month closes its phrase or is followed by a small word.
        let n = i + 1
        if n >= t.count || t[n].lineBefore || !t[n].isWord || !t[n].capitalised { return i }
        return nil
    }

    /// A numeric date with spaces around its separators, as forms and OCR write them (`11 / 13 / 2026`, `9 . 22 .
    /// 1990`, `3 - 7 - 2024`): month or day, day or month (1–31, one of them ≤ 12), a four-digit year (a two-digit
    /// one only with `/`), the same separator twice, all on one line and no fourth group.
    private func spacedNumericDate(_ i: Int) -> Int? {
        guard t[i].length <= 2, i + 4 < t.count, let a = intValue(i), let c = intValue(i + 2), a >= 1, c >= 1,
              t[i + 2].length <= 2, min(a, c) <= 12, max(a, c) <= 31, t[i + 4].isNumber,
              !t[i + 1].isWord, [0x2F, 0x2E, 0x2D].contains(b[t[i + 1].start]), isPunct(i + 3, b[t[i + 1].start]),
              (i + 1...i + 4).allSatisfy({ t[$0].spaceBefore && !t[$0].lineBefore }) else { return nil }
        let year = t[i + 4].length == 4 && (b[t[i + 4].start] == 0x31 || b[t[i + 4].start] == 0x32)
            || t[i + 4].length == 2 && b[t[i + 1].start] == 0x2F
        guard year, !(i + 5 < t.count && isPunct(i + 5, b[t[i + 1].start]) && t[i + 5].spaceBefore) else { return nil }
        return i + 4
    }

    /// Two-word holidays ending in `Day` without a cue (`Veterans Day`, `Labor Day`), and one-word holidays in
    /// lower case after a cue (`since halloween`).
    private func holidayForm(_ i: Int) -> Int? {
        guard t[i].digits == 0, t[i].length >= 3 else { return nil }
        if t[i].capitalised, isWord(i + 1, "day"), t[i + 1].capitalised, !t[i + 1].lineBefore {
            let w = text(i)
            if ScanContext.holidays.contains(where: { $0.count == 2 && $0[0] == w && $0[1] == "Day" }) { return i + 1 }
        }
        if !t[i].capitalised, t[i].length == 3 || t[i].length >= 6 && t[i].length <= 12, i > 0, t[i - 1].isWord, t[i - 1].length <= 7,
           isOneOf(i - 1, ["in", "since", "until", "till", "during", "last", "early", "late", "mid", "through", "before", "after",
                           "by", "from", "around", "on", "over", "at", "for", "this", "next", "of"]) {
            let w = capitalisedForm(i)
            if ScanContext.holidays.contains(where: { $0.count == 1 && $0[0] == w }) { return i }
        }
        return nil
    }

    /// Words naming a time zone after a time (`EST`, `UTC`).
    static let timeZones: Set<String> = ["utc", "gmt", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "akst",
                                         "hst", "ast", "bst", "cet", "cest", "z"]

    /// Times written after a found date become part of it (`2026-11-20 21:14:55`, `11/22/2026 10:41 PM`,
    /// `16 Nov 2026 07:22:10 -0500`, `2026-11-21T15:00:04-06:00`): `h:mm`, optional `:ss` and fraction, `AM`/`PM`,
    /// and a zone (`Z`, `-0500`, `+05:30`, `EST`). Run after the date matchers.
    mutating func extendDatesOverTimes() {
        for s in spans.indices where spans[s].type == .date {
            guard let lastTok = token(endingAt: spans[s].end) else { continue }
            var e = lastTok
            var k = lastTok + 1
            // A space-separated clock time after the date (the ISO `T` form is already inside the span).
            if k + 2 < t.count, t[k].isNumber, t[k].length <= 2, !t[k].lineBefore, t[k].spaceBefore,
               isPunct(k + 1, 0x3A), adjacent(k), adjacent(k + 1), t[k + 2].isNumber, t[k + 2].length == 2,
               let h = intValue(k), h <= 23 {
                e = k + 2
                if e + 2 < t.count, isPunct(e + 1, 0x3A), adjacent(e), adjacent(e + 1), t[e + 2].isNumber, t[e + 2].length == 2 { e += 2 }
                if e + 1 < t.count, isOneOf(e + 1, ["am", "pm"]), !t[e + 1].lineBefore { e += 1 }
                k = e + 1
            } else if !isPunct(lastTok - 1, 0x3A) {
                continue  // no time (the ISO form ends "hh:mm"): no zone either
            }
            // Zone: "-0500", "+05:30", "-06:00", "Z" joined, or "EST" after a space.
            if k + 1 < t.count, isPunct(k, 0x2D) || isPunct(k, 0x2B), t[k + 1].isNumber, adjacent(k), !t[k + 1].lineBefore {
                if t[k + 1].length == 4 { e = k + 1 }
                else if t[k + 1].length == 2, k + 3 < t.count, isPunct(k + 2, 0x3A), adjacent(k + 1), adjacent(k + 2),
                        t[k + 3].isNumber, t[k + 3].length == 2 { e = k + 3 }
            } else if k < t.count, t[k].isWord, t[k].allCaps, t[k].length <= 4, !t[k].lineBefore, isAny(k, ScanContext.timeZones) {
                e = k
            }
            if e > lastTok {
                for q in lastTok + 1...e { claimed[q] = true }
                spans[s] = PHISpan(type: .date, start: spans[s].start, end: t[e].end)
            }
        }
    }
}
