extension ScanContext {
    static let placeCues: Set<String> = ["in", "at", "from", "near", "to", "lives", "resides", "of", "moved", "born",
                                         "visiting", "visited", "hometown", "city", "town"]
    static let strongPlaceCues: Set<String> = ["lives", "resides", "reside", "live", "born", "hometown", "relocated", "moved"]
    static let facilityWords: Set<String> = ["Hospital", "Clinic", "Center", "Centre", "Infirmary", "Hospice",
                                             "Pharmacy", "Nursing", "Sanatorium", "Medical", "Health", "Rehabilitation",
                                             "Urgent", "Care", "Home", "University", "School", "College", "Church",
                                             "Memorial", "General", "Regional", "Community", "Children's", "County",
                                             "Facility", "Practice", "Associates", "Institute", "Lab", "Laboratory",
                                             "Laboratories", "Unit"]

    /// Street addresses (`42 Maple Street, Apt 3B`, `1600 N. Oak Ave`), facilities (`Mercy General Hospital`),
    /// counties, cities from the list (after a cue or before a state), and places after strong cues
    /// (`lives in Brookfield`).
    mutating func matchPlaces() {
        var i = 0
        while i < t.count {
            if claimed[i] || !t[i].isWord { i += 1; continue }
            // Street address: number + capitalised words + suffix.
            if t[i].isNumber, t[i].length <= 6 {
                var k = i + 1
                var words = 0
                var found = -1
                while k < t.count, words < 5, !t[k].lineBefore {
                    if isPunct(k, 0x2E) { k += 1; continue }
                    guard t[k].isWord, t[k].capitalised || (t[k].digits > 0 && t[k].length <= 4) else { break }
                    if words > 0, lexicon.streetSuffixes.contains(text(k)) { found = k }
                    words += 1
                    k += 1
                    if found >= 0 { break }
                }
                if found > 0 {
                    var last = found
                    if isPunct(last + 1, 0x2E) { last += 1 }
                    var u = last + 1
                    if isPunct(u, 0x2C) { u += 1 }
                    if u + 1 < t.count, isAny(u, ["apt", "apartment", "suite", "ste", "unit", "room", "rm", "floor", "fl"]) || isPunct(u, 0x23) {
                        var v = u + 1
                        if isPunct(v, 0x2E) || isPunct(v, 0x23) { v += 1 }
                        if v < t.count, t[v].isWord { last = v }
                    }
                    add(.location, tokens: i, last)
                    i = last + 1
                    continue
                }
            }
            guard t[i].capitalised, t[i].digits == 0 else { i += 1; continue }
            // Facilities and counties: capitalised words ending in a facility word.
            if let last = facilityEnd(from: i) {
                add(.location, tokens: i, last)
                i = last + 1
                continue
            }
            // Cities from the list.
            let word = text(i)
            if lexicon.cityFirstWords.contains(word) {
                for city in lexicon.citiesByFirstWord[word] ?? [] {
                    var k = i, ok = true
                    for (n, part) in city.enumerated() {
                        if n > 0 {
                            k += 1
                            if part.hasSuffix("."), isPunct(k, 0x2E) { }
                        }
                        let expected = part.hasSuffix(".") ? String(part.dropLast()) : part
                        guard k < t.count, text(k) == expected else { ok = false; break }
                        if part.hasSuffix(".") { k += 1; guard isPunct(k, 0x2E) else { ok = false; break } }
                    }
                    guard ok else { continue }
                    let cued = i > 0 && isAny(i - 1, ScanContext.placeCues)
                    let stateAfter = isPunct(k + 1, 0x2C) && k + 2 < t.count && lexicon.states.contains(text(k + 2))
                    let known = lexicon.firstNames.contains(word) || lexicon.lastNames.contains(word)
                    if stateAfter || (cued && (!known || city.count > 1)) || (cued && isAny(i - 1, ["in", "from", "near"])) {
                        add(.location, tokens: i, k)
                        i = k
                        break
                    }
                }
                if claimed[i] { i += 1; continue }
            }
            // Town before a state code and ZIP: "Millbrook CA 92393", "Cedar Hollow, OR 97266".
            if nameLike(i, allowCommon: false) {
                var k = i
                if k + 1 < t.count, nameLike(k + 1, allowCommon: false), !(t[k + 1].length == 2 && t[k + 1].allCaps) { k += 1 }
                var s = k + 1
                if isPunct(s, 0x2C) { s += 1 }
                if s + 1 < t.count, t[s].length == 2, t[s].allCaps, lexicon.states.contains(text(s)), t[s + 1].isNumber, t[s + 1].length == 5 {
                    add(.location, tokens: i, k)
                    i = k + 1
                    continue
                }
            }
            // After another place: "moved to Raleigh from Oakridge", or the town of a street address
            // ("88 Quarry Road, Pittsfield").
            let afterPlace = i >= 2 && claimed[i - 2] && spans.last.map({ $0.type == .location && $0.end == t[i - 2].end }) == true
            let afterStreet = afterPlace && isPunct(i - 1, 0x2C) && spans.last.map({ b[$0.start] >= 0x30 && b[$0.start] <= 0x39 }) == true
            if afterPlace, isAny(i - 1, ["from", "to", "near", "and"]) || afterStreet, nameLike(i, allowCommon: false) {
                let last = nameEnd(from: i, allowCommon: false)
                add(.location, tokens: i, last)
                i = last + 1
                continue
            }
            // Strong cues: "lives in Brookfield", "born in Port Ellis".
            var p = i - 1
            if isAny(p, ["in", "at", "to", "near", "outside"]) { p -= 1 }
            if p >= 0, p < i - 1 || isAny(p, ScanContext.strongPlaceCues), isAny(p, ScanContext.strongPlaceCues),
               nameLike(i, allowCommon: false) {
                let last = nameEnd(from: i, allowCommon: false)
                add(.location, tokens: i, last)
                i = last + 1
                continue
            }
            i += 1
        }
    }

    private func facilityEnd(from i: Int) -> Int? {
        var k = i
        var sawName = false
        var last: Int? = nil
        var words = 0
        while k < t.count, words < 6, t[k].isWord, t[k].capitalised || isWord(k, "of") || isWord(k, "the"), t[k].digits == 0 {
            if k > i, t[k].lineBefore { break }
            if isWord(k, "st"), isPunct(k + 1, 0x2E) { k += 2; words += 1; sawName = true; continue }
            let w = text(k)
            if ScanContext.facilityWords.contains(w) {
                if sawName, ["Hospital", "Clinic", "Center", "Centre", "Infirmary", "Hospice", "Pharmacy", "County",
                             "Institute", "Associates", "Practice", "Laboratory", "Laboratories", "Memorial", "Home"].contains(w) {
                    last = k
                }
            } else if !isWord(k, "of") && !isWord(k, "the") {
                if lexicon.commonWords.contains(w) && !sawName && words == 0 { return nil }
                sawName = true
            }
            k += 1
            words += 1
            if isPunct(k, 0x27), k + 1 < t.count, isWord(k + 1, "s") { k += 2 }
        }
        return last
    }
}
