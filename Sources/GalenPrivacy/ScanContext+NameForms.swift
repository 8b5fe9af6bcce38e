extension ScanContext {
    /// Names with a nickname in quotes between given and family name (`Theodore "Teddy" Marchetti`,
    /// `Salvatore "Sal" Iacobelli`, `Travis "TJ" Pruitt`): a capitalised word, a capitalised word in double quotes, then one or two name-like words, where the first or the last word is in the name lists.
    mutating func matchNicknamedNames() {
        var i = 0
        while i + 4 < t.count {
            defer { i += 1 }
            guard !claimed[i], t[i].isWord, t[i].capitalised, t[i].digits == 0, t[i].length > 1,
                  let (open, close) = quoted(at: i + 1), close + 1 < t.count, !t[close + 1].lineBefore,
                  nameLike(close + 1, allowCommon: true), !claimed[close + 1] else { continue }
            // The quoted word must be one capitalised word: `"Sal"`, `"TJ"`.
            guard close == open + 2, t[open + 1].isWord, t[open + 1].capitalised, t[open + 1].digits == 0 else { continue }
            let last = nameEnd(from: close + 1, allowCommon: false)
            let known = lexicon.firstNames.contains(capitalisedForm(i)) || compoundKnown(i, in: lexicon.firstNames)
                || (close + 1...last).contains { lexicon.lastNames.contains(capitalisedForm($0)) || compoundKnown($0, in: lexicon.lastNames) }
            guard known, nameLike(i, allowCommon: true) else { continue }
            add(.name, tokens: i, last)
            i = last
        }
    }

    /// The tokens of an opening and a closing straight double quote around token `k + 1`, when token `k` opens
    /// one; nil otherwise.
    private func quoted(at k: Int) -> (open: Int, close: Int)? {
        guard k + 2 < t.count, isPunct(k, 0x22), adjacent(k), adjacent(k + 1), isPunct(k + 2, 0x22) else { return nil }
        return (k, k + 2)
    }

    /// User names built from a person's name: a lower-case token of an initial and a family name from the census
    /// list, optionally followed by digits (`jmorrow`, `lpatel3`, `kjensen`), after `user`, `username`, `userid`,
    /// `login`, `by`, `operator` or `tech`, or alone after a
    /// dash that starts its line (a signature). The family name must have four letters or more and the token must
    /// not be a common word.
    mutating func matchUserNames() {
        for k in t.indices where !claimed[k] && t[k].isWord && t[k].length >= 5 && t[k].length <= 14 {
            let c0 = b[t[k].start]
            guard c0 >= 0x61 && c0 <= 0x7A else { continue }
            var letters = 0
            while letters < t[k].length, case let c = b[t[k].start + letters], c >= 0x61 && c <= 0x7A { letters += 1 }
            guard letters >= 5, t[k].digits == t[k].length - letters else { continue }  // letters then digits only
            var p = k - 1
            if isPunct(p, 0x3A) { p -= 1 }
            let cued = p >= 0 && (isWord(p, "user") || isWord(p, "by") || isWord(p, "login") || isWord(p, "username")
                || isWord(p, "userid") || isWord(p, "operator") || isWord(p, "tech"))
            var d = k - 1
            while d >= 1, isPunct(d, 0x2D), isPunct(d - 1, 0x2D), adjacent(d - 1) { d -= 1 }  // "--"
            // A signature: a dash starting its line, or a dash before a user name that ends the line or the text.
            let endsLine = k + 1 >= t.count || t[k + 1].lineBefore || t[k + 1].allCaps && t[k + 1].isWord
            let signature = d >= 0 && (isPunct(d, 0x2D) || isDash(d)) && (d == 0 || t[d].lineBefore || endsLine)
            guard cued || signature else { continue }
            let word = lower(k)
            let letterPart = word.prefix(letters)
            let family = String(letterPart.dropFirst())
            let form = family.prefix(1).uppercased() + family.dropFirst()
            guard lexicon.lastNames.contains(form), !lexicon.commonWords.contains(form),
                  !lexicon.commonWords.contains(letterPart.prefix(1).uppercased() + letterPart.dropFirst()) else { continue }
            add(.name, tokens: k, k)
        }
    }

    /// Whether token `k` is an em or en dash (`—`, `–`), a three-byte punctuation token.
    private func isDash(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, t[k].length == 3 else { return false }
        let s = t[k].start
        return b[s] == 0xE2 && b[s + 1] == 0x80 && (b[s + 2] == 0x94 || b[s + 2] == 0x93)
    }
}

extension ScanContext {
    /// Whether token `k` is an age with a sex letter (`61F`, `24M`, `102F`).
    func isAgeSex(_ k: Int) -> Bool {
        guard k < t.count, t[k].isWord, t[k].digits >= 1, t[k].digits <= 3, t[k].length == t[k].digits + 1 else { return false }
        let c = b[t[k].end - 1]
        return (c == 0x4D || c == 0x46) && b[t[k].start] >= 0x30 && b[t[k].start] <= 0x39
    }

    /// Whether token `k` could be an unknown word of a person's name: name-like and not a common word, not a
    /// facility, street or state word, not shaped like a clinical term, an adjective or a service, not a short
    /// abbreviation in capitals.
    func unknownNameWord(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, !claimed[k], t[k].length > 1, nameLike(k, allowCommon: false), !lexicon.facilityLike(text(k)),
              !(t[k].allCaps && t[k].length <= 4) else { return false }
        let w = lower(k)
        return !ScanContext.looksLikeTerm(w) && !ScanContext.looksLikeAdjective(w) && !ScanContext.departmentWords.contains(text(k))
            && !w.hasSuffix("ology") && !ScanContext.nameCues.contains(w) && !ScanContext.titles.contains(w)
            && !lexicon.countries.contains(text(k))
    }

    /// One to three name words right before an age with a sex letter (`Tavita Leiataua, 24M`, `Zinnia Hartwell,
    /// 61F`): a strong sign of a patient's name in a note's first line. The words must start their line or follow
    /// punctuation or a cue, and at least two of them must be there unless one follows `Pt`/`Patient`.
    mutating func namesBeforeAgeAndSex() {
        for a in t.indices where isAgeSex(a) && a >= 1 {
            var k = a - 1
            if isPunct(k, 0x2C) { k -= 1 }
            var first = k + 1, words = 0
            while k >= 0, words < 3, unknownNameWord(k) || !claimed[k] && t[k].isWord && t[k].capitalised && t[k].length > 1
                    && isKnownNameWord(k) && !lexicon.facilityLike(text(k)) {
                first = k
                words += 1
                if t[k].lineBefore { break }
                k -= 1
            }
            guard words >= 1 else { continue }
            let startsLine = t[first].lineBefore || first == 0
            let afterCue = first >= 1 && (!t[first - 1].isWord || isAny(first - 1, ["pt", "patient", "name", "re"]))
            guard startsLine || afterCue, words >= 2 || first >= 1 && isAny(first - 1, ["pt", "patient"]) else { continue }
            add(.name, tokens: first, a - 1 - (isPunct(a - 1, 0x2C) ? 1 : 0))
        }
    }

    /// Whether token `k` is in the first- or last-name lists (even as a common word such as `Price`).
    func isKnownNameWord(_ k: Int) -> Bool {
        let f = capitalisedForm(k)
        return lexicon.firstNames.contains(f) || lexicon.lastNames.contains(f)
    }

    /// Family names in `the Olawale family`, `the McCorkle family's`.
    mutating func familyNames() {
        for k in t.indices where k >= 1 && isWord(k - 1, "the") && isWord(k + 1, "family") && unknownNameWord(k) {
            add(.name, tokens: k, k)
        }
    }

    /// A given and a family name made of common words after a cue and a colon (`Caller: Bill Walker`, `Pt: Grace
    /// Field   DOB`), or after `pt` or a relation without one (`husband of pt Hope Walker)`): the first in the given-name list, the second in the family-name list, closing the phrase (or
    /// followed by two spaces, as in forms).
    mutating func commonWordNamesAfterColonCues() {
        // Cheap checks first (two capitalised unclaimed words on one line), the word lists last.
        for k in t.indices where k >= 1 && k + 1 < t.count && t[k].capitalised && t[k + 1].capitalised && !claimed[k] && !claimed[k + 1] {
            guard t[k].isWord, t[k + 1].isWord, t[k].digits == 0, t[k + 1].digits == 0, !t[k + 1].lineBefore, t[k].length > 2,
                  t[k + 1].length > 2 else { continue }
            let n = k + 2
            guard closesPhrase(n) || n < t.count && t[n].start - t[k + 1].end >= 2 else { continue }
            // After a colon any strong cue; without one only `pt`, `patient` and relations (`husband of pt Hope Walker`).
            let colon = isPunct(k - 1, 0x3A)
            let c = colon ? k - 2 : k - 1
            guard c >= 0, t[c].isWord, t[c].digits == 0, t[c].length <= 16 else { continue }
            let cue = lower(c)
            guard colon ? ScanContext.nameCues.contains(cue) && !ScanContext.weakNameCues.contains(cue)
                        : cue == "pt" || cue == "patient" || ScanContext.relationCues.contains(cue) else { continue }
            guard lexicon.firstNames.contains(capitalisedForm(k)), lexicon.lastNames.contains(capitalisedForm(k + 1)),
                  !lexicon.facilityLike(text(k)), !lexicon.facilityLike(text(k + 1)) else { continue }
            add(.name, tokens: k, k + 1)
        }
    }

    /// Joins two found names separated only by a comma on one line (`Okonkwo, Chidinma` found as two names), and
    /// widens a found name over one unknown name word right after it that closes the phrase (`Gary Lindstrom,`) or
    /// right before it at the start of a line or after punctuation (`Zinnia Hartwell, 61F`).
    mutating func joinSplitNames() {
        var order = spans.indices.filter { spans[$0].type == .name }.sorted { spans[$0].start < spans[$1].start }
        var removed = Set<Int>()
        for n in 0..<order.count {
            let ai = order[n]
            guard !removed.contains(ai), let first = token(startingAt: spans[ai].start) else { continue }
            var last = first
            while last + 1 < t.count, t[last + 1].end <= spans[ai].end { last += 1 }
            // Last, First split in two.
            if n + 1 < order.count, isPunct(last + 1, 0x2C), last + 2 < t.count, !t[last + 2].lineBefore,
               spans[order[n + 1]].start == t[last + 2].start {
                let bi = order[n + 1]
                claimed[last + 1] = true
                spans[ai] = PHISpan(type: .name, start: spans[ai].start, end: spans[bi].end)
                removed.insert(bi)
                order[n + 1] = ai
                continue
            }
            var newFirst = first, newLast = last
            let f = last + 1
            if f < t.count, !t[f].lineBefore, t[f].spaceBefore, unknownNameWord(f),
               closesPhrase(f + 1) || isAgeSex(f + 1) || f + 1 < t.count && t[f + 1].start - t[f].end >= 2 { newLast = f }
            // A common word that is a family name before an age and sex: "Elowen Price 19F".
            else if f < t.count, !claimed[f], !t[f].lineBefore, t[f].spaceBefore, isAgeSex(f + 1), t[f].length > 2,
                    nameLike(f, allowCommon: true), lexicon.lastNames.contains(capitalisedForm(f)), !lexicon.facilityLike(text(f)) { newLast = f }
            let p = first - 1
            if p >= 0, !t[first].lineBefore, unknownNameWord(p), p == 0 || t[p].lineBefore || !t[p - 1].isWord && !isPunct(p - 1, 0x2E) {
                newFirst = p
            }
            if newFirst != first || newLast != last {
                for k in newFirst...newLast { claimed[k] = true }
                spans[ai] = PHISpan(type: .name, start: t[newFirst].start, end: t[newLast].end)
            }
        }
        if !removed.isEmpty { spans = spans.enumerated().filter { !removed.contains($0.offset) }.map(\.element) }
    }
}
