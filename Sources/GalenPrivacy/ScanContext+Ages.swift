extension ScanContext {
    /// Words before a temperature (`T 95F`, `Tmax 96F`).
    static let temperatureCues: Set<String> = ["t", "temp", "temperature", "tmax", "tm", "tc", "febrile", "to"]

    /// Number words up to twenty, for ages written in words.
    static let numberWords: [String: Int] = ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                                             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
                                             "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
                                             "nineteen": 19, "twenty": 20]

    /// Ages over 89: `92-year-old`, `92 yo`, `96yo`, `aged 95`, `age: 101`, `turned 95`, `makes her 92`, and in words
    /// (`ninety-one years old`, `he is ninety-one`, `at ninety with`, `one hundred and one years`, `one hundred and
    /// two-year-old`).
    mutating func matchAges() {
        for i in t.indices where !claimed[i] {
            // "96yo", "101yof": the number and its unit in one token.
            if t[i].isWord, t[i].digits >= 2, t[i].digits <= 3, t[i].length > t[i].digits, b[t[i].start] >= 0x30 && b[t[i].start] <= 0x39 {
                let s = lower(i)
                let v = Int(s.prefix(t[i].digits)) ?? 0
                let unit = String(s.dropFirst(t[i].digits))
                // "95M", "101F" (age and sex), but not a temperature ("T 95F").
                let ageSex = (unit == "m" || unit == "f") && !(i > 0 && isAny(i - 1, ScanContext.temperatureCues))
                if v >= 90, v <= 125, ["yo", "y", "yof", "yom", "yrs", "yr", "yoa"].contains(unit) || ageSex {
                    add(.age, tokens: i, i)
                }
                continue
            }
            if let (last, v) = ageInWords(at: i) {
                guard v >= 90, v <= 125 else { continue }
                var k = last + 1
                if isPunct(k, 0x2D) { k += 1 }
                var yearsAfter = k < t.count && t[k].isWord && (["year", "years", "yo", "yr", "yrs"].contains(lower(k)) || lower(k).hasPrefix("year-"))
                    || lower(last).contains("-year")  // "ninety-four-year-old" in one token
                // "ninety-nine good years": one or two lower-case words before `years`.
                if !yearsAfter, k + 1 < t.count, t[k].isWord, !t[k].capitalised, t[k].digits == 0 {
                    if isOneOf(k + 1, ["years", "yrs"]) || k + 2 < t.count && t[k + 1].isWord && !t[k + 1].capitalised
                        && t[k + 1].digits == 0 && isOneOf(k + 2, ["years", "yrs"]) { yearsAfter = true }
                }
                // After "is"/"turned" the number must close its phrase: "he is ninety-one and", not "ninety percent".
                let cueBefore = i > 0 && (isAny(i - 1, ["is", "was", "age", "aged", "turned", "turns", "her", "him", "now", "at"])
                    || isFirstPersonAgeCue(i - 1))
                    && (last + 1 >= t.count || !t[last + 1].isWord || isAny(last + 1, ["and", "but", "now", "today", "this", "in", "on", "with"]))
                // "turned one hundred and one last month": after `turned`/`turns`/`aged` any word but a unit may follow.
                let strongCue = i > 0 && isOneOf(i - 1, ["turned", "turns", "aged"]) && !isNonAgeUnit(last + 1)
                // `son says "ninety-four and stubborn"`: a quoted age closing its phrase.
                let quoted = i > 0 && isPunct(i - 1, 0x22) && last + 1 < t.count && closesAge(last + 1)
                if yearsAfter || cueBefore || strongCue || quoted { add(.age, tokens: i, last) }
                continue
            }
            guard let v = intValue(i), v >= 90, v <= 125, t[i].length <= 3 else { continue }
            var ok = false
            var k = i + 1
            if isPunct(k, 0x2D) { k += 1 }
            if k < t.count, t[k].isWord {
                let w = lower(k)
                if ["year", "years", "yr", "yrs", "yo", "y", "yof", "yom", "yoa", "ans", "años", "anos", "jahre"].contains(w)
                    || w.hasPrefix("year-") { ok = true }
            }
            var p = i - 1
            if isPunct(p, 0x3A) { p -= 1 }
            if isAny(p, ["now", "also", "still"]), isAny(p - 1, ["is", "was"]) { p -= 1 }  // "father is now 97 and"
            // "his wife ivy is 90 and": a relation, one word (a name in any case), `is`/`was`, an age closing its phrase.
            if isAny(p, ["is", "was"]), p >= 2, t[p - 1].isWord, t[p - 1].digits == 0, isAny(p - 2, ScanContext.relationCues),
               closesAge(i + 1) { ok = true }
            if isAny(p, ["age", "aged", "ages", "turned", "turns"]) { ok = true }
            if isAny(p, ["her", "him"]), isAny(p - 1, ["makes", "made", "making"]) { ok = true }  // "which makes her 92"
            // "he was 98 and", "pt is 90;": a person before is/was and the number closing its phrase ("HR is 94" and
            // "she is 95% on RA" are not ages).
            // "he is 90-- no, 92": a dash after the age (two hyphens, an en or em dash, or one standing alone).
            if isAny(p, ["is", "was"]), isAny(p - 1, ScanContext.personSubjects),
               closesAge(i + 1) || agePerSource(i + 1) || dashAfterAge(i + 1) { ok = true }
            // "she is 91 lol she says": `he`/`she` is a number and a lower-case word that is no unit.
            if isAny(p, ["is", "was"]), isOneOf(p - 1, ["he", "she"]), i + 1 < t.count, t[i + 1].isWord, t[i + 1].digits == 0,
               !t[i + 1].capitalised, !isNonAgeUnit(i + 1) { ok = true }
            // "I am 94 and", "he's 97.", "she's 101,": a person and a contracted or first-person `be`.
            if isFirstPersonAgeCue(p), closesAge(i + 1) { ok = true }
            // "age per meds list 96 —", "age by report 93.": `age`, `per`/`by`, up to three lower-case words, an age
            // closing its phrase.
            if ageSourceCue(endingAt: p), closesAge(i + 1) || isStandaloneDash(i + 1) { ok = true }
            // "still living at 95 in Altamura", "died at 97.": a verb of living or dying, `at`, an age closing its
            // phrase or followed by `in`/`with` (not `living at 95 Elm St`, `working at 95 percent`).
            if isWord(p, "at"), isOneOf(p - 1, ["living", "alive", "died", "dying", "passed", "driving", "working", "walking"]),
               closesAge(i + 1) || isStandaloneDash(i + 1) || isOneOf(i + 1, ["in", "with"]) { ok = true }
            if ok { add(.age, tokens: i, i) }
        }
    }

    /// Whether token `k` is a unit or a word that makes the number before it something other than an age (`95
    /// percent`, `91 kg`, `90 minutes`, `turned 90 degrees`).
    func isNonAgeUnit(_ k: Int) -> Bool {
        guard k >= 0, k < t.count else { return false }
        if !t[k].isWord { return isPunct(k, 0x25) || isPunct(k, 0x2F) }  // "95%", "90/60"
        return isOneOf(k, ["percent", "pct", "kg", "kgs", "lb", "lbs", "pounds", "kilos", "bpm", "mmhg", "degrees", "deg",
                           "min", "mins", "minutes", "seconds", "sec", "hours", "hrs", "days", "weeks", "months", "mg",
                           "ml", "cm", "mm", "inches", "times", "over", "on", "sat", "sats", "mcg", "units", "beats", "of"])
    }

    /// Words naming a person before `is`/`was` and an age (`he was 98`, `pt is 90;`).
    static let personSubjects: Set<String> = ["he", "she", "pt", "patient", "mother", "father", "mom", "dad", "grandmother",
                                              "grandfather", "grandma", "grandpa", "husband", "wife", "aunt", "uncle",
                                              "resident", "who", "sister", "brother", "client", "member", "veteran", "widow",
                                              "widower"]

    /// Whether token `k` is a person's `be` in speech: `am` after `I`, or one token `he's`, `she's`, `I'm`, `im`,
    /// `hes`, `shes`.
    func isFirstPersonAgeCue(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, t[k].isWord, t[k].digits == 0, t[k].length <= 5 else { return false }
        if isWord(k, "am") { return isWord(k - 1, "i") }
        return isOneOf(k, ["he's", "she's", "i'm", "im", "hes", "shes"])  // "hes 92 and stubborn" (no apostrophe)
    }

    /// Whether tokens up to `p` are `age per …` or `age by …`: `age`/`aged`, `per`/`by`/`from`, then up to three
    /// lower-case words without digits ending at `p` (`age per meds list`, `age by report`).
    func ageSourceCue(endingAt p: Int) -> Bool {
        var k = p, words = 0
        while k >= 1, words <= 3, t[k].isWord, t[k].digits == 0, !t[k].capitalised || isOneOf(k, ["per", "by", "from"]) {
            if isOneOf(k, ["per", "by", "from"]) { return words <= 3 && isOneOf(k - 1, ["age", "aged"]) }
            k -= 1
            words += 1
        }
        return false
    }

    /// Whether tokens from `k` name the source of an age (`pt is 91 per face sheet`): `per` and a lower-case word
    /// that is no unit of time (`per minute`, `per day` stay).
    func agePerSource(_ k: Int) -> Bool {
        guard isWord(k, "per"), k + 1 < t.count, t[k + 1].isWord, t[k + 1].digits == 0, !t[k + 1].capitalised else { return false }
        return !isOneOf(k + 1, ["minute", "min", "hour", "hr", "day", "week", "month", "year", "cent", "dose", "kg"])
    }

    /// Whether token `k` is a dash that ends an age (`90-- no`, `90 - no`, `90— no`), not a range (`90-95`) or a
    /// compound (`90-year-old`).
    func dashAfterAge(_ k: Int) -> Bool {
        guard k < t.count, !t[k].isWord else { return false }
        if isStandaloneDash(k) { return true }
        if t[k].length == 3, b[t[k].start] == 0xE2 { return k + 1 >= t.count || !t[k + 1].isNumber }
        return isPunct(k, 0x2D) && isPunct(k + 1, 0x2D) && adjacent(k)
    }

    /// Whether token `k` is a dash standing alone (` - `, ` – `, ` — `).
    func isStandaloneDash(_ k: Int) -> Bool {
        guard k < t.count, !t[k].isWord, t[k].spaceBefore else { return false }
        let c = b[t[k].start]
        return c == 0x2D || c == 0xE2 && t[k].length == 3 && b[t[k].start + 1] == 0x80 && (b[t[k].start + 2] == 0x93 || b[t[k].start + 2] == 0x94)
    }

    /// Whether token `k` ends an age phrase: end of text, `,` `.` `;` `)` `!` (not `%` or a unit), or `and`,
    /// `but`, `now`, `today`, `this`.
    func closesAge(_ k: Int) -> Bool {
        if k >= t.count { return true }
        if t[k].isWord { return isAny(k, ["and", "but", "now", "today", "this"]) }
        if b[t[k].start] == 0x22 { return true }  // `she is 101 "and a half"`
        return [0x2C, 0x2E, 0x3B, 0x29, 0x21].contains(b[t[k].start]) && (k + 1 >= t.count || t[k + 1].spaceBefore || !t[k + 1].isWord)
    }

    /// Ages right after a found name and a comma or bracket, in digits or words (`Cornelius Shaw, 98, room 212`,
    /// `wife Opal (91)`, `Earl Beasley, ninety, dementia`, `Narayanaswamy, 91 F,`), or after a name and `is`/`was`
    /// (`brother Arvid is 101 and`): run after the names.
    mutating func matchAgesAfterNames() {
        for i in t.indices where !claimed[i] && i >= 2 && (isPunct(i - 1, 0x2C) || isPunct(i - 1, 0x28)) {
            var last = i
            if let v = intValue(i), v >= 90, v <= 125, t[i].length <= 3 { last = i }
            else if let (l, v) = ageInWords(at: i), v >= 90, v <= 125 { last = l }
            else { continue }
            guard claimed[i - 2], spans.contains(where: { $0.type == .name && $0.end == t[i - 2].end }) else { continue }
            // "Narayanaswamy, 91 F," — a sex letter after the age.
            let sexLetter = isAny(last + 1, ["f", "m"]) && t[last + 1].allCaps && (last + 2 >= t.count || !t[last + 2].isWord)
            let closed = isPunct(i - 1, 0x28) ? isPunct(last + 1, 0x29)
                : last + 1 >= t.count || isPunct(last + 1, 0x2C) || isPunct(last + 1, 0x2E) && (last + 2 >= t.count || t[last + 2].spaceBefore)
                    || sexLetter
            if closed { add(.age, tokens: i, last) }
        }
        // "her brother Arvid is 101 and", "his wife Dolores Villarreal, is 90 and": a found name (and a comma),
        // `is`/`was`, an age closing its phrase.
        for i in t.indices where i >= 2 && !claimed[i] && t[i].isNumber && t[i].length <= 3 && isOneOf(i - 1, ["is", "was"]) {
            let n = isPunct(i - 2, 0x2C) ? i - 3 : i - 2
            guard n >= 0, claimed[n], let v = intValue(i), v >= 90, v <= 125, closesAge(i + 1),
                  spans.contains(where: { $0.type == .name && $0.end == t[n].end }) else { continue }
            add(.age, tokens: i, i)
        }
    }

    /// An age of 90–125 written in words starting at token `i` (`ninety`, `ninety-one`, `ninety one`, `one hundred`,
    /// `one hundred and two`, `a hundred`): its last token and value; nil when the words are not such a number.
    func ageInWords(at i: Int) -> (last: Int, value: Int)? {
        guard t[i].isWord, t[i].digits == 0, t[i].length >= 3, (b[t[i].start] | 0x20) == 0x6E || (b[t[i].start] | 0x20) == 0x6F
        else { return nil }  // n(inety), o(ne)
        var w = lower(i)
        if let r = w.range(of: "-year") { w = String(w[..<r.lowerBound]) }  // "ninety-four-year-old"
        if w == "ninety" {
            if i + 1 < t.count, !t[i + 1].lineBefore, t[i + 1].isWord, let u = ScanContext.numberWords[lower(i + 1)], u <= 9 { return (i + 1, 90 + u) }
            return (i, 90)
        }
        if w.hasPrefix("ninety-") {
            guard let u = ScanContext.numberWords[String(w.dropFirst(7))], u <= 9 else { return nil }
            return (i, 90 + u)
        }
        guard w == "one", isWord(i + 1, "hundred") else { return nil }
        var k = i + 2
        if isWord(k, "and") { k += 1 }
        var unit = lower(k)
        if let r = unit.range(of: "-year") { unit = String(unit[..<r.lowerBound]) }  // "one hundred and two-year-old"
        if k < t.count, t[k].isWord, let u = ScanContext.numberWords[unit] { return (k, 100 + u) }
        if k < t.count, t[k].isWord, lower(k).hasPrefix("twenty-"), let u = ScanContext.numberWords[String(lower(k).dropFirst(7))], u <= 5 {
            return (k, 120 + u)
        }
        return (i + 1, 100)
    }
}
