extension ScanContext {
    /// Facility ends that need a name word before them that is not a common word (`Riverbend Imaging`, `Lakeshore GI
    /// Partners`, `Tri-County Regional`, `Geisinger CMC`, `Hopewell FQHC`; not `Breast Imaging`, `Care Partners`).
    static let namedFacilityEnds: Set<String> = ["Imaging", "Partners", "Regional", "CMC", "RMC", "UMC", "VAMC", "FQHC", "SNF",
                                                 "LTACH", "Radiology", "Diagnostics", "Orthopaedics", "Wellness"]

    /// `namedFacilityEnds` for the cheap test.
    static let facilityEndWords: [StaticString] = ["imaging", "partners", "regional", "cmc", "rmc", "umc", "vamc", "fqhc", "snf",
                                                   "ltach", "radiology", "diagnostics", "orthopaedics", "wellness"]

    /// Two-word facility ends that the older rules did not know (`Eastside Urgent Care`, `Heartland Home Health`).
    static let namedFacilityPairs: Set<String> = ["Urgent Care", "Home Health", "Immediate Care", "Walk-In Clinic",
                                                  "Express Care", "Rehabilitation Hospital",
                                                  "Rehabilitation & Nursing", "Nursing & Rehabilitation"]

    /// Workplace nouns after a place name (`at Kilcullen distribution centre`, `Harlan plant`).
    static let workplaceNouns: Set<String> = ["distribution", "warehouse", "plant", "factory", "mill", "mine", "depot",
                                              "quarry", "refinery", "cannery", "dairy", "shipyard", "foundry", "sawmill"]

    /// Place forms the older rules miss, run after `matchPlaces`:
    /// - facilities with the ends in `namedFacilityEnds` and `namedFacilityPairs`;
    /// - a found facility and its branch joined into one place: a street, a town, a corner or a store number after
    ///   `on`, `at`, `,`, `-` or `#` (`… Pharmacy on Mineral Point Rd`, `CVS, 295 Central Ave`, `Hanger Clinic - Upper
    ///   Darby`, `Walgreens #10447`), and capitalised words before `, number street` after a label or `to`/`at`;
    /// - street names in brackets (`(Bandera Rd)`);
    /// - lower-case street addresses with a direction or an ordinal (`5521 w 3rd st`), and the town, state and ZIP
    ///   after them (`48 w 11th st bayonne nj 07002`);
    /// - rural routes (`RR 2 Box 118`), foreign streets with the number after a comma (`Rua Vergueiro, 1421`);
    /// - a compass word before a found place (`Northeast Philadelphia`);
    /// - a listed town written in lower case after `live in/at`, `clinic in` (`we live at southgate`);
    /// - a capitalised name before a workplace noun after `at`/`from` (`operator at Kilcullen distribution centre`).
    mutating func matchPlaceBranches() {
        matchNamedFacilities()
        matchTownFields()
        matchBracketedStreets()
        matchLowercaseAddresses()
        matchRuralRoutes()
        matchWorkplaces()
        matchLowercaseTowns()
        widenPlacesOverCompass()
        joinFacilityBranches()
    }

    private mutating func matchNamedFacilities() {
        for k in t.indices where k >= 1 && !claimed[k] && t[k].isWord && t[k].capitalised && t[k].digits == 0 && t[k].length >= 3 {
            // Cheap filter: a one-word end or the first word of a pair (case is checked on the text below).
            guard isOneOf(k, ScanContext.facilityEndWords) || t[k].length >= 5 && b[t[k].end - 2] == 0x27 && b[t[k].end - 1] == 0x73
                    || k + 1 < t.count && (t[k + 1].capitalised || isPunct(k + 1, 0x26)) && isOneOf(k, ["urgent", "home", "immediate", "walk-in", "express",
                                                                               "rehabilitation", "nursing"]) else { continue }
            var w = text(k)
            if w.hasSuffix("'s") { w.removeLast(2) }  // "Hopewell FQHC's partner unit"
            var end = k
            var single = false
            if ScanContext.namedFacilityEnds.contains(w) {
                end = k
                single = true
            } else if k + 1 < t.count, !claimed[k + 1], t[k + 1].isWord, t[k + 1].capitalised, !t[k + 1].lineBefore,
                      ScanContext.namedFacilityPairs.contains(w + " " + text(k + 1)) {
                end = k + 1
            } else if isPunct(k + 1, 0x26), k + 2 < t.count, !claimed[k + 2], t[k + 2].isWord, t[k + 2].capitalised, !t[k + 2].lineBefore,
                      ScanContext.namedFacilityPairs.contains(w + " & " + text(k + 2)) {
                end = k + 2
            } else { continue }
            // Name words before: capitalised, unclaimed, on the line; at least one not a common or facility word.
            var first = k, named = false
            var p = k - 1
            while p >= 0, k - p <= 4, !claimed[p], t[p].isWord, t[p].capitalised || t[p].allCaps, t[p].digits == 0, !t[p + 1].lineBefore {
                let cap = capitalisedForm(p)
                if ScanContext.titles.contains(lower(p)) || ScanContext.clinicalAbbreviations.contains(text(p)) && !t[p].allCaps { break }
                if !lexicon.commonWords.contains(cap), !ScanContext.facilityWords.contains(text(p)), !ScanContext.looksLikeAdjective(lower(p)),
                   !ScanContext.departmentWords.contains(text(p)), !t[p].allCaps || t[p].length > 4 {
                    // Before a one-word end (`Imaging`) an English word names a kind, not a place (`Breast Imaging`),
                    // unless the lists know it as a name or a town (`Hopewell`).
                    let english = lexicon.englishWords.contains(lower(p))
                    if !single || !english || isKnownNameWord(p) || lexicon.citiesByFirstWord[cap] != nil { named = true }
                }
                first = p
                p -= 1
            }
            guard named, first < k else { continue }
            // "Heartland Home Health of Joplin": `of` and one or two capitalised words.
            if isWord(end + 1, "of"), end + 2 < t.count, t[end + 2].isWord, t[end + 2].capitalised, t[end + 2].digits == 0,
               !t[end + 2].lineBefore, !claimed[end + 2] {
                end += 2
                if end + 1 < t.count, t[end + 1].isWord, t[end + 1].capitalised, t[end + 1].digits == 0, !t[end + 1].lineBefore { end += 1 }
            }
            add(.location, tokens: first, end)
        }
    }

    /// Labels of form fields that hold a town (`CITY: Hamtramck`, `Town: Keene`, `Birthplace: Cork`).
    static let townLabels: Set<String> = ["city", "town", "municipality", "birthplace", "hometown", "village", "suburb",
                                          "neighborhood", "neighbourhood", "locality"]

    /// One to three capitalised words after a town label and a colon, closing their field (line end, two spaces, `,`).
    private mutating func matchTownFields() {
        for i in t.indices where t[i].isWord && t[i].digits == 0 && t[i].length >= 4 && t[i].length <= 13 && isPunct(i + 1, 0x3A) {
            guard ScanContext.townLabels.contains(lower(i)), i + 2 < t.count else { continue }
            var k = i + 2, last = -1
            while k < t.count, k - i - 2 < 3, !claimed[k], t[k].isWord, t[k].capitalised, t[k].digits == 0, !t[k].lineBefore || k == i + 2 {
                if k > i + 2, t[k].start - t[k - 1].end >= 2 { break }
                last = k
                k += 1
            }
            guard last >= i + 2 else { continue }
            let n = last + 1
            guard n >= t.count || t[n].lineBefore || t[n].start - t[last].end >= 2 || isPunct(n, 0x2C) || isPunct(n, 0x3B) else { continue }
            add(.location, tokens: i + 2, last)
        }
    }

    private mutating func matchBracketedStreets() {
        for o in t.indices where isPunct(o, 0x28) && o + 2 < t.count {
            var k = o + 1, words = 0
            while k < t.count, words < 4, t[k].isWord, t[k].capitalised, t[k].digits == 0, !claimed[k] {
                if words > 0, ["Rd", "Ave", "Blvd", "Road", "Avenue", "Boulevard", "Hwy", "Pkwy", "Lane", "Ln", "Street"].contains(text(k)) {
                    var last = k
                    if isPunct(k + 1, 0x2E) { last = k + 1 }
                    if isPunct(last + 1, 0x29) { add(.location, tokens: o + 1, last) }
                    break
                }
                words += 1
                k += 1
            }
        }
    }

    /// Lower-case street suffixes.
    static let lowerStreetSuffixes: Set<String> = ["st", "ave", "rd", "blvd", "dr", "ln", "ct", "pl", "way", "street", "avenue",
                                                   "road", "drive", "lane", "court", "place", "boulevard", "hwy", "pkwy", "ter", "terr", "terrace", "cir", "circle"]

    private mutating func matchLowercaseAddresses() {
        for i in t.indices where !claimed[i] && t[i].isNumber && t[i].length <= 6 && i + 3 < t.count {
            var k = i + 1
            // "our address is still 22 bayview terr": an address or living cue up to four words before the number.
            var cue = (max(0, i - 4)..<i).contains { isOneOf($0, ["address", "addr", "live", "lives", "living", "reside", "resides"]) }
            if t[k].isWord, t[k].digits == 0, t[k].length <= 2, ScanContext.directions.contains(text(k).uppercased()), !t[k].capitalised {
                cue = true
                k += 1
                if isPunct(k, 0x2E) { k += 1 }
            }
            guard k + 1 < t.count, !t[k].lineBefore, t[k].isWord, !t[k].capitalised else { continue }
            // An ordinal street (`3rd`, `11th`) or one or two lower-case words.
            if t[k].digits > 0 {
                // "3rd", "11th", or a bare number after a direction ("4419 sw 16 ter").
                guard t[k].digits <= 3, ScanContext.ordinalSuffixes.contains(String(lower(k).dropFirst(t[k].digits)))
                    || t[k].isNumber && cue else { continue }
                cue = true
                k += 1
            } else {
                var words = 0
                while k < t.count, words < 2, t[k].isWord, t[k].digits == 0, !t[k].capitalised, !t[k].lineBefore,
                      !ScanContext.lowerStreetSuffixes.contains(lower(k)) { k += 1; words += 1 }
                guard words >= 1 else { continue }
            }
            guard cue, k < t.count, !t[k].lineBefore, t[k].isWord, !t[k].capitalised,
                  ScanContext.lowerStreetSuffixes.contains(lower(k)) else { continue }
            var last = k
            if isPunct(last + 1, 0x2E), last + 2 >= t.count || t[last + 2].spaceBefore { last += 1 }
            add(.location, tokens: i, last)
            // The town, a state code and a ZIP after it, all in lower case: "bayonne nj 07002".
            var n = last + 1
            if isPunct(n, 0x2C) { n += 1 }
            var town = n, words = 0
            while town < t.count, words < 3, t[town].isWord, t[town].digits == 0, !t[town].capitalised, !t[town].lineBefore,
                  !(t[town].length == 2 && lexicon.states.contains(text(town).uppercased())) { town += 1; words += 1 }
            var s = town
            if isPunct(s, 0x2C) { s += 1 }
            guard words >= 1, s + 1 < t.count, t[s].isWord, t[s].length == 2, lexicon.states.contains(text(s).uppercased()) else { continue }
            add(.location, tokens: n, town - 1)
            if t[s + 1].isNumber, t[s + 1].length == 5 { add(.zip, tokens: s + 1, s + 1) }
        }
    }

    private mutating func matchRuralRoutes() {
        for i in t.indices where !claimed[i] && t[i].length == 2 && isWord(i, "rr") && i + 3 < t.count && t[i + 1].isNumber {
            var k = i + 2
            if isPunct(k, 0x2C) { k += 1 }
            guard isWord(k, "box"), k + 1 < t.count, t[k + 1].isNumber else { continue }
            add(.location, tokens: i, k + 1)
        }
        // "Rua Vergueiro, 1421": a found foreign street, a comma and a house number.
        for s in spans.indices where spans[s].type == .location {
            guard let last = token(endingAt: spans[s].end), isPunct(last + 1, 0x2C), last + 2 < t.count, !claimed[last + 2],
                  t[last + 2].isNumber, t[last + 2].length <= 5, !t[last + 2].lineBefore,
                  let first = token(startingAt: spans[s].start), isAny(first, ScanContext.foreignStreetWords) || isOneOf(first, ["av"]) else { continue }
            claimed[last + 1] = true
            claimed[last + 2] = true
            spans[s] = PHISpan(type: .location, start: spans[s].start, end: t[last + 2].end)
        }
    }

    private mutating func matchWorkplaces() {
        for k in t.indices where k >= 2 && t[k].isWord && !t[k].capitalised && t[k].digits == 0 && t[k].length >= 4 && t[k - 1].capitalised {
            guard ScanContext.workplaceNouns.contains(lower(k)) else { continue }
            var p = k - 1, first = k
            while p >= 0, k - p <= 3, !claimed[p], t[p].isWord, t[p].capitalised, t[p].digits == 0, !t[p + 1].lineBefore,
                  !lexicon.commonWords.contains(capitalisedForm(p)) || p < k - 1 { first = p; p -= 1 }
            guard first < k, p >= 0, isOneOf(p, ["at", "from", "the"]) else { continue }
            add(.location, tokens: first, k - 1)
        }
    }

    private mutating func matchLowercaseTowns() {
        for k in t.indices where k >= 2 && !claimed[k] && t[k].isWord && !t[k].capitalised && t[k].digits == 0 && t[k].length >= 4 {
            guard isOneOf(k - 1, ["in", "at", "near"]),
                  isOneOf(k - 2, ["live", "lives", "living", "moved", "clinic", "hospital", "stay", "staying", "co", "store", "office"])
            else { continue }
            let cap = capitalisedForm(k)
            guard !lexicon.commonWords.contains(cap), !ScanContext.functionWords.contains(lower(k)),
                  lexicon.citiesByFirstWord[cap]?.contains(where: { $0.count == 1 }) == true else { continue }
            add(.location, tokens: k, k)
        }
    }

    private mutating func widenPlacesOverCompass() {
        // "in Northeast Philadelphia": a compass word and a listed one-word town after `in`/`from`/`near`, not yet found.
        for k in t.indices where k >= 2 && !claimed[k] && t[k].capitalised
            && isOneOf(k, ["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "midtown", "uptown",
                           "downtown", "greater"]) {
            let n = k + 1
            guard n < t.count, !claimed[n], !t[n].lineBefore, t[n].isWord, t[n].capitalised, t[n].digits == 0, t[n].length <= 15,
                  isOneOf(k - 1, ["in", "from", "near", "to"]), !lexicon.commonWords.contains(capitalisedForm(n)),
                  lexicon.citiesByFirstWord[text(n)]?.contains(where: { $0.count == 1 }) == true else { continue }
            add(.location, tokens: k, n)
        }
        // "on I-45 N near": a found interstate widened over its direction.
        for s in spans.indices where spans[s].type == .location {
            guard let last = token(endingAt: spans[s].end), t[last].isNumber, last >= 2, isPunct(last - 1, 0x2D), isWord(last - 2, "i"),
                  last + 1 < t.count, !claimed[last + 1], !t[last + 1].lineBefore, t[last + 1].length <= 2, t[last + 1].allCaps,
                  ScanContext.directions.contains(text(last + 1)) || isOneOf(last + 1, ["nb", "sb", "eb", "wb"]) else { continue }
            claimed[last + 1] = true
            spans[s] = PHISpan(type: .location, start: spans[s].start, end: t[last + 1].end)
        }
        for s in spans.indices where spans[s].type == .location {
            guard let first = token(startingAt: spans[s].start), first >= 1, !claimed[first - 1], t[first - 1].capitalised,
                  !t[first].lineBefore, isAny(first - 1, ScanContext.directionWords) || isOneOf(first - 1, ["downtown", "midtown", "uptown", "upper", "lower", "greater"])
            else { continue }
            claimed[first - 1] = true
            spans[s] = PHISpan(type: .location, start: t[first - 1].start, end: spans[s].end)
        }
    }

    /// Joins a facility to its branch: see `matchPlaceBranches`.
    private mutating func joinFacilityBranches() {
        // Capitalised words before ", 295 Central Ave" after a label or `to`/`at` ("Pharmacy: CVS, 295 Central Ave").
        for s in spans.indices where spans[s].type == .location {
            guard let first = token(startingAt: spans[s].start), t[first].isNumber, first >= 2, isPunct(first - 1, 0x2C) else { continue }
            var p = first - 2, start = first
            while p >= 0, first - p <= 4, !claimed[p], t[p].isWord, t[p].capitalised || t[p].allCaps, t[p].digits == 0,
                  !t[p + 1].lineBefore || p == first - 2 { start = p; p -= 1 }
            guard start < first, p >= 0, isPunct(p, 0x3A) || isOneOf(p, ["to", "at", "from", "via"]) || t[start].lineBefore else { continue }
            for q in start..<first { claimed[q] = true }
            spans[s] = PHISpan(type: .location, start: t[start].start, end: spans[s].end)
        }
        // A facility, then `on`/`at`/`,`/`-`/`—` and another found place, or `#` and a store number.
        var sorted = spans.indices.filter { spans[$0].type == .location }.sorted { spans[$0].start < spans[$1].start }
        var merged = Set<Int>()
        var a = 0
        while a < sorted.count {
            let s = sorted[a]
            guard let last = token(endingAt: spans[s].end) else { a += 1; continue }
            var j = last + 1
            if isPunct(j, 0x23), j + 1 < t.count, t[j + 1].isNumber, adjacent(j) || t[j].spaceBefore, !claimed[j + 1] {
                claimed[j] = true
                claimed[j + 1] = true
                spans[s] = PHISpan(type: .location, start: spans[s].start, end: t[j + 1].end)
                continue
            }
            guard j < t.count, !t[j].lineBefore, isOneOf(j, ["on", "at"]) || isPunct(j, 0x2C) || isPunct(j, 0x2D) || isDashToken(j),
                  a + 1 < sorted.count else { a += 1; continue }
            j += 1
            let next = sorted[a + 1]
            guard j < t.count, t[j].start == spans[next].start, facilityWordIn(spans[s]) else { a += 1; continue }
            for q in (last + 1)..<j { claimed[q] = true }
            spans[s] = PHISpan(type: .location, start: spans[s].start, end: spans[next].end)
            merged.insert(next)
            sorted.remove(at: a + 1)
        }
        if !merged.isEmpty { spans = spans.indices.filter { !merged.contains($0) }.map { spans[$0] } }
    }

    /// Whether a found place holds a facility word (`Pharmacy`, `Clinic`) or ends in a store name shape.
    private func facilityWordIn(_ s: PHISpan) -> Bool {
        guard var k = token(startingAt: s.start) else { return false }
        while k < t.count, t[k].end <= s.end {
            if t[k].isWord, t[k].capitalised, ScanContext.facilityWords.contains(text(k)) || ScanContext.namedFacilityEnds.contains(text(k)) {
                return true
            }
            k += 1
        }
        return false
    }
}
