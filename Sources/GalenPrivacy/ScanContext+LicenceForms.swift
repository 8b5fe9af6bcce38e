extension ScanContext {
    /// Words naming a licensed profession before its licence number (`licensed psychologist 1447`).
    static let licensedProfessions: Set<String> = ["psychologist", "physician", "pharmacist", "nurse", "counselor",
                                                   "counsellor", "therapist", "social", "worker", "dentist", "midwife",
                                                   "practitioner", "chiropractor", "optometrist", "psychiatrist",
                                                   "clinician", "professional", "paramedic", "electrician", "driver",
                                                   "guard", "interpreter", "vocational", "marriage", "family", "clinical",
                                                   "independent", "master", "embalmer", "funeral", "director", "pilot"]

    /// Licence numbers in forms the cue rules do not read (run before `matchNumbers`):
    /// - a Washington-style licence after a licence cue and a state code, the surname part padded with `*` (`CDL WA
    ///   TANE*WM418PN`, `DL WA SMITH**J123AB`): one span from the letters;
    /// - a number after `licensed` and one or two profession words (`Oklahoma licensed psychologist 1447`, `licensed
    ///   clinical social worker 60213`): three to ten digits closing the phrase (not `licensed psychologist 15
    ///   years`);
    /// - a state code and a number after a clinician's credential (`Chiamaka Obi, LICSW MN 44718`, `CRNA lic ND
    ///   22041`) or after a licence cue and its class in brackets (`CDL (class A) SD 01447820`): the state and the
    ///   number, four to ten digits standing alone (not `RN MN 2 yrs`, `MD MN 55.4`);
    /// - a certification written twice, the second time as the prefix of its number (`PALS PALS 2209-17`, `TNCC TNCC
    ///   0447182`, `SANE-A SANE-A 44718`): the second word and the number (not `BP BP 120`: three letters at least,
    ///   four digits at least).
    mutating func matchLicenceForms() {
        var i = 0
        while i + 2 < t.count {
            defer { i += 1 }
            guard t[i].isWord, !claimed[i] else { continue }
            // Starred codes: letters, one or more `*` joined, then letters and digits.
            if t[i].allCaps, t[i].digits == 0, t[i].length <= 6, isPunct(i + 1, 0x2A), adjacent(i) {
                var k = i + 1
                while isPunct(k, 0x2A), adjacent(k) { k += 1 }
                guard k < t.count, !t[k].spaceBefore, t[k].isWord, t[k].digits >= 1, t[k].length >= 4, t[k].length <= 12,
                      licenceCueBefore(i) else { continue }
                add(.license, tokens: i, k)
                i = k
                continue
            }
            if let last = stateLicenceEnd(after: i) {
                add(.license, tokens: last - 1, last)
                i = last
                continue
            }
            // `PALS PALS 2209-17`: a word repeated as the prefix of its number.
            if t[i].allCaps, t[i].digits == 0, t[i].length >= 3, t[i].length <= 8, t[i + 1].isWord, t[i + 1].length == t[i].length,
               !t[i + 1].lineBefore, text(i + 1) == text(i), t[i + 2].isNumber, t[i + 2].length >= 4, !t[i + 2].lineBefore, !claimed[i + 2] {
                var last = i + 2
                if isPunct(last + 1, 0x2D), adjacent(last), adjacent(last + 1), last + 2 < t.count, t[last + 2].isNumber { last += 2 }
                if last + 1 < t.count, adjacent(last), t[last + 1].isWord || isPunct(last + 1, 0x2F) || isPunct(last + 1, 0x2E) && last + 2 < t.count && t[last + 2].isNumber {
                    continue
                }
                add(.license, tokens: i + 1, last)
                i = last
                continue
            }
            // `licensed` + one or two profession words + the number.
            if isWord(i, "licensed") {
                var k = i + 1, words = 0
                while k < t.count, words < 3, t[k].isWord, t[k].digits == 0, isAny(k, ScanContext.licensedProfessions) { k += 1; words += 1 }
                if isPunct(k, 0x23) || isPunct(k, 0x3A) { k += 1 }
                guard words >= 1, k < t.count, t[k].isNumber, t[k].length >= 3, t[k].length <= 10, !t[k].lineBefore, !claimed[k],
                      closesPhrase(k + 1) || k + 1 < t.count && t[k + 1].lineBefore || isAny(k + 1, ["and", "in", "since"]) else { continue }
                add(.license, tokens: k, k)
                i = k
            }
        }
    }

    /// Credentials of clinicians and other licensed staff written after a name (`LICSW`, `CRNA`, `RN`).
    static let licensedCredentials: [StaticString] = ["licsw", "lcsw", "lmsw", "lisw", "lpc", "lpcc", "lmft", "lmhc", "lcpc",
                                                      "ladc", "crna", "aprn", "cnm", "cns", "rn", "lpn", "lvn", "np", "pa-c", "rrt",
                                                      "cna", "slp", "ccc-slp", "rd", "ld", "emt", "paramedic", "cwocn", "md", "do",
                                                      "dds", "dmd", "dpm", "pharmd", "rph", "psyd", "bcba", "ot", "otr", "pt", "dpt"]

    /// The last token of a state code and a licence number after token `i` when `i` is a credential (`LICSW MN
    /// 44718`, `CRNA lic ND 22041`) or a licence cue with its class in brackets (`CDL (class A) SD 01447820`).
    private func stateLicenceEnd(after i: Int) -> Int? {
        // Only a state code after the credential or the bracket makes it a licence: most words are ruled out before
        // a word list is read.
        guard t[i].length <= 9, t[i].digits == 0, i + 2 < t.count else { return nil }
        var k = i + 1
        let bracket = isPunct(k, 0x28)
        if !bracket, !(t[k].isWord && t[k].length == 2 && t[k].allCaps), !isOneOf(k, ["lic", "license", "licence"]),
           !isPunct(k, 0x23), !isPunct(k, 0x3A) { return nil }
        if !bracket, isOneOf(i, ScanContext.licensedCredentials) {
            if isOneOf(k, ["lic", "license", "licence"]) { k += 1 }
            if isPunct(k, 0x23) || isPunct(k, 0x3A) { k += 1 }
        } else if bracket, isOneOf(i, ["license", "licence", "lic", "dl", "cdl"]) {
            // `(class A)`: up to three words in brackets.
            var q = k + 1
            while q < t.count, q - k <= 4, t[q].isWord, !t[q].lineBefore { q += 1 }
            guard q > k + 1, isPunct(q, 0x29) else { return nil }
            k = q + 1
        } else {
            return nil
        }
        guard k + 1 < t.count, t[k].isWord, t[k].length == 2, t[k].allCaps, !t[k].lineBefore, !claimed[k],
              lexicon.states.contains(text(k)), t[k + 1].isNumber, t[k + 1].length >= 4, t[k + 1].length <= 10,
              t[k + 1].start == t[k].end + 1 else { return nil }
        let last = k + 1
        guard last + 1 >= t.count || !adjacent(last) && !isPunct(last + 1, 0x2E) || closesPhrase(last + 1) && !adjacent(last + 1) else { return nil }
        return last
    }

    /// Whether a licence cue (`license`, `licence`, `lic`, `DL`, `CDL`, `permit`) stands within the three tokens
    /// before `i`, with only a state code, `#` or `:` between.
    private func licenceCueBefore(_ i: Int) -> Bool {
        var k = i - 1, steps = 0
        while k >= 0, steps < 4 {
            if isAny(k, ["license", "licence", "lic", "dl", "cdl", "permit"]) { return true }
            let state = t[k].isWord && t[k].length == 2 && t[k].allCaps && lexicon.states.contains(text(k))
            guard state || isPunct(k, 0x23) || isPunct(k, 0x3A) else { return false }
            k -= 1
            steps += 1
        }
        return false
    }
}
