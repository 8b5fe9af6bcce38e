extension ScanContext {
    /// Digits spoken one by one in dictated or transcribed text (`zero`, `oh`, `one` … `nine`).
    static let spokenDigits: [String: Int] = ["zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                                              "six": 6, "seven": 7, "eight": 8, "nine": 9]

    /// Tens and teens of a year read aloud (`nineteen fifty`, `twenty twenty-four`).
    static let spokenTens: [String: Int] = ["ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                                            "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
                                            "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                                            "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]

    /// Identifiers and dates read aloud in dictations and transcribed voicemails: runs of seven or more spoken digits
    /// (`eight one eight five five five zero one eight four`, `five oh four, five five five, oh one three six`) become
    /// PHONE (ten or eleven digits, or after `call`/`phone`/`number`), MRN (after `record`/`MRN`/`chart`), SSN (after
    /// `social`/`SSN`) or ID; a month written out with an ordinal word in any case (`november sixteenth`, `june third`)
    /// is a date; and a year read aloud after a found date joins it (`April ninth nineteen fifty two`).
    ///
    /// Dictated codes may mix spoken digits with digits, single letters and the spelling alphabet, groups joined by
    /// `dash` (`M 4 1 7 2 2 0 9 1 8 4 4 0`, `one alpha bravo four dash charlie delta five`): such a run needs seven
    /// symbols, a digit word or a letter among them, and its cue (`medicare` → HEALTHPLAN, `license` → LICENSE); five
    /// or nine spoken digits after `zip` are a ZIP code. A name spelled out letter by letter after `spelled` is a name
    /// (`spelled L A H T I N E N`); a month and a year read aloud are a date (`June twenty twenty seven`).
    mutating func matchSpokenForms() {
        matchSpokenDigitRuns()
        matchSpokenMonthDays()
        matchSpokenDayMonths()
        matchSpokenMonthYears()
        extendDatesOverSpokenYears()
        matchSpelledNames()
    }

    /// The spelling alphabet (`alpha`, `bravo` …), read in dictated codes.
    static let spellingAlphabet: [StaticString] = ["alpha", "alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
                                                   "hotel", "india", "juliet", "juliett", "kilo", "lima", "mike", "november",
                                                   "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor",
                                                   "whiskey", "xray", "x-ray", "yankee", "zulu"]

    /// What token `k` is in a dictated code: 1 a digit (spoken or a one-digit number), 2 a letter (a single capital or
    /// a word of the spelling alphabet), 0 neither.
    private func dictatedSymbol(_ k: Int) -> Int {
        guard k >= 0, k < t.count, t[k].isWord else { return 0 }
        if t[k].isNumber, t[k].length == 1 { return 1 }
        if spokenDigit(k) { return 1 }
        if t[k].length == 1, b[t[k].start] >= 0x41, b[t[k].start] <= 0x5A { return 2 }
        if t[k].digits == 0, t[k].length >= 4, t[k].length <= 8, isOneOf(k, ScanContext.spellingAlphabet) { return 2 }
        return 0
    }

    /// A month name and a year read aloud (`June twenty twenty seven`, `March nineteen oh five`): a date. `may` and
    /// `march` in lower case are left (verbs).
    private mutating func matchSpokenMonthYears() {
        for i in t.indices where !claimed[i] && t[i].isWord && t[i].digits == 0 && t[i].length >= 3 && t[i].length <= 9 && i + 2 < t.count {
            guard isOneOf(i, ScanContext.monthNames), t[i].capitalised || !isOneOf(i, ["may", "march"]), !claimed[i + 1],
                  let e = spokenYearEnd(from: i + 1) else { continue }
            add(.date, tokens: i, e)
        }
    }

    /// Names spelled out after `spelled` (`spelled L A H T I N E N`, `spelled K-O-W-A-L`): three or more single
    /// letters one space, hyphen or dot apart. `spelled out`, `spelled correctly` stay.
    private mutating func matchSpelledNames() {
        for i in t.indices where t[i].isWord && t[i].length >= 5 && t[i].length <= 8 && isOneOf(i, ["spelled", "spelling", "spells", "spelt"]) {
            var k = i + 1
            if isPunct(k, 0x3A) || isWord(k, "as") { k += 1 }
            var last = k - 1, letters = 0, q = k
            while q < t.count, t[q].isWord, t[q].length == 1, t[q].digits == 0, !t[q].lineBefore || q == k {
                last = q
                letters += 1
                q += 1
                if q + 1 < t.count, isPunct(q, 0x2D) || isPunct(q, 0x2E), t[q + 1].isWord, t[q + 1].length == 1 { q += 1 }
            }
            // `K-O-W-A-L` is one token: letters and hyphens in turn.
            if letters == 0, k < t.count, t[k].isWord, t[k].digits == 0, t[k].length >= 5, t[k].length % 2 == 1, !claimed[k],
               (t[k].start..<t[k].end).allSatisfy({ ($0 - t[k].start) % 2 == 0 ? Checksums.isLetter(b[$0]) && b[$0] < 0x80 : b[$0] == 0x2D }) {
                add(.name, tokens: k, k)
                continue
            }
            guard letters >= 3, !(k...last).allSatisfy({ claimed[$0] }) else { continue }
            add(.name, tokens: k, last)
        }
    }

    /// Full month names, lower case, for the spoken day-month forms.
    static let monthNames: [StaticString] = ["january", "february", "march", "april", "may", "june", "july", "august",
                                             "september", "october", "november", "december"]

    /// Spoken dates with the day around the month: `November the nineteenth`; `the Twelfth of July` /`twelfth of
    /// July` (an ordinal word, `of`, a month); `nine March nineteen eighty` (a number word of 1–31 before a month,
    /// taken only with a year read aloud after it, so that `nine March` alone is left).
    private mutating func matchSpokenDayMonths() {
        for i in t.indices where !claimed[i] && t[i].isWord && t[i].digits == 0 && t[i].length >= 3 && t[i].length <= 10 && i + 2 < t.count {
            if isOneOf(i, ScanContext.monthNames), isWord(i + 1, "the"), !t[i + 2].lineBefore, !claimed[i + 2],
               t[i].capitalised || !isOneOf(i, ["may", "march"]), let (_, last) = spokenOrdinal(i + 2) {
                add(.date, tokens: i, last)  // "November the nineteenth"
            } else if let (_, last) = spokenOrdinal(i), isWord(last + 1, "of"), isOneOf(last + 2, ScanContext.monthNames),
                      !t[last + 2].lineBefore {
                // "Twelfth of July"; when the month already starts a found date ("August, nineteen sixty-one"), the
                // day joins it.
                if let s = spans.firstIndex(where: { $0.type == .date && $0.start == t[last + 2].start }) {
                    for q in i...(last + 1) { claimed[q] = true }
                    spans[s] = PHISpan(type: .date, start: t[i].start, end: spans[s].end)
                } else {
                    add(.date, tokens: i, last + 2)
                }
            } else if let u = ScanContext.spokenDigits[lower(i)] ?? ScanContext.spokenTens[lower(i)], u >= 1, u <= 31,
                      isOneOf(i + 1, ScanContext.monthNames), t[i + 1].capitalised, !claimed[i + 1],
                      spokenYearEnd(from: i + 2) != nil {
                add(.date, tokens: i, i + 1)  // "nine March nineteen eighty" (the year joins below)
            }
        }
    }

    /// Whether token `k` is a spoken digit word (any case).
    func spokenDigit(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, t[k].isWord, t[k].digits == 0, t[k].length >= 2, t[k].length <= 5 else { return false }
        return isOneOf(k, ["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
    }

    private mutating func matchSpokenDigitRuns() {
        var i = 0
        while i < t.count {
            guard !claimed[i], dictatedSymbol(i) > 0 else { i += 1; continue }
            let cue = spokenRunCue(before: i)
            // A dictated code: spoken digits mixed with digits, letters and the spelling alphabet, after its cue.
            if let cue, cue != .zip, let (last, symbols, letters, words) = dictatedRun(from: i), symbols >= 7, symbols - letters >= 3,
               words > 0 || letters > 0, symbols > words {
                add(cue == .phone && symbols != 10 && symbols != 11 ? .identifier : cue, tokens: i, last)
                i = last + 1
                continue
            }
            guard spokenDigit(i) else { i += 1; continue }
            var last = i, count = 1, k = i + 1
            while k < t.count {
                // A transcript may wrap inside the run: a line break between two spoken digits is allowed.
                if spokenDigit(k) { last = k; count += 1; k += 1; continue }
                if t[k].lineBefore { break }
                // Commas and hyphens between groups: "five oh four, five five five"; `dash` read aloud.
                if (isPunct(k, 0x2C) || isPunct(k, 0x2D) || isWord(k, "dash")), spokenDigit(k + 1), !t[k + 1].lineBefore { k += 1; continue }
                break
            }
            // Five or nine spoken digits after `zip`: a ZIP code.
            if cue == .zip, count == 5 || count == 9 { add(.zip, tokens: i, last); i = last + 1; continue }
            guard count >= 7 else { i = last + 1; continue }
            var type: PHIType = count == 10 || count == 11 ? .phone : .identifier
            if let cue, cue != .zip, cue != .phone || type == .identifier { type = cue }
            add(type, tokens: i, last)
            i = last + 1
        }
    }

    /// The type the cue words in the eight tokens before token `i` give a run read aloud (`license number read from
    /// the card is M 4 1 …`), or nil.
    private func spokenRunCue(before i: Int) -> PHIType? {
        var p = i - 1
        while p >= 0, p >= i - 8, !t[p].lineBefore || p == i - 1 {
            if t[p].isWord, t[p].digits == 0 {
                if isOneOf(p, ["record", "mrn", "chart"]) { return .mrn }
                if isOneOf(p, ["social", "ssn"]) { return .ssn }
                if isOneOf(p, ["call", "phone", "cell", "callback", "reached"]) { return .phone }
                if isOneOf(p, ["medicare", "medicaid", "insurance", "member", "mbi", "policy"]) { return .healthPlan }
                if isOneOf(p, ["license", "licence", "permit"]) { return .license }
                if isOneOf(p, ["zip", "zipcode", "postal"]) { return .zip }
            }
            p -= 1
        }
        return nil
    }

    /// A dictated code from token `i`: its last token and its counts of symbols, letters and spoken digit words. Its
    /// groups may be joined by `,`, `-` or `dash`; it ends in a digit or a word of the spelling alphabet, not in a
    /// lone capital (`… four four I think`).
    private func dictatedRun(from i: Int) -> (last: Int, symbols: Int, letters: Int, words: Int)? {
        var last = i, k = i + 1
        while k < t.count {
            if dictatedSymbol(k) > 0, !claimed[k] || spokenDigit(k) { last = k; k += 1; continue }
            if t[k].lineBefore { break }
            if isPunct(k, 0x2C) || isPunct(k, 0x2D) || isWord(k, "dash"), dictatedSymbol(k + 1) > 0, !t[k + 1].lineBefore { k += 1; continue }
            break
        }
        while last > i, t[last].length == 1, dictatedSymbol(last) == 2 { last -= 1 }
        var symbols = 0, letters = 0, words = 0
        for q in i...last {
            let s = dictatedSymbol(q)
            guard s > 0 else { continue }
            symbols += 1
            if s == 2 { letters += 1 } else if spokenDigit(q) { words += 1 }
        }
        return (last, symbols, letters, words)
    }

    /// The day of an ordinal word at token `k` (`third`, `twenty-first`, `twenty first`): the day and its last token.
    private func spokenOrdinal(_ k: Int) -> (day: Int, last: Int)? {
        guard k < t.count, t[k].isWord, t[k].digits == 0, t[k].length >= 5, t[k].length <= 14, !t[k].lineBefore else { return nil }
        let w = lower(k)
        if let d = ScanContext.ordinalWords[w] { return (d, k) }
        for (prefix, tens) in [("twenty-", 20), ("thirty-", 30)] where w.hasPrefix(prefix) {
            if let u = ScanContext.ordinalWords[String(w.dropFirst(prefix.count))], u <= 9, tens + u <= 31 { return (tens + u, k) }
        }
        if w == "twenty" || w == "thirty", k + 1 < t.count, !t[k + 1].lineBefore, t[k + 1].isWord,
           let u = ScanContext.ordinalWords[lower(k + 1)], u <= 9, (w == "twenty" ? 20 : 30) + u <= 31 {
            return ((w == "twenty" ? 20 : 30) + u, k + 1)
        }
        return nil
    }

    /// A full month name in any case and an ordinal word (`november sixteenth`, `JUNE THIRD`).
    private mutating func matchSpokenMonthDays() {
        for i in t.indices where !claimed[i] && t[i].isWord && t[i].digits == 0 && t[i].length >= 3 && t[i].length <= 9
            && i + 1 < t.count && t[i + 1].isWord && t[i + 1].digits == 0 && t[i + 1].length >= 5 && startsWithAny(i + 1, "fstenhtw")
            && isOneOf(i, ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                           "november", "december"]) {
            // Lower-case `may` and `march` are verbs, unless a year read aloud follows the day (`march third nineteen
            // twenty nine`).
            guard
                  t[i].length >= 5 || isOneOf(i, ["may", "june", "july"]),
                  let (_, last) = spokenOrdinal(i + 1),
                  t[i].capitalised || !isOneOf(i, ["may", "march"]) || spokenYearEnd(from: last + 1) != nil else { continue }
            add(.date, tokens: i, last)
        }
    }

    /// The last token of a year read aloud starting at `k` (`nineteen fifty two`, `twenty twenty-four`, `two thousand
    /// and three`, `nineteen oh five`), or nil.
    func spokenYearEnd(from k: Int) -> Int? {
        guard k + 1 < t.count, t[k].isWord, !t[k].lineBefore, !t[k + 1].lineBefore, t[k + 1].isWord else { return nil }
        let w = lower(k)
        if w == "two", isWord(k + 1, "thousand") {
            var e = k + 1
            if isWord(e + 1, "and") { e += 1 }
            if e + 1 < t.count, !t[e + 1].lineBefore, t[e + 1].isWord,
               ScanContext.spokenDigits[lower(e + 1)] != nil || ScanContext.spokenTens[lower(e + 1)] != nil { e += 1 }
            // "two thousand twenty six": the units after the tens.
            if let tens = ScanContext.spokenTens[lower(e)], tens >= 20, e + 1 < t.count, !t[e + 1].lineBefore, t[e + 1].isWord,
               let u = ScanContext.spokenDigits[lower(e + 1)], u > 0 { e += 1 }
            return e
        }
        guard w == "nineteen" || w == "eighteen" || w == "twenty" else { return nil }
        let second = lower(k + 1)
        if second == "oh", k + 2 < t.count, t[k + 2].isWord, let u = ScanContext.spokenDigits[lower(k + 2)], u > 0 { return k + 2 }
        if second == "hundred" { return k + 1 }
        if let h = second.firstIndex(of: "-"), ScanContext.spokenTens[String(second[..<h])] != nil,
           ScanContext.spokenDigits[String(second[second.index(after: h)...])] != nil { return k + 1 }
        guard let tens = ScanContext.spokenTens[second] else { return nil }
        if tens >= 20, k + 2 < t.count, t[k + 2].isWord, !t[k + 2].lineBefore, let u = ScanContext.spokenDigits[lower(k + 2)], u > 0 {
            return k + 2
        }
        return k + 1
    }

    /// Widens a found date that ends in a month, a day or an ordinal word over a year read aloud after it.
    private mutating func extendDatesOverSpokenYears() {
        for s in spans.indices where spans[s].type == .date {
            guard let last = token(endingAt: spans[s].end), last + 2 < t.count, t[last].isWord else { continue }
            // "November twentieth, twenty twenty-six": a comma may come before the year.
            let y = isPunct(last + 1, 0x2C) ? last + 2 : last + 1
            guard y + 1 < t.count, !claimed[y], let e = spokenYearEnd(from: y) else { continue }
            for q in (last + 1)...e { claimed[q] = true }
            spans[s] = PHISpan(type: .date, start: spans[s].start, end: t[e].end)
        }
    }
}
