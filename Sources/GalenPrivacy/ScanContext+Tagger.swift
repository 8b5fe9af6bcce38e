extension ScanContext {
    /// Names and places found by the learned `NameTagger` among the words the rules left alone (run last).
    mutating func matchTagged(by tagger: NameTagger) {
        // Quick exit: no unclaimed capitalised word without digits that could be taken, nothing to look at.
        var any = false
        for i in t.indices where !claimed[i] && t[i].isWord && t[i].capitalised && t[i].digits == 0 && !notTaggable(i) {
            any = true
            break
        }
        guard any else { return }
        let f = TokenFeatures(bytes: b, tokens: t, ruleSpans: spans, lexicon: lexicon)
        let found = tagger.spans(bytes: b, tokens: t, features: f, excluded: { notTaggable($0) })
        for s in found { add(s.type, bytes: s.start, s.end) }
    }

    /// Words the tagger may not take, as the rules would not: clinical abbreviations (`BP`, `ICU`), an eponym before
    /// a clinical head word (`Graves disease`), a mixed-case term ending in a capital (`IgE`), and, unless in the
    /// name lists, a word of two letters (`Ab`) or with a clinical ending (`Colonoscopy`, `Palpation`).
    func notTaggable(_ k: Int) -> Bool {
        if t[k].allCaps, t[k].length <= 4, ScanContext.clinicalAbbreviations.contains(text(k)) { return true }  // BP, ICU
        if isEponym(k) { return true }
        if !t[k].allCaps, b[t[k].end - 1] >= 0x41 && b[t[k].end - 1] <= 0x5A { return true }
        if t[k].length == 2 {
            let cap = capitalisedForm(k)
            return !lexicon.firstNames.contains(cap) && !lexicon.lastNames.contains(cap)
        }
        guard t[k].length > 4, t[k].length <= 15 else { return false }
        let w = lower(k)
        guard ScanContext.looksLikeTerm(w) else { return false }
        let cap = capitalisedForm(k)
        return !lexicon.firstNames.contains(cap) && !lexicon.lastNames.contains(cap)
    }
}
