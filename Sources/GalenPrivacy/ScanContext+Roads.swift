extension ScanContext {
    /// Prefixes of numbered US roads written as a code (`US-163`, `SR 19`, `FM 1431`, `CR 12`, `K-56`).
    static let roadCodes: Set<String> = ["US", "SR", "CR", "FM", "RM", "SH", "CTH", "STH", "USH"]

    /// Kinds of road that take a number with a word before naming who keeps them (`County Road 9`, `BIA Route 7`,
    /// `State Highway 20`, `Farm Road 1431`).
    static let roadKeepers: Set<String> = ["county", "state", "farm", "ranch", "forest", "bia", "township", "tribal", "parish",
                                           "co", "us"]

    /// Words that place a road (`on US-441`, `off Loop 410`, `take US-163`, `out FM 1431`).
    static let roadCues: Set<String> = ["on", "off", "at", "along", "near", "to", "from", "via", "take", "took", "down", "up",
                                        "past", "onto", "out", "by", "across", "crossing", "and", "scene"]

    /// Numbered roads the other place rules do not read: a keeper word and a road word with its number (`County Road
    /// 9`, `county road 12`, `BIA Route 7`, `US Highway 2`); a road code with a hyphen (`US-163`, `SR-19`, `US-2`); a
    /// road code, `Loop` or a route word and a number after a word that places a road, a house number, or between
    /// commas after a capitalised word (`on US 287`, `off Loop 410`, `out FM 1431`, `Motel, Rt 30, in`); each with
    /// what places a point on it
    /// (`mile marker 64 on US-2`, `US-163 north`). Numbers of 1–4 digits, a letter allowed after (`CR 12B`). After a
    /// word that places a road (or `scene:`) also a state code with a hyphen (`on SD-44`, `scene: ND-200 near`; not
    /// tumour markers, `CA-125`, `CA 19-9`) and `County` with its number alone (`on County 55`).
    mutating func matchRoads() {
        var i = 0
        while i + 1 < t.count {
            // First letters of the keeper words, road codes, `Loop` and route words: most words are ruled out
            // without building a string.
            guard !claimed[i], t[i].isWord, t[i].digits == 0, t[i].length <= 8,
                  t[i].length == 1 || startsWithAny(i, "ucsfrbtplh") || t[i].length == 2 && t[i].allCaps && isPunct(i + 1, 0x2D),
                  let last = roadEnd(from: i) else { i += 1; continue }
            var first = i
            // "mile marker 64 on US-2": the marker goes with the road.
            if i >= 4, isAny(i - 1, ["on", "of"]), t[i - 2].isNumber, isAny(i - 3, ["marker", "post"]), isWord(i - 4, "mile"),
               !claimed[i - 4] { first = i - 4 }
            add(.location, tokens: first, last)
            i = last + 1
        }
    }

    /// The last token of a numbered road starting at token `i` (see `matchRoads`), or nil.
    private func roadEnd(from i: Int) -> Int? {
        var k = i
        var strong = false
        if isAny(k, ScanContext.roadKeepers) {
            // "County Road 9", "US Route 1".
            var n = k + 1
            if isPunct(n, 0x2E) { n += 1 }
            if isAny(n, ["road", "rd", "route", "rte", "highway", "hwy", "trunk"]), !t[n].lineBefore { k = n; strong = true }
        }
        var number: Int
        if strong {
            number = k + 1
            if isPunct(number, 0x2E), adjacent(k) { number += 1 }
        } else if t[k].allCaps, ScanContext.roadCodes.contains(text(k)) || t[k].length == 1 && b[t[k].start] != 0x49 {
            // "US-163", "K-56" (not "I-95", read by the interstate rule); a single letter needs the hyphen.
            if isPunct(k + 1, 0x2D), adjacent(k), adjacent(k + 1) { number = k + 2; strong = t[k].length > 1 }
            else if t[k].length > 1 { number = k + 1 }
            else { return nil }
        } else if t[k].length == 2, t[k].allCaps, isPunct(k + 1, 0x2D), adjacent(k), adjacent(k + 1), lexicon.states.contains(text(k)) {
            // "SD-44": a state route, taken only after a word that places a road (below).
            number = k + 2
            if isWord(k, "ca"), let v = intValue(number), [125, 153, 199, 19, 27, 29, 549].contains(v) { return nil }
        } else if isWord(k, "county"), t[k].capitalised, k + 1 < t.count, t[k + 1].isNumber {
            number = k + 1  // "on County 55"
        } else if isWord(k, "loop"), t[k].capitalised {
            number = k + 1
        } else if isAny(k, ScanContext.routeWords) {
            number = k + 1
            if isPunct(number, 0x2E), adjacent(k) { number += 1 }
        } else {
            return nil
        }
        guard number < t.count, t[number].isWord, !t[number].lineBefore, t[number].digits >= 1, t[number].digits <= 4,
              t[number].length - t[number].digits <= 1, b[t[number].start] >= 0x31 && b[t[number].start] <= 0x39 else { return nil }
        // Not a measurement or a count after it ("US 12 wk", "Loop 2 diuretics").
        if number + 1 < t.count, t[number + 1].isWord, isNonAgeUnit(number + 1) || isAny(number + 1, ["wk", "wks", "week", "weeks", "x"]) {
            return nil
        }
        if number + 1 < t.count, !t[number + 1].spaceBefore, isPunct(number + 1, 0x2F) || isPunct(number + 1, 0x2E) && number + 2 < t.count
            && t[number + 2].isNumber { return nil }
        if !strong {
            var p = i - 1
            if isPunct(p, 0x3A) { p -= 1 }
            let cued = p >= 0 && (isAny(p, ScanContext.roadCues) || t[p].isNumber && t[p].length <= 6 && !t[p].lineBefore
                || isPunct(p, 0x2C) && p >= 1 && t[p - 1].isWord && t[p - 1].capitalised && t[p - 1].digits == 0 && isPunct(number + 1, 0x2C))
            guard cued else { return nil }
        }
        var last = number
        // "US-163 north", "Loop 410 eastbound", "Route 9 at mile marker 12".
        if isAny(last + 1, ["nb", "sb", "eb", "wb", "northbound", "southbound", "eastbound", "westbound"]), !t[last + 1].lineBefore { last += 1 }
        var m = last + 1
        if isAny(m, ["near", "at", "by"]) { m += 1 }
        if isWord(m, "mile"), isAny(m + 1, ["marker", "post"]), m + 2 < t.count, t[m + 2].isNumber { last = m + 2 }
        return last
    }
}
