extension ScanContext {
    /// Words naming a person's role in care after which an initial and a family name follow (`RN B PETTAWAY`).
    static let careRoleWords: [StaticString] = ["rn", "lpn", "np", "pa", "md", "do", "dr", "cna", "rt", "pharmd", "nurse"]

    /// Labels with a colon after which `LAST, I` in capitals names a clinician (`PCP: OWUSU, K`, `DR: LEE, J`).
    static let clinicianLabels: [StaticString] = ["pcp", "dr", "md", "attending", "provider", "physician", "ordering",
                                                  "doctor", "referring", "resident", "surgeon", "by", "rn", "np", "pa",
                                                  "consultant", "cardiologist", "oncologist"]

    /// Names after words that introduce a person (run with the other person forms, before `matchNames`):
    /// - two or three person words (capitalised, not common or clinical words) after a relation (`Daughter Ruthanne
    ///   McAllister`, `grand-niece Reiko Shimabukuro`, `great-grandson …`), `Patient`, or `identified as` /
    ///   `identified by … as` (`Driver identified as Pa Nhia Vang`);
    /// - `LAST, I` in capitals after a clinician label and a colon (`PCP: OWUSU, K`, `DR: MATSUMOTO, K`);
    /// - a care role, an initial and a family name (`CALLED TO RN B PETTAWAY AT 0612`).
    mutating func matchNamesAfterPersonNouns() {
        for i in t.indices where t[i].isWord && t[i].digits == 0 && t[i].length >= 2 && i + 1 < t.count {
            // Cheap tests first: each form needs a capital, a colon or a one-letter word right after its cue.
            let next = t[i + 1]
            guard next.capitalised || (!next.isWord && b[next.start] == 0x3A) else { continue }
            if t[i].length >= 3, next.isWord, !next.lineBefore, isPersonNoun(i) {
                namePhrase(from: i + 1)
            } else if isWord(i, "as"), i >= 1, identifiedBefore(i) {
                namePhrase(from: i + 1)
            } else if isOneOf(i, ScanContext.clinicianLabels), isPunct(i + 1, 0x3A) {
                capitalLastInitial(from: i + 2)
            } else if t[i].allCaps || t[i].capitalised, isOneOf(i, ScanContext.careRoleWords), i + 2 < t.count,
                      t[i + 1].length == 1, t[i + 1].capitalised, t[i + 1].isWord, !claimed[i + 1], !t[i + 1].lineBefore,
                      !t[i + 2].lineBefore, t[i + 2].length >= 4, !claimed[i + 2], surnameWord(i + 2) {
                add(.name, tokens: i + 1, i + 2)
            }
        }
    }

    /// Whether token `i` is a relation (`daughter`, `grand-niece`, `great-grandson`) or `patient`.
    private func isPersonNoun(_ i: Int) -> Bool {
        guard t[i].length <= 20 else { return false }
        if isOneOf(i, ["patient", "pt"]) { return true }
        var w = lower(i)
        for prefix in ["grand-", "great-", "step-"] where w.hasPrefix(prefix) { w = String(w.dropFirst(prefix.count)) }
        if w.hasPrefix("grand") { w = String(w.dropFirst(5)) }
        return ScanContext.relationCues.contains(w) || ["niece", "nephew", "son", "daughter", "child", "mother", "father"].contains(w)
    }

    /// Whether `identified` comes one to five words before token `as` (`identified as`, `identified by his mother as`).
    private func identifiedBefore(_ i: Int) -> Bool {
        var k = i - 1
        while k >= 0, k >= i - 5 {
            if isWord(k, "identified") { return true }
            if t[k].lineBefore || !t[k].isWord { return false }
            k -= 1
        }
        return false
    }

    /// Two or three person words from token `k` on one line (`Ruthanne McAllister`, `Pa Nhia Vang`, `Lamar
    /// Jefferson-Boateng`): the first may be short (`Pa`), the last must be a person word of two or more letters.
    private mutating func namePhrase(from k: Int) {
        guard k < t.count, !claimed[k], t[k].isWord, t[k].capitalised, !t[k].allCaps else { return }  // not a heading: "PATIENT FINANCIAL SERVICES"
        var last = k
        while last + 1 < t.count, last + 1 - k < 3, !t[last + 1].lineBefore, t[last + 1].spaceBefore, personWord(last + 1),
              !plainEnglish(last + 1) { last += 1 }
        guard last > k, !plainEnglish(k), personWord(k) || (t[k].length == 2 && !t[k].allCaps && nameLike(k, allowCommon: false))
        else { return }
        add(.name, tokens: k, last)
    }

    /// Whether token `k` is an English word (`Cell`, `Phone`) that is no listed name.
    private func plainEnglish(_ k: Int) -> Bool {
        let cap = capitalisedForm(k)
        return lexicon.englishWords.contains(lower(k)) && !lexicon.firstNames.contains(cap) && !lexicon.lastNames.contains(cap)
    }

    /// `LAST, I` in capitals from token `k` (`OWUSU, K`), the initial closing the name (not followed by digits).
    private mutating func capitalLastInitial(from k: Int) {
        guard k + 2 < t.count, !claimed[k], t[k].isWord, t[k].allCaps, t[k].digits == 0, t[k].length >= 3, isPunct(k + 1, 0x2C),
              t[k + 2].isWord, t[k + 2].length == 1, t[k + 2].allCaps, !t[k + 2].lineBefore, surnameWord(k) else { return }
        if k + 3 < t.count, t[k + 3].isNumber, !t[k + 3].lineBefore { return }
        add(.name, tokens: k, k + 2)
    }

    /// Whether token `k` (any case) may be a family name: listed, or an unknown name word, and not a common word.
    private func surnameWord(_ k: Int) -> Bool {
        guard t[k].isWord, t[k].digits == 0 else { return false }
        let cap = capitalisedForm(k)
        if lexicon.commonWords.contains(cap) || lexicon.englishWords.contains(lower(k)) { return lexicon.lastNames.contains(cap) && !lexicon.commonWords.contains(cap) }
        let w = lower(k)
        return !ScanContext.looksLikeTerm(w) && !ScanContext.departmentWords.contains(text(k)) && !w.hasSuffix("ology")
            && !lexicon.facilityLike(text(k))
    }
}
