extension ScanContext {
    /// Titles before a name.
    static let titles: Set<String> = ["dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "nurse",
                                      "sr", "sister", "father", "rev", "mister"]
    /// Words after which a capitalised word is a name.
    static let nameCues: Set<String> = ["name", "patient", "pt", "signed", "seen", "by", "attending", "pcp", "spouse",
                                        "wife", "husband", "son", "daughter", "mother", "father", "brother", "sister",
                                        "accompanied", "per", "dictated", "resident", "fellow", "np", "pa", "contact",
                                        "caregiver", "guardian", "friend", "partner", "cc", "surgeon", "referring",
                                        "provider", "physician", "neighbor", "niece", "nephew", "grandson",
                                        "granddaughter", "aunt", "uncle", "cousin", "boyfriend", "girlfriend", "nok"]

    /// Relations after which any capitalised word is taken for a name.
    static let relationCues: Set<String> = ["wife", "husband", "son", "daughter", "mother", "father", "brother", "sister",
                                            "spouse", "aunt", "uncle", "cousin", "niece", "nephew", "grandson",
                                            "granddaughter", "partner", "boyfriend", "girlfriend", "friend", "caregiver",
                                            "guardian", "neighbor", "participant", "decedent", "guarantor", "proband"]

    /// Whether token `k` can be part of a name: capitalised word without digits, not a common word (unless
    /// `allowCommon`), or an initial (`J.`).
    func nameLike(_ k: Int, allowCommon: Bool) -> Bool {
        guard k < t.count, t[k].isWord, t[k].digits == 0, t[k].capitalised else { return false }
        if t[k].length == 1 { return true }
        if !allowCommon, lexicon.commonWords.contains(capitalisedForm(k)) { return false }
        if DateValue.month(named: text(k)) != nil, t[k].length <= 9, !lexicon.firstNames.contains(capitalisedForm(k)) { return false }
        if lexicon.streetSuffixes.contains(text(k)) && t[k].length > 2 { return false }
        return true
    }

    /// Extends a name from token `i` over further name-like tokens (initials with their dot, up to four words).
    func nameEnd(from i: Int, allowCommon: Bool) -> Int {
        var last = i
        if t[i].length == 1, isPunct(i + 1, 0x2E) { last = i + 1 }
        var words = 1
        while words < 4 {
            let n = last + 1
            guard n < t.count, !t[n].lineBefore, nameLike(n, allowCommon: allowCommon) else { break }
            if t[n].length > 1, !allowCommon, lexicon.commonWords.contains(capitalisedForm(n)) { break }
            last = n
            if t[n].length == 1, isPunct(n + 1, 0x2E) { last = n + 1 }
            words += 1
        }
        // Last, First after a title or cue: "Dr. Hernandez, Ahmed".
        if isPunct(last + 1, 0x2C), last + 2 < t.count, !t[last + 2].lineBefore, t[last + 2].digits == 0,
           t[last + 2].capitalised, t[last + 2].length > 1, !lexicon.commonWords.contains(capitalisedForm(last + 2)),
           lexicon.firstNames.contains(capitalisedForm(last + 2))
            || (nameLike(last + 2, allowCommon: false) && (last + 3 >= t.count || !t[last + 3].isWord) && !lexicon.states.contains(text(last + 2))) {
            return last + 2
        }
        return last
    }

    /// Names after titles and cue words, from the name lists, and in `Last, First` order; then every other
    /// occurrence of a word found in a name.
    mutating func matchNames() {
        var i = 0
        while i < t.count {
            if claimed[i] || !t[i].isWord { i += 1; continue }
            // Title: Dr. Smith, Mrs Ana Lopez
            if t[i].digits == 0, ScanContext.titles.contains(lower(i)), t[i].capitalised || isWord(i, "nurse") || isWord(i, "doctor") {
                var k = i + 1
                if isPunct(k, 0x2E) { k += 1 }
                if k < t.count, !claimed[k], nameLike(k, allowCommon: true) {
                    let last = nameEnd(from: k, allowCommon: true)
                    add(.name, tokens: k, last)
                    i = last + 1
                    continue
                }
            }
            // Cue words: "Patient: Ana Lopez", "wife Maria", "seen by Okafor"
            if t[i].digits == 0, ScanContext.nameCues.contains(lower(i)) {
                var k = i + 1
                if isPunct(k, 0x3A) || isPunct(k, 0x2C) { k += 1 }
                if isWord(k, "name") { k += 1; if isPunct(k, 0x3A) { k += 1 } }
                let family = ScanContext.relationCues.contains(lower(i))
                if k < t.count, !claimed[k], nameLike(k, allowCommon: family && lexicon.firstNames.contains(capitalisedForm(k))),
                   t[k].length > 1, !isAny(k, ScanContext.titles),
                   family || isKnownName(k) || (k + 1 < t.count && nameLike(k + 1, allowCommon: false) && isKnownName(k + 1)) || isPunct(k - 1, 0x3A) {
                    let last = family && t[k].capitalised ? max(k, nameEnd(from: k, allowCommon: false)) : nameEnd(from: k, allowCommon: false)
                    add(.name, tokens: k, last)
                    i = last + 1
                    continue
                }
            }
            if t[i].capitalised, t[i].digits == 0, t[i].length > 1 {
                let form = capitalisedForm(i)
                let common = lexicon.commonWords.contains(form)
                let first = lexicon.firstNames.contains(form)
                let lastName = lexicon.lastNames.contains(form)
                // Last, First
                if isPunct(i + 1, 0x2C), i + 2 < t.count, t[i + 2].capitalised, !common, t[i + 2].digits == 0, t[i + 2].length > 1,
                   !lexicon.commonWords.contains(capitalisedForm(i + 2)), !lexicon.states.contains(text(i + 2)),
                   lastName && nameLike(i + 2, allowCommon: false) || lexicon.firstNames.contains(capitalisedForm(i + 2)) && nameLike(i, allowCommon: false),
                   !lexicon.cityFirstWords.contains(text(i)) {
                    let last = nameEnd(from: i + 2, allowCommon: false)
                    add(.name, tokens: i, last)
                    i = last + 1
                    continue
                }
                // First M. Last, and Unknown Lastname (second word from the last-name list).
                if !common, nameLike(i, allowCommon: false), i + 1 < t.count, !t[i + 1].lineBefore,
                   (t[i + 1].length == 1 && t[i + 1].capitalised && isPunct(i + 2, 0x2E) && nameLike(i + 3, allowCommon: false))
                    || (nameLike(i + 1, allowCommon: false) && t[i + 1].length > 2 && lexicon.lastNames.contains(capitalisedForm(i + 1))
                        && !lexicon.facilityLike(text(i + 1)) && !lexicon.facilityLike(text(i)) && !ScanContext.looksLikeAdjective(lower(i))) {
                    let last = nameEnd(from: i, allowCommon: false)
                    add(.name, tokens: i, last)
                    i = last + 1
                    continue
                }
                if first {
                    let hasNext = i + 1 < t.count && !t[i + 1].lineBefore && nameLike(i + 1, allowCommon: false)
                    if hasNext && (!common || lexicon.lastNames.contains(capitalisedForm(i + 1)) || t[i + 1].length == 1) {
                        let last = nameEnd(from: i, allowCommon: false)
                        add(.name, tokens: i, last)
                        i = last + 1
                        continue
                    }
                    if !common && !t[i].allCaps {
                        add(.name, tokens: i, i)
                        i += 1
                        continue
                    }
                }
            }
            i += 1
        }
        propagateNames()
    }

    /// Whether a lowercased word ends like an English adjective or clinical term (`vaginal`, `chronic`, `nervous`),
    /// which an unknown first word of a name rarely does.
    static func looksLikeAdjective(_ w: String) -> Bool {
        ["al", "ic", "ous", "ive", "ary", "ory", "ine", "ile", "ing", "ed", "ia", "is", "oid", "ar", "um"].contains { w.hasSuffix($0) } && w.count > 4
    }

    private func isKnownName(_ k: Int) -> Bool {
        let f = capitalisedForm(k)
        return lexicon.firstNames.contains(f) || lexicon.lastNames.contains(f)
    }

    /// Marks every unclaimed occurrence of a word that is part of a found name.
    private mutating func propagateNames() {
        var words = Set<String>()
        for s in spans where s.type == .name {
            for k in t.indices where t[k].start >= s.start && t[k].end <= s.end && t[k].isWord && t[k].length > 2 {
                words.insert(capitalisedForm(k))
            }
        }
        guard !words.isEmpty else { return }
        for k in t.indices where !claimed[k] && t[k].isWord && t[k].capitalised && t[k].length > 2 {
            let f = capitalisedForm(k)
            if words.contains(f), !lexicon.commonWords.contains(f) {
                var last = k
                if isPunct(k + 1, 0x27), k + 2 < t.count, isWord(k + 2, "s") { last = k }
                add(.name, tokens: k, last)
            }
        }
    }
}
