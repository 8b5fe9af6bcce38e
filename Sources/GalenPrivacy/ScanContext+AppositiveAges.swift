extension ScanContext {
    /// Words for a person that an age may follow or stand beside (`Pt (92, lives …`, `Client is 97,`, `Pt 90 M`).
    static let ageHolders: Set<String> = ["pt", "patient", "client", "resident", "member", "veteran", "caller", "mother",
                                          "father", "mom", "dad", "mum", "grandmother", "grandfather", "grandma", "grandpa",
                                          "husband", "wife", "aunt", "uncle", "sister", "brother", "widow", "widower",
                                          "himself", "herself"]

    /// Words after an age that close it as a person's age: other languages' `years` (`95 ans`, `92 años`) and the
    /// reflexive of `(90 himself)`.
    static let ageClosers: Set<String> = ["ans", "años", "anos", "jahre", "jaar", "anni", "lat", "himself", "herself"]

    /// Ages over 89 written beside a person rather than with a unit or a cue (run after the names and the name
    /// tagger, so names they found count): a number 90–125 in digits after a name-like word or a person word and a
    /// comma, an opening bracket or a dash (`Reinholt, 97, comfort care`, `Augusta Bloom (104!)`, `LAVENDER, ESTHER —
    /// 102,`, `(joseph valentini, 96)`, `Pt (92, lives with son`), after such a comma and `also`/`now` (`Germaine,
    /// also 93.`), right after a found name (`Wife Miriam 90, both`), after a person word with a sex letter
    /// (`Pt 90 M found`), after a date and a bracket (`DOB 08/02/1933 (93)`), or before `ans`/`años` (`Mme
    /// Bouchard-Lévesque, 95 ans`). The number must close its phrase (`,` `.` `;` `:` `)` `!`, `and`, a sex letter,
    /// `on` before a date, `ans`, `himself`): `Glucose (95 mg/dL)`, `HR, 92 bpm`, `Smith 95%` stay.
    mutating func matchAgesBesidePersons() {
        for i in t.indices where !claimed[i] && t[i].isNumber && t[i].length >= 2 && t[i].length <= 3 && i >= 1 {
            guard let v = intValue(i), v >= 90, v <= 125 else { continue }
            // Numbers in a row with others (`90/60`, `90-95`, `1.90`) are no ages.
            if i >= 1, !t[i].spaceBefore, !isPunct(i - 1, 0x28) { continue }
            if i + 1 < t.count, !t[i + 1].isWord, !t[i + 1].spaceBefore, isPunct(i + 1, 0x2F) || isPunct(i + 1, 0x2D) || isPunct(i + 1, 0x2E)
                && i + 2 < t.count && t[i + 2].isNumber && !t[i + 2].spaceBefore { continue }
            // A dash standing alone closes the age when no number follows it (`Mildred Sunday, 93 - Sensipar`, not
            // `92 - 110`).
            let closes = closesAge(i + 1) || isPunct(i + 1, 0x3A) || isAny(i + 1, ScanContext.ageClosers) || sexLetterAfter(i)
                || isWord(i + 1, "on") && i + 2 < t.count && claimedAsDate(i + 2)
                || isStandaloneDash(i + 1) && i + 2 < t.count && t[i + 2].digits == 0
            var p = i - 1
            if isAny(p, ["also", "now"]) { p -= 1 }
            // `DOB 03/02/1935, so 91.`: the age a date of birth gives.
            if isWord(p, "so"), isPunct(p - 1, 0x2C), birthDateEnds(at: p - 2) { p -= 1 }
            // `DOB 1930.12.08, 95, our MRN`: an age right after a date of birth and a comma.
            if isPunct(p, 0x2C), closes, birthDateEnds(at: p - 1) { add(.age, tokens: i, i); continue }
            if p >= 0, isPunct(p, 0x2C) || isPunct(p, 0x28) || isDashToken(p) {
                // `(93)` after a date: the age at a date of birth.
                if isPunct(p, 0x28), isPunct(i + 1, 0x29), p >= 1, claimedAsDate(p - 1) { add(.age, tokens: i, i); continue }
                if closes, p >= 1, personBeforeAge(p - 1) { add(.age, tokens: i, i); continue }
                // `años (92)`: a number in words with its unit, then the digits in brackets.
                if isPunct(p, 0x28), isPunct(i + 1, 0x29), isAny(p - 1, ["years", "yrs", "ans", "años", "anos"]) { add(.age, tokens: i, i) }
                continue
            }
            // `Wife Miriam 90, both`: right after a name found by a rule or the name tagger.
            if p == i - 1, closes, !isPunct(i + 1, 0x3A), nameSpanEnds(at: p) { add(.age, tokens: i, i); continue }
            // `Pt 90 M found`: a person word, the number and a sex letter.
            if p == i - 1, sexLetterAfter(i), isAny(p, ScanContext.ageHolders) { add(.age, tokens: i, i) }
        }
    }

    /// Ages over 89 in words beside a person, as `matchAgesBesidePersons` finds them in digits: after a name-like
    /// word or a person word and a comma or an opening bracket (`Abebech Tesfaye, ninety-three, with`, `(Winifred
    /// Hughes, ninety-six)`, `Hollace Begaye (ninety-two)`), or after a date of birth and a comma (`DOB 12/30/1932,
    /// ninety-three,`), the words closing their phrase. `HR, ninety, regular` and `Smith, ninety percent` stay.
    mutating func matchWordAgesBesidePersons() {
        for i in t.indices where i >= 2 && !claimed[i] && t[i].isWord && t[i].digits == 0 && t[i].length >= 3 && startsWithAny(i, "no")
            && (isPunct(i - 1, 0x2C) || isPunct(i - 1, 0x28)) {
            guard let (last, v) = ageInWords(at: i), v >= 90, v <= 125, !(i...last).contains(where: { claimed[$0] }) else { continue }
            let closes = closesAge(last + 1) || isPunct(last + 1, 0x3A) || isAny(last + 1, ScanContext.ageClosers)
                || isStandaloneDash(last + 1) && last + 2 < t.count && t[last + 2].digits == 0
            guard closes else { continue }
            if personBeforeAge(i - 2) || isPunct(i - 1, 0x2C) && birthDateEnds(at: i - 2) { add(.age, tokens: i, last) }
        }
    }

    /// Whether token `k` is a person an age may stand beside: the end of a found name, a person word
    /// (`ageHolders`), or a name-like word that is a listed name or no English word (`Reinholt`, `ESTHER`,
    /// lower-case `valentini` when listed), not a clinical abbreviation or term.
    private func personBeforeAge(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, t[k].isWord, t[k].digits == 0, t[k].length >= 2 else { return false }
        if nameSpanEnds(at: k) { return true }
        if isAny(k, ScanContext.ageHolders) { return true }
        if t[k].allCaps, t[k].length <= 4, ScanContext.clinicalAbbreviations.contains(text(k)) { return false }
        let cap = capitalisedForm(k)
        let listed = (lexicon.firstNames.contains(cap) || lexicon.lastNames.contains(cap)) && !lexicon.commonWords.contains(cap)
        if !t[k].capitalised { return listed && !lexicon.englishWords.contains(lower(k)) }
        guard nameLike(k, allowCommon: true), !lexicon.facilityLike(text(k)), !ScanContext.looksLikeTerm(lower(k)) else { return false }
        if listed { return true }
        // Two name-like words (`Iolanthe Price`): a common word may end a name after a given name.
        if k >= 1, t[k - 1].isWord, !t[k].lineBefore, lexicon.firstNames.contains(capitalisedForm(k - 1)), nameLike(k - 1, allowCommon: false) {
            return true
        }
        return t[k].length >= 4 && !lexicon.englishWords.contains(lower(k)) && !lexicon.commonWords.contains(cap)
    }

    /// Whether a name span found so far ends with token `k`.
    private func nameSpanEnds(at k: Int) -> Bool {
        guard k >= 0, k < t.count, claimed[k] else { return false }
        let end = t[k].end
        return spans.contains { $0.type == .name && $0.end == end }
    }

    /// Whether token `k` ends a found date that a date-of-birth cue (`DOB`, `born`, `birthdate`, a `:` after it)
    /// stands right before.
    private func birthDateEnds(at k: Int) -> Bool {
        guard claimedAsDate(k) else { return false }
        let end = t[k].end
        guard let date = spans.first(where: { $0.type == .date && $0.end == end }) else { return false }
        var s = k
        while s > 0, t[s - 1].start >= date.start { s -= 1 }
        var c = s - 1
        if isPunct(c, 0x3A) { c -= 1 }
        return isOneOf(c, ["dob", "born", "birthdate"])
    }

    /// Whether token `k` is inside a found date.
    private func claimedAsDate(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, claimed[k] else { return false }
        let s = t[k].start
        return spans.contains { $0.type == .date && $0.start <= s && s < $0.end }
    }

    /// Whether token `i + 1` is a sex letter (`M`, `F`, in capitals) ending the age (`90 M found`, `91 F,`).
    private func sexLetterAfter(_ i: Int) -> Bool {
        guard i + 1 < t.count, t[i + 1].isWord, t[i + 1].length == 1, !t[i + 1].lineBefore else { return false }
        let c = b[t[i + 1].start]
        return (c == 0x4D || c == 0x46) && (i + 2 >= t.count || !t[i + 2].isWord || t[i + 2].spaceBefore)
    }
}
