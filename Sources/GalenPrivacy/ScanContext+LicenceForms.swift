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
    ///   years`).
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
