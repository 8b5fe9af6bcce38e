extension ScanContext {
    /// Street words of other languages that come before the street's name (`Rua Haddock Lobo 1307`, `Av. Hidalgo
    /// 402`, `4410 rue Saint-Denis`, `Calle del Norte`), lower case.
    static let foreignStreetWords: Set<String> = ["rua", "rue", "av", "avenida", "avda", "calle", "carrer", "via", "viale",
                                                  "colonia", "barrio", "bairro",
                                                  "piazza", "praça", "praca", "plaza", "paseo", "camino", "boulevard",
                                                  "chemin", "allée", "strasse", "straße", "ulica", "ul", "travessa",
                                                  "largo", "estrada", "rodovia", "calzada", "callejón", "jirón", "jr"]

    /// Particles inside street names of other languages (`Calle del Norte`, `Rua dos Andradas`).
    static let streetParticles: Set<String> = ["de", "del", "la", "las", "los", "da", "do", "dos", "das", "di", "du", "des", "le"]

    /// Facility ends of two words besides `facilityPairEnds` (`Pinecrest Behavioral Health`, `Tuba City Regional
    /// Health Care`, `VA Ann Arbor Healthcare System`, `Fairfield Visiting Nurses`, `Dunmore School District`).
    static let moreFacilityPairs: Set<String> = ["Behavioral Health", "Behavioural Health", "Occupational Health",
                                                 "Mental Health", "Health Care", "Healthcare System", "Visiting Nurses",
                                                 "School District", "Legal Aid", "Nursing Home", "Care Home", "Group Home",
                                                 "Funeral Home"]

    /// Words after `Hospital` that make it a heading, not a facility named in the foreign order (`Hospital Course`).
    static let hospitalHeadings: Set<String> = ["Course", "Day", "Stay", "Follow", "Discharge", "Admission", "Problem",
                                                "Medicine", "Medications", "Summary", "Policy", "Record", "Records",
                                                "Number", "Bed", "Room", "Unit", "Acquired", "Based", "Events", "Visit"]

    /// Place forms the address and facility rules of `matchPlaces` do not read; run before `matchPlaces`.
    mutating func matchPlaceForms() {
        // One pass marks the words the rules hang on, so that each rule looks at an array instead of words:
        // 1 the second word of a two-word facility end, 2 a site word, 4 `neighborhood`, 8 a joiner of street corners.
        var anchors = [UInt8](repeating: 0, count: t.count)
        for k in t.indices where t[k].isWord && t[k].digits == 0 && t[k].length <= 13 || isPunct(k, 0x26) || isPunct(k, 0x2F) {
            if !t[k].isWord || t[k].length == 3 && isWord(k, "and") { anchors[k] = 8; continue }
            guard startsWithAny(k, "hcsndaroflpn") else { continue }
            if isOneOf(k, ["health", "care", "system", "nurses", "district", "aid", "home", "nursing", "rehabilitation", "rehab",
                           "healthcare"]) { anchors[k] |= 1 }
            if isOneOf(k, ["office", "offices", "location", "campus", "branch", "site", "clinic", "store", "facility", "satellite"]) {
                anchors[k] |= 2
            }
            if isOneOf(k, ["neighborhood", "neighbourhood", "neighborhoods"]) { anchors[k] |= 4 }
        }
        func anchorWithin(_ i: Int, _ n: Int, _ bit: UInt8) -> Bool {
            var k = i + 1
            while k < t.count, k - i <= n { if anchors[k] & bit != 0 { return true }; k += 1 }
            return false
        }
        var i = 0
        while i < t.count {
            guard !claimed[i], t[i].isWord else { i += 1; continue }
            // Numbers start lettered avenues and corners, lower-case words only foreign streets ("rue"); the rest
            // start with a capital.
            var found: (Int, Int)? = nil
            if t[i].isNumber {
                found = letteredAvenue(at: i)
                if found == nil, anchorWithin(i, 6, 8) { found = intersection(at: i) }
            } else if !t[i].capitalised {
                if t[i].digits == 0 { found = foreignStreet(at: i) }
            } else {
                found = foreignStreet(at: i) ?? europeanStreet(at: i)
                if found == nil, anchorWithin(i, 6, 8) { found = intersection(at: i) }
                if found == nil, anchorWithin(i, 7, 1) { found = pairFacility(at: i) }
                if found == nil { found = hospitalFirst(at: i) ?? facilityFor(at: i) ?? irishCounty(at: i) ?? interstate(at: i) ?? townCommaState(at: i) }
                if found == nil, anchorWithin(i, 3, 4) { found = neighbourhood(at: i) }
                if found == nil, anchorWithin(i, 4, 2) { found = siteOfOrganisation(at: i) }
            }
            if let (first, last) = found {
                add(.location, tokens: first, last)
                i = last + 1
            } else { i += 1 }
        }
    }

    /// `Rua Haddock Lobo 1307`, `Av. Hidalgo 402`, `4410 rue Saint-Denis`, `Calle del Norte`: a foreign street word,
    /// one to four capitalised words (particles between), an optional house number after, or one before.
    private func foreignStreet(at i: Int) -> (Int, Int)? {
        guard t[i].digits == 0, t[i].length >= 2, t[i].length <= 9, startsWithAny(i, "racvpbsujle") else { return nil }
        let ascii = b[t[i].start..<t[i].end].allSatisfy { $0 < 0x80 }
        guard ascii ? isOneOf(i, ["rua", "rue", "av", "avenida", "avda", "calle", "carrer", "via", "viale", "piazza", "praca",
                                  "colonia", "barrio", "bairro",
                                  "plaza", "paseo", "camino", "boulevard", "chemin", "strasse", "ulica", "ul", "travessa",
                                  "largo", "estrada", "rodovia", "calzada", "jr"])
                    : ScanContext.foreignStreetWords.contains(text(i).lowercased()) else { return nil }
        let w = lower(i)
        if (w == "av" || w == "ul" || w == "jr") && !isPunct(i + 1, 0x2E) { return nil }
        if w == "boulevard" || w == "via" || w == "plaza" || w == "largo" || w == "camino" {  // English words too
            guard t[i].capitalised, i > 0, t[i - 1].isNumber else { return nil }
        }
        var k = i + 1
        if isPunct(k, 0x2E) { k += 1 }
        var last = -1, words = 0
        while k < t.count, words < 5, !t[k].lineBefore, t[k].isWord, t[k].digits == 0 {
            if t[k].capitalised { last = k; words += 1; k += 1; continue }
            if ScanContext.streetParticles.contains(lower(k)), k + 1 < t.count, t[k + 1].capitalised { k += 1; continue }
            break
        }
        guard last > 0, words >= 1 else { return nil }
        var first = i
        if i > 0, t[i - 1].isNumber, t[i - 1].length <= 5, !t[i].lineBefore { first = i - 1 }
        if last + 1 < t.count, t[last + 1].isWord, t[last + 1].digits > 0, t[last + 1].length <= 6, !t[last + 1].lineBefore,
           t[last + 1].spaceBefore { last += 1 }
        // Without a house number a lower-case street word needs a place cue before it ("on calle del norte" is rare).
        if first == i, last == k - 1, !t[i].capitalised, !(i > 0 && isAny(i - 1, ScanContext.routeCues)) { return nil }
        return (first, last)
    }

    /// Whether tokens `i...` are one to three capitalised words ending in a street word, returning the last token.
    private func streetRun(from i: Int) -> Int? {
        var k = i, words = 0
        if k < t.count, t[k].allCaps, t[k].length <= 2, ScanContext.directions.contains(text(k)) { k += 1; if isPunct(k, 0x2E) { k += 1 } }
        while k < t.count, words < 4, t[k].isWord, t[k].capitalised || t[k].digits > 0 && t[k].length <= 4, !t[k].lineBefore || k == i {
            if words > 0, lexicon.streetSuffixes.contains(text(k)) {
                return isPunct(k + 1, 0x2E) && k + 2 < t.count && !t[k + 2].capitalised ? k + 1 : k
            }
            words += 1
            k += 1
        }
        return nil
    }

    /// Street corners: `Wabash Ave & E Roosevelt Rd`, `Main St and 3rd Ave`.
    private func intersection(at i: Int) -> (Int, Int)? {
        guard t[i].capitalised || t[i].digits > 0, let a = streetRun(from: i) else { return nil }
        let j = a + 1
        guard j + 1 < t.count, isPunct(j, 0x26) || isWord(j, "and") || isPunct(j, 0x2F), !t[j + 1].lineBefore,
              let c = streetRun(from: j + 1) else { return nil }
        return (i, c)
    }

    /// `1809 Avenue F`, `22 Street 5`: a house number, a street word, and one capital letter or a number.
    private func letteredAvenue(at i: Int) -> (Int, Int)? {
        guard t[i].isNumber, t[i].length <= 6, i + 2 < t.count, isOneOf(i + 1, ["avenue", "street", "road", "ave", "st"]),
              t[i + 1].capitalised, !t[i + 1].lineBefore, !t[i + 2].lineBefore,
              t[i + 2].isWord && t[i + 2].length == 1 && t[i + 2].allCaps || t[i + 2].isNumber && t[i + 2].length <= 3,
              i + 3 >= t.count || !t[i + 3].isWord || t[i + 3].lineBefore else { return nil }
        return (i, i + 2)
    }

    /// Facilities ending in a two-word facility end (`Pinecrest Behavioral Health`, `Kingsbridge Rehab & Nursing`,
    /// `Fairfield Visiting Nurses`): one to four capitalised name words before it (`&` between allowed), at least
    /// one of them not an adjective, facility or service word; `Rehab & Nursing`, `… of Rhode Island` after it.
    private func pairFacility(at i: Int) -> (Int, Int)? {
        guard t[i].capitalised, t[i].digits == 0, i == 0 || !t[i - 1].capitalised || !t[i - 1].isWord else { return nil }
        guard !isAny(i, ScanContext.titles) else { return nil }
        var k = i, nameWordsSeen = 0
        while k + 1 < t.count, k - i < 6, t[k].isWord, t[k].capitalised, t[k].digits == 0, k == i || !t[k].lineBefore {
            let pair = text(k) + " " + text(k + 1)
            if ScanContext.moreFacilityPairs.contains(pair), t[k + 1].isWord, !t[k + 1].lineBefore, nameWordsSeen >= 1 {
                var last = k + 1
                // "… Health Care of Rhode Island", "… Home of Moorhead".
                if isWord(last + 1, "of"), last + 2 < t.count, t[last + 2].capitalised, !t[last + 2].lineBefore {
                    var e = last + 2
                    while e + 1 < t.count, e - last < 4, t[e + 1].isWord, t[e + 1].capitalised, !t[e + 1].lineBefore { e += 1 }
                    last = e
                }
                return (i, last)
            }
            let w = text(k)
            if nameLike(k, allowCommon: false), !ScanContext.facilityWords.contains(w), !ScanContext.looksLikeAdjective(w.lowercased()),
               !ScanContext.looksLikeTerm(w.lowercased()), !ScanContext.departmentWords.contains(w) {
                nameWordsSeen += 1
            }
            k += 1
            if isPunct(k, 0x26), k + 1 < t.count, t[k + 1].capitalised { k += 1 }  // "Rehab & Nursing"
        }
        // "Kingsbridge Rehab & Nursing": a name word, a facility word, "&" and another facility word.
        if i + 3 < t.count, nameLike(i, allowCommon: false), ScanContext.facilityWords.contains(text(i + 1)), isPunct(i + 2, 0x26),
           ["Nursing", "Rehabilitation", "Rehab", "Care", "Healthcare"].contains(text(i + 3)), !t[i + 3].lineBefore {
            return (i, i + 3)
        }
        return nil
    }

    /// `from Hospital Sírio-Libanês`, `at Hospital Italiano`: `Hospital` first (as in Spanish and Portuguese) after
    /// a place cue, then one to three capitalised words that are not a heading (`Hospital Course`).
    private func hospitalFirst(at i: Int) -> (Int, Int)? {
        guard isWord(i, "hospital"), t[i].capitalised, i > 0, isOneOf(i - 1, ["from", "at", "to", "in"]), i + 1 < t.count,
              t[i + 1].capitalised, !t[i + 1].lineBefore, t[i + 1].digits == 0,
              !ScanContext.hospitalHeadings.contains(text(i + 1)), !ScanContext.departmentWords.contains(text(i + 1)) else { return nil }
        var last = i + 1
        while last + 1 < t.count, last - i < 3, t[last + 1].isWord, t[last + 1].capitalised, t[last + 1].digits == 0,
              !t[last + 1].lineBefore { last += 1 }
        return (i, last)
    }

    /// Endings of Dutch, German and Scandinavian street names written as one word (`Hoogstraat`, `Lindenweg`,
    /// `Keizersgracht`, `Goethestraße`, `Storgatan`).
    static let europeanStreetEndings: [String] = ["straat", "weg", "laan", "gracht", "plein", "kade", "singel", "dijk",
                                                  "steeg", "straße", "strasse", "gasse", "allee", "platz", "damm",
                                                  "gatan", "vägen", "gata", "veien", "vej", "gade"]

    /// `Hoogstraat 41`, `Lindenweg 16`, `Goethestraße 12a`: one capitalised word ending in a street ending (with at
    /// least three letters before it) and a house number of one to four digits (a letter may follow) on the line.
    private func europeanStreet(at i: Int) -> (Int, Int)? {
        guard t[i].capitalised, t[i].digits == 0, t[i].length >= 6, t[i].length <= 24, i + 1 < t.count, !t[i + 1].lineBefore,
              t[i + 1].isWord, t[i + 1].spaceBefore, t[i + 1].digits >= 1, t[i + 1].digits <= 4,
              t[i + 1].length - t[i + 1].digits <= 1, b[t[i + 1].start] >= 0x30, b[t[i + 1].start] <= 0x39 else { return nil }
        let w = lower(i)
        guard ScanContext.europeanStreetEndings.contains(where: { w.hasSuffix($0) && w.utf8.count - $0.utf8.count >= 3 }) else { return nil }
        // Not a number that belongs to a unit or a measure after it ("Ringweg 5 mg" is no address).
        if i + 2 < t.count, t[i + 2].isWord, !t[i + 2].capitalised, !t[i + 2].lineBefore, t[i + 2].spaceBefore { return nil }
        return (i, i + 1)
    }

    /// `the Clinic for Special Children`, `Hospital for Special Surgery`, `Home for the Aged`: a facility word first,
    /// `for` (and `the`), then one to four capitalised words on the line. Agencies (`Center for Disease Control`)
    /// and plural heads (`Centers for Medicare`) are left.
    private func facilityFor(at i: Int) -> (Int, Int)? {
        // The facility word starts the name ("Good Shepherd Hospital for CHF" is read by `matchPlaces`).
        guard startsWithAny(i, "chis"), t[i].capitalised, isWord(i + 1, "for"), !t[i + 1].lineBefore,
              i == 0 || !(t[i - 1].isWord && t[i - 1].capitalised) || t[i - 1].lineBefore,
              isOneOf(i, ["clinic", "center", "centre", "hospital", "institute", "home", "school", "hospice", "shelter"]) else { return nil }
        var k = i + 2
        if isWord(k, "the") { k += 1 }
        var last = -1
        // Capitalised words, not abbreviations (`Hospital for COPD`).
        while k < t.count, k - i <= 7, t[k].isWord, t[k].capitalised, !t[k].allCaps, t[k].digits == 0, !t[k].lineBefore {
            if isOneOf(k, ["disease", "diseases", "medicare", "medicaid", "statistics", "prevention"]) { return nil }
            last = k
            k += 1
        }
        return last >= 0 ? (i, last) : nil
    }

    /// Neighbourhoods: `the Park Heights neighborhood`, `Fishtown neighbourhood`: capitalised words before
    /// `neighborhood`/`neighbourhood`/`district`/`section`.
    private func neighbourhood(at i: Int) -> (Int, Int)? {
        guard t[i].capitalised, t[i].digits == 0, t[i].length > 1 else { return nil }
        var k = i
        while k + 1 < t.count, k - i < 2, t[k + 1].isWord, t[k + 1].capitalised, t[k + 1].digits == 0, !t[k + 1].lineBefore { k += 1 }
        guard k + 1 < t.count, !isAny(i, ScanContext.titles), isOneOf(k + 1, ["neighborhood", "neighbourhood", "neighborhoods"]), !t[k + 1].capitalised else { return nil }
        return (i, k)
    }

    /// Interstates with what places a point on them: `I-94 WB near mile marker 231`, `I-5 at exit 12`, `Interstate
    /// 80`: the road, an optional direction, and `near`/`at` with `mile marker N` or `exit N`.
    private func interstate(at i: Int) -> (Int, Int)? {
        var last: Int
        if isWord(i, "i"), t[i].capitalised, i + 2 < t.count, isPunct(i + 1, 0x2D), adjacent(i), adjacent(i + 1), t[i + 2].isNumber,
           t[i + 2].length <= 3 { last = i + 2 }
        else if isWord(i, "interstate"), t[i].capitalised, i + 1 < t.count, t[i + 1].isNumber, t[i + 1].length <= 3 { last = i + 1 }
        else { return nil }
        if last + 1 < t.count, !t[last + 1].lineBefore, isAny(last + 1, ["nb", "sb", "eb", "wb", "north", "south", "east", "west",
                                                                          "northbound", "southbound", "eastbound", "westbound"]) { last += 1 }
        var k = last + 1
        if isAny(k, ["near", "at", "by"]) { k += 1 }
        if isWord(k, "mile"), isAny(k + 1, ["marker", "post"]), k + 2 < t.count, t[k + 2].isNumber { last = k + 2 }
        else if isAny(k, ["exit", "mm"]), k + 1 < t.count, t[k + 1].isWord, t[k + 1].digits > 0 { last = k + 1 }
        return (i, last)
    }

    /// A town before a comma and a US state code that closes the phrase (`in Paia, HI;`, `Ligonier, PA 15658` is
    /// read by `matchPlaces`): one to three capitalised words at the start of a run; `MD`, `PA` and `DO` are left
    /// alone (credentials after a name).
    private func townCommaState(at i: Int) -> (Int, Int)? {
        guard t[i].capitalised, t[i].digits == 0, t[i].length > 2, !t[i].allCaps, i == 0 || !t[i - 1].isWord || !t[i - 1].capitalised,
              isPunct(i + 1, 0x2C) || isPunct(i + 2, 0x2C) || isPunct(i + 3, 0x2C), !isAny(i, ScanContext.titles) else { return nil }
        var k = i
        while k + 1 < t.count, k - i < 2, t[k + 1].isWord, t[k + 1].capitalised, !t[k + 1].allCaps, t[k + 1].digits == 0,
              !t[k + 1].lineBefore { k += 1 }
        guard isPunct(k + 1, 0x2C), k + 2 < t.count, t[k + 2].length == 2, t[k + 2].allCaps, !t[k + 2].lineBefore,
              lexicon.states.contains(text(k + 2)), !["MD", "PA", "DO"].contains(text(k + 2)), closesPhrase(k + 3) else { return nil }
        for j in i...k where !nameLike(j, allowCommon: true) || lexicon.facilityLike(text(j)) || isKnownNameWord(j) && !lexicon.cityFirstWords.contains(text(j)) {
            return nil
        }
        return (i, k)
    }

    /// Lower-case words after a town or street that make it the site of an organisation (`the Pittsburg office`,
    /// `your Round Rock location`, `the Story Rd site`).
    static let siteWords: Set<String> = ["office", "offices", "location", "campus", "branch", "site", "clinic", "store",
                                         "facility", "satellite"]

    /// A listed town (one or two words) or a street name right before `office`, `location`, `campus`, `branch`,
    /// `site`… (`Pittsburg office`, `Round Rock location`, `Story Rd site`).
    private func siteOfOrganisation(at i: Int) -> (Int, Int)? {
        guard t[i].capitalised, t[i].digits == 0, t[i].length > 2, !t[i].allCaps, i + 1 < t.count else { return nil }
        if let e = streetRun(from: i), e + 1 < t.count, isAny(e + 1, ScanContext.siteWords), !t[e + 1].capitalised { return (i, e) }
        guard let cities = lexicon.citiesByFirstWord[text(i)] else { return nil }
        for city in cities where city.count <= 2 {
            let e = i + city.count - 1
            guard e + 1 < t.count, city.count == 1 || text(i + 1) == city[1] && !t[i + 1].lineBefore,
                  isAny(e + 1, ScanContext.siteWords), !t[e + 1].capitalised, !t[e + 1].lineBefore else { continue }
            return (i, e)
        }
        return nil
    }

    /// Irish counties written `Co. Kerry`, after a comma or a place.
    private func irishCounty(at i: Int) -> (Int, Int)? {
        guard isWord(i, "co"), b[t[i].start] == 0x43, b[t[i].start + 1] == 0x6F, isPunct(i + 1, 0x2E), i + 2 < t.count, t[i + 2].capitalised, t[i + 2].digits == 0,
              !t[i + 2].lineBefore, i > 0, isPunct(i - 1, 0x2C) else { return nil }
        return (i, i + 2)
    }

    /// Towns that go on a found address or place, up to a state, ZIP or postcode: `402 Catawba St, Rock Hill SC
    /// 29730` (the whole of `Rock Hill`), `1630 E 9th St, Midwood, Brooklyn 11230`, `1809 Avenue F, Ensley, Birmingham
    /// AL 35218`, `4410 rue Saint-Denis, Montréal H2J 2L1`: after a found place and a comma, one or two runs of one
    /// to three capitalised words separated by commas, the last run followed by a state code, a 5-digit ZIP or a
    /// code holding digits. Also a found place widened over capitalised words up to such a state and ZIP. Run after
    /// `matchPlaces`.
    mutating func widenAddressChains() {
        for s in spans.indices where spans[s].type == .location {
            guard let last = token(endingAt: spans[s].end) else { continue }
            // Widen over the rest of a town's name: "Rock" + "Hill SC 29730".
            var k = last
            while k + 1 < t.count, k - last < 2, t[k + 1].isWord, t[k + 1].capitalised, t[k + 1].digits == 0, !t[k + 1].lineBefore,
                  !claimed[k + 1], !(t[k + 1].length == 2 && t[k + 1].allCaps) { k += 1 }
            if k > last, stateOrCodeAt(k + 1) {
                for q in last + 1...k { claimed[q] = true }
                spans[s] = PHISpan(type: .location, start: spans[s].start, end: t[k].end)
            }
        }
        // "Lutheran Home of Moorhead", "Church of God": a facility followed by `of` and a place's capitalised words.
        for s in spans.indices where spans[s].type == .location {
            guard let last = token(endingAt: spans[s].end), ScanContext.facilityEnds.contains(text(last)) || isWord(last, "house"),
                  isWord(last + 1, "of"), last + 2 < t.count, t[last + 2].capitalised, t[last + 2].digits == 0,
                  !t[last + 2].lineBefore else { continue }
            // The place may already be found ("Fargo" after "of"); the spans then merge.
            var e = last + 2
            while e + 1 < t.count, e - last < 4, t[e + 1].isWord, t[e + 1].capitalised, t[e + 1].digits == 0, !t[e + 1].lineBefore { e += 1 }
            for q in last + 1...e { claimed[q] = true }
            spans[s] = PHISpan(type: .location, start: spans[s].start, end: t[e].end)
        }
        var additions: [(Int, Int)] = []
        for s in spans where s.type == .location {
            guard let last = token(endingAt: s.end) else { continue }
            var runs: [(Int, Int)] = []
            var p = last + 1
            while runs.count < 2, isPunct(p, 0x2C), p + 1 < t.count, !t[p + 1].lineBefore {
                let a = p + 1
                var e = a
                guard t[a].isWord, t[a].capitalised, t[a].digits == 0, !claimed[a], !(t[a].length <= 4 && t[a].allCaps),
                      !lexicon.countries.contains(text(a)), !lexicon.states.contains(text(a)) else { break }
                while e + 1 < t.count, e - a < 2, t[e + 1].isWord, t[e + 1].capitalised, t[e + 1].digits == 0, !t[e + 1].lineBefore,
                      !claimed[e + 1], !(t[e + 1].length == 2 && t[e + 1].allCaps) { e += 1 }
                runs.append((a, e))
                if stateOrCodeAt(e + 1) || isPunct(e + 1, 0x2C) && stateOrCodeAt(e + 2) {
                    additions.append(contentsOf: runs)
                    break
                }
                p = e + 1
            }
        }
        for (a, e) in additions { add(.location, tokens: a, e) }
    }

    /// Whether token `k` starts a state code before a ZIP or the end of a phrase, a 5-digit ZIP, or a postcode
    /// holding digits (`H2J 2L1`, `V92 X2K7`) on the same line.
    private func stateOrCodeAt(_ k: Int) -> Bool {
        guard k < t.count, t[k].isWord, !t[k].lineBefore else { return false }
        if t[k].isNumber { return t[k].length == 5 }
        if t[k].length == 2, t[k].allCaps, lexicon.states.contains(text(k)) {
            return k + 1 < t.count && t[k + 1].isNumber && t[k + 1].length == 5 || closesPhrase(k + 1) && !["MD", "PA", "DO"].contains(text(k))
        }
        return t[k].allCaps && t[k].digits >= 1 && t[k].length >= 2 && t[k].length <= 4 && k + 1 < t.count && t[k + 1].isWord
            && t[k + 1].length == 3 && t[k + 1].digits >= 1 && !t[k + 1].lineBefore
    }

    /// Postal codes after their cue words in other countries (`CP 88500`, `CEP 01414-003`, `Eircode V92 X2K7`), and
    /// Irish Eircodes right after a found place (`Co. Kerry V92 X2K7`): a routing key of a letter and two digits (or
    /// `D6W`) and four letters and digits, and Dutch postcodes after a found street (`Hoogstraat 41, 2312 KM Leiden`).
    /// Run after the places.
    mutating func matchForeignPostcodes() {
        var i = 0
        while i + 1 < t.count {
            defer { i += 1 }
            guard !claimed[i], t[i].isWord, t[i].digits >= 1 else { continue }
            var p = i - 1
            if isPunct(p, 0x3A) { p -= 1 }
            let cued = p >= 0 && (isWord(p, "cp") || isWord(p, "cep") || isWord(p, "eircode") || isWord(p, "postcode")
                || isWord(p, "code") && isWord(p - 1, "post"))
            let eircode = t[i].length == 3 && t[i].allCaps && (b[t[i].start] >= 0x41 && b[t[i].start] <= 0x5A)
                && t[i + 1].isWord && t[i + 1].length == 4 && t[i + 1].allCaps && t[i + 1].digits >= 1 && t[i + 1].spaceBefore
                && !t[i + 1].lineBefore && t[i + 1].start - t[i].end == 1
            if eircode, cued || afterPlace(i) {
                add(.zip, tokens: i, i + 1)
                continue
            }
            // Dutch postcodes after a found street and a comma, before a place (`Hoogstraat 41, 2312 KM Leiden`): four
            // digits, a space and two capitals.
            if t[i].isNumber, t[i].length == 4, t[i + 1].isWord, t[i + 1].length == 2, t[i + 1].allCaps, t[i + 1].digits == 0,
               t[i + 1].start == t[i].end + 1, isPunct(i - 1, 0x2C), afterPlace(i), i + 2 < t.count, t[i + 2].isWord,
               t[i + 2].capitalised, !t[i + 2].lineBefore {
                add(.zip, tokens: i, i + 1)
                continue
            }
            guard cued, t[i].isNumber, t[i].length >= 4, t[i].length <= 8 else { continue }
            var last = i
            if isPunct(i + 1, 0x2D), adjacent(i), i + 2 < t.count, adjacent(i + 1), t[i + 2].isNumber, t[i + 2].length <= 4 { last = i + 2 }
            add(.zip, tokens: i, last)
        }
    }
}
