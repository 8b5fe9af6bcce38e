extension ScanContext {
    /// Words of a dwelling unit before its number or letter (`Apt 3A`, `Flat 7`, `Lot 22`, `Bldg C`, `unit 207`).
    static let unitWords: Set<String> = ["apt", "apartment", "unit", "flat", "suite", "ste", "lot", "bldg", "building", "space",
                                         "cabin", "trailer"]

    /// Last words of a named residential complex (`Kumasi Court`, `Riverside Towers`, `Cloverleaf Apartments`,
    /// `Sunset Acres MHP`, `Crestwood Village`).
    static let complexWords: Set<String> = ["court", "ct", "towers", "tower", "apartments", "apts", "village", "mhp", "manor",
                                            "terrace", "gardens", "estates", "place", "plaza", "commons", "heights", "lofts",
                                            "residences", "acres", "homes", "condominiums", "condos", "arms", "mews", "park",
                                            "villas", "cottages", "flats", "house"]

    /// Dwelling units written around an address or a named complex (run after the places): a unit before a found
    /// address (`Apt 3A, 77 Beacon St`, `Flat 4, 27 Coldharbour Lane`); a named complex with its units after it or
    /// before it (`Kumasi Court, Unit 5C`, `Crestwood Village, building 14, unit 207`, `Lot 22, SUNSET ACRES MHP`,
    /// `Apt 6, Cedar Ridge Senior Apts`, `Linden Court, 2nd floor`); a unit after a found street address (`66
    /// Orchard St, 2F`, `37 Calle Sol, apt 2`, `3418 E. 123rd St, down unit`); and highway contract boxes (`HC 61
    /// BOX 22`). A unit word alone (`Unit 5C` of a ward) stays.
    mutating func matchAddressUnits() {
        var i = 0
        while i + 1 < t.count {
            defer { i += 1 }
            // Words of the complex or the unit may already be found (`lives at Apt` takes `Apt`); the wider span is
            // added over them (`add` skips only a span found whole; the scanner merges overlapping spans).
            guard t[i].isWord else { continue }
            // "HC 61 BOX 22": a highway contract route and its box.
            if isWord(i, "hc"), t[i].allCaps, i + 3 < t.count, t[i + 1].isNumber, isWord(i + 2, "box"), t[i + 3].isNumber,
               !t[i + 3].lineBefore {
                add(.location, tokens: i, i + 3)
                i += 3
                continue
            }
            // A named complex starting here, then its units.
            if t[i].capitalised, t[i].digits == 0, let end = complexEnd(from: i), let units = unitsAfter(end), units > end {
                add(.location, tokens: i, units)
                i = units
                continue
            }
            // Units, a comma, then a found address or a named complex.
            guard let firstUnit = unitEnd(from: i), isPunct(firstUnit + 1, 0x2C), firstUnit + 2 < t.count, !t[firstUnit + 2].lineBefore
            else { continue }
            var next = firstUnit + 2
            var last = firstUnit
            while let more = unitEnd(from: next), isPunct(more + 1, 0x2C), more + 2 < t.count { last = more; next = more + 2 }
            if let s = spans.firstIndex(where: { $0.type == .location && $0.start == t[next].start }) {
                let end = spans[s].end
                for k in i...last { claimed[k] = true }
                claimed[last + 1] = true
                spans[s] = PHISpan(type: .location, start: t[i].start, end: end)
                i = last
            } else if t[next].capitalised, let end = complexEnd(from: next) {
                add(.location, tokens: i, end)
                i = end
            }
        }
        // "66 Orchard St, 2F", "37 Calle Sol, apt 2": units after a found street address.
        for s in spans.indices where spans[s].type == .location {
            guard let last = token(endingAt: spans[s].end), isStreetEnd(last), let units = unitsAfter(last) else { continue }
            for k in last + 1...units { claimed[k] = true }
            spans[s] = PHISpan(type: .location, start: spans[s].start, end: t[units].end)
        }
    }

    /// Whether token `k` ends a street name: a street suffix (`St`, `Lane`, `Concourse`) or its dot.
    private func isStreetEnd(_ k: Int) -> Bool {
        if isPunct(k, 0x2E), k >= 1 { return t[k - 1].isWord && lexicon.streetSuffixes.contains(capitalisedForm(k - 1)) }
        guard t[k].isWord, t[k].digits == 0 else { return false }
        return lexicon.streetSuffixes.contains(capitalisedForm(k)) || lexicon.streetSuffixes.contains(text(k))
    }

    /// The last token of a named complex starting at `i`: one to four capitalised words (any case in capitals) on one
    /// line, the last one a complex word (`Desert Palms MHP`, `Riverside Towers`); nil otherwise.
    private func complexEnd(from i: Int) -> Int? {
        var k = i
        var words = 0
        // The complex word may be written in lower case (`Lincoln Heights apartments`).
        while k < t.count, words < 4, t[k].isWord, t[k].capitalised || words > 0, t[k].digits == 0, k == i || !t[k].lineBefore {
            if words > 0, startsWithAny(k, "ctavmpghlrfe"), isAny(k, ScanContext.complexWords) {
                // "Lincoln Heights apartments", "Maple Terrace Apartments": a second complex word goes with it.
                if k + 1 < t.count, !t[k + 1].lineBefore, t[k + 1].isWord, startsWithAny(k + 1, "ctavmpghlrfe"),
                   isAny(k + 1, ScanContext.complexWords) { return k + 1 }
                return k
            }
            if !t[k].capitalised { return nil }
            if !nameLike(k, allowCommon: true) && !t[k].allCaps { return nil }
            words += 1
            k += 1
        }
        return nil
    }

    /// The last token of one unit starting at `k`: a unit word and a code of at most five letters and digits (`Apt
    /// 3A`, `Bldg C`, `unit 207`, `#4B`); nil otherwise.
    private func unitEnd(from k: Int) -> Int? {
        if isPunct(k, 0x23), k + 1 < t.count, adjacent(k), t[k + 1].isWord, t[k + 1].digits >= 1, t[k + 1].length <= 5 { return k + 1 }
        guard startsWithAny(k, "aufslbct"), isAny(k, ScanContext.unitWords), k + 1 < t.count, !t[k + 1].lineBefore else { return nil }
        var n = k + 1
        if isPunct(n, 0x23) { n += 1 }
        guard n < t.count, t[n].isWord, t[n].length <= 5, t[n].digits >= 1 || t[n].length == 1 && t[n].allCaps else { return nil }
        return n
    }

    /// The last token of units after a comma following token `last` (`, Unit 5C`, `, building 14, unit 207`, `, 2F`,
    /// `, 2nd floor`, `, down unit`), closed by a comma, a full stop, a bracket or the line's end; nil when none.
    private func unitsAfter(_ last: Int) -> Int? {
        var end = last
        var p = last + 1
        while isPunct(p, 0x2C), p + 1 < t.count, !t[p + 1].lineBefore {
            let k = p + 1
            var e: Int? = unitEnd(from: k)
            // "2F", "3R", "12B": a floor or door code alone.
            if e == nil, t[k].isWord, t[k].digits >= 1, t[k].digits <= 2, t[k].length - t[k].digits == 1, t[k].allCaps { e = k }
            // "2nd floor", "down unit", "upstairs unit".
            if e == nil, k + 1 < t.count, isAny(k + 1, ["floor", "fl", "unit"]), !t[k + 1].lineBefore,
               t[k].isWord && (t[k].digits >= 1 && t[k].length <= 4 || isAny(k, ["down", "up", "upper", "lower", "rear", "front", "upstairs",
                                                                                  "downstairs", "basement", "top", "ground"])) { e = k + 1 }
            // "Basement", "rear" alone closing the phrase (`62-14 Fresh Pond Rd, basement`).
            if e == nil, t[k].isWord, isAny(k, ["basement", "bsmt", "rear", "upstairs", "downstairs"]) { e = k }
            guard var u = e else { break }
            // A second unit after a space: `bldg 7 #203`, `Bldg C Apt 4`.
            if let more = unitEnd(from: u + 1), !t[u + 1].lineBefore { u = more }
            end = u
            p = u + 1
        }
        guard end > last else { return nil }
        let c = end + 1
        guard c >= t.count || t[c].lineBefore || isPunct(c, 0x2C) || isPunct(c, 0x2E) || isPunct(c, 0x29) || isPunct(c, 0x3B) else { return nil }
        return end
    }
}
