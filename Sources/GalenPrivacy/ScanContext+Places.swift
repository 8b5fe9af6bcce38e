extension ScanContext {
    static let placeCues: Set<String> = ["in", "at", "from", "near", "to", "lives", "resides", "of", "moved", "born",
                                         "visiting", "visited", "hometown", "city", "town", "outside"]
    static let strongPlaceCues: Set<String> = ["lives", "resides", "reside", "live", "born", "hometown", "relocated", "moved",
                                               "originally", "grew", "raised", "travels", "traveled", "travelled",
                                               "immigrated", "emigrated", "commutes", "vacationing", "visiting"]
    /// Compass abbreviations after a street suffix (`Avenue NW`).
    static let directions: Set<String> = ["N", "S", "E", "W", "NE", "NW", "SE", "SW"]
    /// Compass words after a street suffix (`Main St. East`).
    static let directionWords: Set<String> = ["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"]
    /// Road words followed by a number in an address (`221 Rte 28`).
    static let routeWords: Set<String> = ["route", "rte", "rt", "highway", "hwy"]
    /// Prepositions between a strong place cue and the place (`lives in`, `grew up near`).
    static let nearCues: Set<String> = ["in", "at", "to", "near", "outside"]
    /// Words before a saint's name that make it a place (`from St. Vincent`).
    static let saintCues: Set<String> = ["at", "from", "to", "in"]
    /// Words joining a place to a found place (`moved to Raleigh from Oakridge`).
    static let joinCues: Set<String> = ["from", "to", "near", "and", "in", "at"]
    /// Street words that make a street name without a house number (`on Dudley Street`, `Centre St`).
    static let streetWords: Set<String> = ["Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln",
                                           "Drive", "Terrace", "Parkway", "Pkwy", "Highway", "Hwy", "Turnpike", "Tpke"]
    /// Facility words that end a facility name (`… Hospital`, `… Family Physicians`).
    static let facilityEnds: Set<String> = ["Hospital", "Clinic", "Center", "Centre", "Infirmary", "Hospice", "Pharmacy",
                                            "County", "Institute", "Associates", "Practice", "Laboratory", "Laboratories",
                                            "Memorial", "Home", "College", "University", "School", "Elementary", "Academy",
                                            "Physicians", "Dental", "Rehab", "Manor", "Sanatorium", "Services",
                                            "Library", "Retreat", "Fairgrounds", "Church", "Temple", "Mosque",
                                            "Synagogue", "Shelter", "Convent", "Parish", "Mortuary", "Lodge", "Pavilion",
                                            "Dialysis", "Medical", "Cemetery", "Daycare", "Preschool", "Monastery",
                                            "Abbey", "Cathedral", "Chapel", "Park", "Bridge", "Tunnel",
                                            "Expressway", "Freeway", "Jail", "Prison", "Penitentiary"]
    /// Two-word facility ends whose second word alone is too common (`Sunshine Home Care`, `Evergreen Terrace Assisted
    /// Living`, `King Fahad Medical City`, `Little Acorns Early Learning`).
    static let facilityPairEnds: Set<String> = ["Home Care", "Assisted Living", "Medical City", "Early Learning",
                                                "Senior Living", "Health System"]
    /// Second words of `facilityPairEnds`, checked first.
    static let facilityPairSeconds: Set<String> = ["Care", "Living", "City", "Learning", "System"]
    static let facilityWords: Set<String> = ["Hospital", "Clinic", "Center", "Centre", "Infirmary", "Hospice",
                                             "Pharmacy", "Nursing", "Sanatorium", "Medical", "Health", "Rehabilitation",
                                             "Urgent", "Care", "Home", "University", "School", "College", "Church",
                                             "Memorial", "General", "Regional", "Community", "Children's", "County",
                                             "Facility", "Practice", "Associates", "Institute", "Lab", "Laboratory",
                                             "Laboratories", "Unit", "Elementary", "Academy", "Physicians", "Dental",
                                             "Rehab", "Manor", "Services", "Library", "Retreat", "Fairgrounds",
                                             "Temple", "Mosque", "Synagogue", "Shelter", "Convent", "Parish", "Mortuary",
                                             "Lodge", "Pavilion", "Dialysis", "Cemetery", "Daycare", "Preschool",
                                             "Monastery", "Abbey", "Cathedral", "Chapel", "Assisted", "Living", "Early",
                                             "Learning", "Senior", "System", "Park", "Bridge", "Tunnel",
                                             "Expressway", "Freeway", "Jail", "Prison", "Penitentiary"]

    /// Street addresses (`42 Maple Street, Apt 3B`, `1600 N. Oak Ave`), facilities (`Mercy General Hospital`),
    /// counties, cities from the list (after a cue or before a state), and places after strong cues
    /// (`lives in Brookfield`).
    mutating func matchPlaces() {
        var i = 0
        while i < t.count {
            if claimed[i] || !t[i].isWord { i += 1; continue }
            // Street address: number + capitalised words + suffix.
            if t[i].isNumber && t[i].length <= 6 || isGridNumber(i), !isPunct(i + 1, 0x2E) {  // "ASA 3. Airway" is not an address
                // "4400 block of Imperial Hwy": a block number before a street name.
                if isWord(i + 1, "block"), isWord(i + 2, "of"), let last = streetNameEnd(from: i + 3) {
                    add(.location, tokens: i, last)
                    i = last + 1
                    continue
                }
                var k = i + 1
                var words = 0
                var found = -1
                while k < t.count, words < 5, !t[k].lineBefore {
                    if isPunct(k, 0x2E) { k += 1; continue }
                    // "1120 Garden of the Gods Rd": `of` and `the` inside a street's name.
                    if words > 0, isWord(k, "of") || isWord(k, "the"), k + 1 < t.count, t[k + 1].capitalised { k += 1; continue }
                    guard t[k].isWord, t[k].capitalised || (t[k].digits > 0 && t[k].length <= 4) else { break }
                    // "17 ABBEY WOOD LN": suffixes in capitals too.
                    if words > 0, lexicon.streetSuffixes.contains(text(k))
                        || t[k].allCaps && t[k].length >= 2 && lexicon.streetSuffixes.contains(capitalisedForm(k)) { found = k }
                    // "221 Rte 28", "14 Route 9A"
                    if isAny(k, ScanContext.routeWords), k + 1 < t.count, t[k + 1].isWord, t[k + 1].digits > 0,
                       t[k + 1].length <= 4 { found = k + 1 }
                    words += 1
                    k += 1
                    if found >= 0 { break }
                }
                if found > 0 {
                    var last = found
                    // "Mineral Point Rd", "Oak Grove Ave": a suffix word inside the name, the suffix after it.
                    while last + 1 < t.count, !t[last + 1].lineBefore, t[last + 1].isWord, t[last + 1].capitalised,
                          lexicon.streetSuffixes.contains(text(last + 1)) { last += 1 }
                    if isPunct(last + 1, 0x2E) { last += 1 }
                    // A direction after the suffix: "1600 Pennsylvania Avenue NW", "12 Main St. East".
                    if last + 1 < t.count, !t[last + 1].lineBefore, t[last + 1].isWord,
                       t[last + 1].allCaps && t[last + 1].length <= 2 && ScanContext.directions.contains(text(last + 1))
                        || isAny(last + 1, ScanContext.directionWords) && t[last + 1].capitalised {
                        last += 1
                        if isPunct(last + 1, 0x2E), t[last].length <= 2 { last += 1 }
                    }
                    var u = last + 1
                    if isPunct(u, 0x2C) { u += 1 }
                    if u + 1 < t.count, isAny(u, ["apt", "apartment", "suite", "ste", "unit", "room", "rm", "floor", "fl", "bldg", "building", "lot", "trlr"]) || isPunct(u, 0x23) {
                        var v = u + 1
                        if isPunct(v, 0x2E) || isPunct(v, 0x23) { v += 1 }
                        if v < t.count, t[v].isWord { last = v }
                    } else if u + 1 < t.count, t[u].isWord, t[u].digits > 0, t[u].digits <= 2, t[u].length > t[u].digits,
                              !t[u].lineBefore, isOneOf(u + 1, ["fl", "floor", "flr"]) {
                        last = u + 1  // "41 Everett Ave, 2nd fl"
                    }
                    // "62-14 Fresh Pond Rd": a Queens house number, block and lot joined by a hyphen.
                    var first = i
                    if i >= 2, t[i].isNumber, isPunct(i - 1, 0x2D), adjacent(i - 2), adjacent(i - 1), t[i - 2].isNumber, t[i - 2].length <= 3,
                       !claimed[i - 2], i < 3 || !(adjacent(i - 3) && (t[i - 3].isWord || isPunct(i - 3, 0x2D))) {
                        first = i - 2
                    }
                    add(.location, tokens: first, last)
                    i = last + 1
                    continue
                }
            }
            guard t[i].capitalised, t[i].digits == 0 else { i += 1; continue }
            // Post-office boxes: "PO Box 1187", "P.O. Box 12", "Post Office Box 9".
            if let last = poBoxEnd(from: i) {
                add(.location, tokens: i, last)
                i = last + 1
                continue
            }
            // Routes and rural routes: "on Route 9", "Hwy 61 near", "Route 2 Box 114", "Rural Route 1, Box 38".
            if let last = routeEnd(from: i) {
                add(.location, tokens: i, last)
                i = last + 1
                continue
            }
            // Facilities named in another language, facility word first: "Hôpital Pitié-Salpêtrière", "Clínica Alemana".
            if let last = foreignFacilityEnd(from: i) {
                add(.location, tokens: i, last)
                i = last + 1
                continue
            }
            // Street names without a number: "on Dudley Street", "the pharmacy on Centre St".
            if var last = streetNameEnd(from: i) {
                // A facility named for its street: "Evergreen Terrace Assisted Living".
                if let f = facilityEnd(from: i), f > last { last = f }
                add(.location, tokens: i, last)
                i = last + 1
                continue
            }
            // Saints after a place cue: "transferred from St. Vincent", "at Saint Anne's".
            if isWord(i, "st") && isPunct(i + 1, 0x2E) || isWord(i, "saint"), i > 0, isAny(i - 1, ScanContext.saintCues),
               case let k = isPunct(i + 1, 0x2E) ? i + 2 : i + 1, k < t.count, !t[k].lineBefore, nameLike(k, allowCommon: true),
               !lexicon.facilityLike(text(k)) {
                var last = k
                if isPunct(last + 1, 0x27), isWord(last + 2, "s") { last += 2 }
                if let f = facilityEnd(from: k) { last = max(last, f) }
                add(.location, tokens: i, last)
                i = last + 1
                continue
            }
            // Named organisations after a cue that places a person there: "works at Flour Bakery", "daycare at Little
            // Sprouts", "colonoscopy at Lahey", "records from Lowell General", "Employer: Raytheon", "VNA of Cape Cod".
            if let last = organisationEnd(from: i) {
                add(.location, tokens: i, last)
                i = last + 1
                continue
            }
            // Counties named after the word: "County Cork", "County Kerry".
            if isWord(i, "county"), i > 0, isAny(i - 1, ScanContext.placeCues), nameLike(i + 1, allowCommon: false), !t[i + 1].lineBefore {
                add(.location, tokens: i, i + 1)
                i += 2
                continue
            }
            // Facilities and counties: capitalised words ending in a facility word.
            if let last = facilityEnd(from: i) {
                add(.location, tokens: i, last)
                i = last + 1
                continue
            }
            // Cities from the list.
            let word = t[i].allCaps && t[i].length > 3 ? capitalisedForm(i) : text(i)
            if lexicon.cityFirstWords.contains(word) {
                for city in lexicon.citiesByFirstWord[word] ?? [] {
                    var k = i, ok = true
                    for (n, part) in city.enumerated() {
                        if n > 0 {
                            k += 1
                            if part.hasSuffix("."), isPunct(k, 0x2E) { }
                        }
                        let expected = part.hasSuffix(".") ? String(part.dropLast()) : part
                        guard k < t.count, text(k) == expected || t[k].allCaps && t[k].length > 3 && capitalisedForm(k) == expected
                        else { ok = false; break }
                        if part.hasSuffix(".") { k += 1; guard isPunct(k, 0x2E) else { ok = false; break } }
                    }
                    guard ok else { continue }
                    let cued = i > 0 && isAny(i - 1, ScanContext.placeCues)
                    let stateAfter = isPunct(k + 1, 0x2C) && k + 2 < t.count && (lexicon.states.contains(text(k + 2)) || countryAt(k + 2))
                    let known = lexicon.firstNames.contains(word) || lexicon.lastNames.contains(word)
                    if stateAfter || (cued && (!known || city.count > 1)) || (cued && isAny(i - 1, ["in", "from", "near"])) {
                        add(.location, tokens: i, k)
                        i = k
                        break
                    }
                }
                if claimed[i] { i += 1; continue }
            }
            // A town before a comma and a country: "Lagos, Nigeria", "Gyeongju, South Korea" (not a given name before
            // it, nor a country that is also a given name: "Smith, Jordan").
            if isPunct(i + 1, 0x2C) || isPunct(i + 2, 0x2C), nameLike(i, allowCommon: false), !lexicon.firstNames.contains(text(i)), !countryAt(i) {
                var k = i
                if !isPunct(i + 1, 0x2C), nameLike(k + 1, allowCommon: false), !t[k + 1].lineBefore, !countryAt(k + 1) { k += 1 }
                if isPunct(k + 1, 0x2C), countryAt(k + 2), !lexicon.firstNames.contains(text(k + 2)), !lexicon.states.contains(text(k + 2)) {
                    add(.location, tokens: i, k)
                    i = k + 1
                    continue
                }
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
            // A place joined to a found place by a comma, a bracket or a dash that closes its phrase: "Golden Living
            // Center - Attleboro", "Safe Passage (Northampton)", "Baystate Medical Center, Springfield, MA".
            let dash = afterPlace && isPunct(i - 1, 0x2D) && t[i - 1].spaceBefore
            let besideEnd = afterPlace ? nameEnd(from: i, allowCommon: false) + 1 : 0
            let besidePlace = afterPlace && (isPunct(i - 1, 0x2C) || isPunct(i - 1, 0x28) || dash)
                && (closesPhrase(besideEnd) || dash && besideEnd < t.count && t[besideEnd].isWord && !t[besideEnd].capitalised)
                && !lexicon.states.contains(text(i))
                && !lexicon.countries.contains(text(i)) && !countryAt(i)
            if afterPlace, isAny(i - 1, ScanContext.joinCues) || afterStreet || besidePlace,
               nameLike(i, allowCommon: afterStreet) {
                let last = nameEnd(from: i, allowCommon: false)
                add(.location, tokens: i, last)
                i = last + 1
                continue
            }
            // Strong cues: "lives in Brookfield", "born in Port Ellis".
            var p = i - 1
            if isAny(p, ScanContext.nearCues) { p -= 1 }
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

    /// Words before `at`/`from`/`to`/`by` that say the next capitalised words name a place or organisation.
    static let organisationCues: Set<String> = ["works", "worked", "working", "employed", "daycare", "attends", "attended",
                                                "performed", "done", "treated", "hospitalized", "hospitalised", "admitted",
                                                "transferred", "received", "records", "followed", "delivered", "scheduled",
                                                "colonoscopy", "endoscopy", "surgery", "biopsy", "seen", "volunteers",
                                                "referred", "enrolled", "student", "resident", "stays", "stayed",
                                                "rehab", "referral", "shelter", "employer", "school", "facility"]

    /// Hospital services and places inside a hospital, never an organisation to remove.
    static let departmentWords: Set<String> = ["Medicine", "Surgery", "Work", "Therapy", "Care", "Health", "Bedside",
                                               "Department", "Service", "Services", "Unit", "Floor", "Ward", "Team",
                                               "Anesthesia", "Anaesthesia", "Pharmacy", "Nursing", "Rehabilitation",
                                               "Emergency", "Triage", "Home", "Hospice", "Lab", "Laboratory", "Imaging"]

    /// The last token of an organisation or place name after an organisation cue (`works at Flour Bakery`,
    /// `Employer: Raytheon`, `referred to VNA of Cape Cod`): up to four capitalised words (with `of`, `and` or `&`
    /// between them) that close their phrase; nil when the words are a person's title or a known name.
    func organisationEnd(from i: Int) -> Int? {
        guard i >= 2, t[i].capitalised, !(t[i].allCaps && ScanContext.clinicalAbbreviations.contains(text(i))) else { return nil }
        var p = i - 1
        if isPunct(p, 0x3A) {
            p -= 1
            if isOneOf(p, ["student", "resident"]) { return nil }  // "Student: Adeyemi, Mei-Hua" labels a person
        } else if isWord(p, "at") || isWord(p, "from") || isWord(p, "to")
                    || isWord(p, "by") && isWord(p - 1, "employed") {
            p -= 1
        } else { return nil }
        // The cue may stand a few tokens before, across a date: "colonoscopy 8/14/25 at Lahey".
        var steps = 0
        while p >= 0, steps < 5, !isAny(p, ScanContext.organisationCues) {
            if t[p].lineBefore || isPunct(p, 0x2E) || isPunct(p, 0x3B) || isPunct(p, 0x2C) { return nil }
            p -= 1
            steps += 1
        }
        // A date right before "at": "EGD 3/2/24 at Lahey".
        let afterDate = i >= 2 && isWord(i - 1, "at") && claimed[i - 2] && spans.contains { $0.type == .date && $0.end == t[i - 2].end }
        guard afterDate || p >= 0 && isAny(p, ScanContext.organisationCues) else { return nil }
        if isAny(i, ScanContext.titles) || lexicon.firstNames.contains(capitalisedForm(i)) && !lexicon.lastNames.contains(capitalisedForm(i)) { return nil }
        var k = i, last = i, words = 0
        while k < t.count, words < 5, k == i || !t[k].lineBefore {
            if t[k].isWord, t[k].capitalised, t[k].digits == 0 {
                if ScanContext.departmentWords.contains(text(k)) || lower(k).hasSuffix("ology") || lower(k).hasSuffix("iatry")
                    || lower(k).hasSuffix("iatrics") { return nil }  // "Admitted to Medicine", "Seen by Social Work"
                last = k; words += 1; k += 1; continue
            }
            if k > i, isWord(k, "of") || isWord(k, "and") || isPunct(k, 0x26) || isPunct(k, 0x2D) && adjacent(k - 1),
               k + 1 < t.count, t[k + 1].isWord, t[k + 1].capitalised { k += 1; continue }
            if isPunct(k, 0x27), isWord(k + 1, "s"), adjacent(k - 1) { last = k + 1; k += 2; continue }
            break
        }
        return last
    }

    /// Whether token `k` ends a phrase: the end of the text or line, or `,` `.` `;` `)` `(`, or a state after a comma.
    func closesPhrase(_ k: Int) -> Bool {
        if k >= t.count || t[k].lineBefore { return true }
        return !t[k].isWord && [0x2C, 0x2E, 0x3B, 0x29, 0x28].contains(b[t[k].start])
    }

    /// Whether a country name (`Nigeria`, `Saudi Arabia`) starts at token `k`.
    func countryAt(_ k: Int) -> Bool {
        guard k < t.count, t[k].isWord, t[k].capitalised, t[k].digits == 0, !t[k].lineBefore else { return false }
        if lexicon.countries.contains(text(k)) { return true }
        return k + 1 < t.count && t[k + 1].isWord && !t[k + 1].lineBefore && lexicon.countries.contains(text(k) + " " + text(k + 1))
    }

    /// Words before a route number that place it (`on Route 9`, `off Hwy 61`).
    static let routeCues: Set<String> = ["on", "off", "at", "along", "near", "to", "from", "via", "lives", "live", "address",
                                         "down", "up", "past", "onto"]

    /// The last token of a route starting at `i`: `Route 9`, `Hwy 61`, `Rte 28`, `Rural Route 1`, each with an
    /// optional `Box 38` (after a comma too); taken after a place cue (`on`, `off`, `lives`, `Address:`), or with
    /// `Rural` before it, or with a box after it.
    func routeEnd(from i: Int) -> Int? {
        let c0 = b[t[i].start] | 0x20
        guard c0 == 0x72 || c0 == 0x68 else { return nil }  // r(ural, oute, te, t), h(ighway, wy)
        var k = i
        let rural = isWord(k, "rural")
        if rural { k += 1 }
        guard isAny(k, ScanContext.routeWords) else { return nil }
        if isPunct(k + 1, 0x2E), adjacent(k) { k += 1 }  // "Rt. 2 Box 45"
        guard k + 1 < t.count, t[k + 1].isWord, t[k + 1].digits > 0, t[k + 1].length <= 4, !t[k + 1].lineBefore else { return nil }
        var last = k + 1
        // "Hwy 20 mile marker 212"
        if isWord(last + 1, "mile"), isOneOf(last + 2, ["marker", "post"]), last + 3 < t.count, t[last + 3].isNumber { last += 3 }
        var n = last + 1
        if isPunct(n, 0x2C) { n += 1 }
        let box = isWord(n, "box") && n + 1 < t.count && t[n + 1].isNumber && !t[n].lineBefore
        if box { last = n + 1 }
        var p = i - 1
        if isPunct(p, 0x3A) { p -= 1 }
        guard rural || box || p >= 0 && isAny(p, ScanContext.routeCues), !isWord(last + 1, "of") else { return nil }  // "Route 2 of the protocol"
        return last
    }

    /// Facility words of other languages that start a facility's name.
    static let foreignFacilityStarts: Set<String> = ["Hôpital", "Hopital", "Clinique", "Clínica", "Clinica", "Klinikum",
                                                     "Klinik", "Centro", "Ospedale", "Policlinico", "Spital", "Krankenhaus",
                                                     "Hospitalet", "Sjukhus", "Ziekenhuis", "Szpital", "Nemocnice"]

    /// The last token of a facility named with a foreign facility word first (`Hôpital Pitié-Salpêtrière`,
    /// `Clínica Alemana`, `Centro Médico ABC`): that word then one to four capitalised words (with `de`, `la`,
    /// `del`, `di`, `der` between them) on the same line.
    func foreignFacilityEnd(from i: Int) -> Int? {
        guard t[i].length >= 5, t[i].length <= 13, [0x48, 0x43, 0x4B, 0x4F, 0x50, 0x53, 0x5A, 0x4E].contains(b[t[i].start]),
              ScanContext.foreignFacilityStarts.contains(text(i)) else { return nil }  // H C K O P S Z N
        var k = i + 1, last = i, words = 0
        while k < t.count, words < 5, !t[k].lineBefore, t[k].isWord {
            if t[k].capitalised { last = k; words += 1; k += 1; continue }
            if ["de", "la", "del", "di", "der", "des", "du", "da", "do", "dos", "y", "e"].contains(lower(k)),
               k + 1 < t.count, t[k + 1].capitalised { k += 1; continue }
            break
        }
        return last > i ? last : nil
    }

    /// Whether token `i` is a grid house number of the rural Midwest (`W2841`, `N5621`, `S74W16853` is not): a compass
    /// capital and three to six digits.
    func isGridNumber(_ i: Int) -> Bool {
        guard t[i].isWord, t[i].length >= 4, t[i].length <= 7, t[i].digits == t[i].length - 1 else { return false }
        let c = b[t[i].start]
        return c == 0x4E || c == 0x53 || c == 0x45 || c == 0x57
    }

    /// The last token of a post-office box (`PO Box 1187`, `P.O. Box 12`, `Post Office Box 9`) starting at `i`.
    func poBoxEnd(from i: Int) -> Int? {
        var k = i
        if isWord(k, "po") { k += 1 } else if isWord(k, "p"), isPunct(k + 1, 0x2E), isWord(k + 2, "o") {
            k += 3
            if isPunct(k, 0x2E) { k += 1 }
        } else if isWord(k, "post"), isWord(k + 1, "office") { k += 2 } else { return nil }
        guard isWord(k, "box"), k + 1 < t.count else { return nil }
        var n = k + 1
        if isPunct(n, 0x23) { n += 1 }
        guard n < t.count, t[n].isWord, t[n].digits > 0 else { return nil }
        return n
    }

    /// The last token of a street name without a house number starting at `i`: one to three capitalised words then a
    /// street word (`Dudley Street`, `Centre St`, `Martin Luther King Jr Blvd`); `St` must not be followed by a
    /// capitalised word (`St Vincent` is a saint).
    func streetNameEnd(from i: Int) -> Int? {
        guard i > 0, t[i - 1].isWord, t[i - 1].length <= 5,
              isWord(i - 1, "on") || isWord(i - 1, "off") || isWord(i - 1, "at") || isWord(i - 1, "along")
                || isWord(i - 1, "near") || isWord(i - 1, "of") || isWord(i - 1, "to") || isWord(i - 1, "from") else { return nil }
        var k = i
        var words = 0
        while k < t.count, words < 4, t[k].isWord, t[k].capitalised, t[k].digits == 0, k == i || !t[k].lineBefore {
            if words > 0, ScanContext.streetWords.contains(text(k)) {
                var last = k
                if isPunct(k + 1, 0x2E) { last = k + 1 }
                // "St Vincent" / "St. Vincent" is a saint; after Ave., Rd. a capital starts the next sentence.
                if isWord(k, "st"), last + 1 < t.count, t[last + 1].isWord, t[last + 1].capitalised, !t[last + 1].lineBefore { return nil }
                return last
            }
            words += 1
            k += 1
        }
        return nil
    }

    /// The words of tokens `i..<k` that name something (`Greenfield`, `Valley`): capitalised, not facility words,
    /// adjectives (`Behavioral`, `Internal`) or hospital services. Called only at `Health` and specialty words.
    private func nameWords(_ i: Int, _ k: Int) -> Int {
        var n = 0
        for j in i..<k where t[j].isWord && t[j].capitalised {
            let w = text(j)
            if !ScanContext.facilityWords.contains(w), !ScanContext.looksLikeAdjective(w.lowercased()),
               !ScanContext.departmentWords.contains(w), w != "Medicine", w != "Surgery", !w.hasSuffix("ology") { n += 1 }
        }
        return n
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
            let pair = k > i && ScanContext.facilityPairSeconds.contains(w) && ScanContext.facilityPairEnds.contains(text(k - 1) + " " + w)
            if ScanContext.facilityWords.contains(w) || pair {
                // "Kern Medical", but not "Ohio BMV Medical Review".
                let medicalGoesOn = w == "Medical" && k + 1 < t.count && t[k + 1].isWord && t[k + 1].capitalised && !t[k + 1].lineBefore
                if sawName, ScanContext.facilityEnds.contains(w), !medicalGoesOn { last = k }
                if sawName, pair { last = k }
                if sawName, w == "Health", nameWords(i, k) >= 2 { last = k }  // Pioneer Valley Behavioral Health
            } else if !isWord(k, "of") && !isWord(k, "the") {
                // A practice named for its specialty after a name word: "Greenfield Family Medicine", "Valley
                // Gastroenterology" (not "Internal Medicine", "Pediatric Cardiology": adjectives are not name words).
                let specialty = w == "Medicine" || w == "Surgery" || w.hasSuffix("ology") || w.hasSuffix("iatrics")
                    || w.hasSuffix("pedics") || w.hasSuffix("paedics")
                if specialty {
                    if nameWords(i, k) >= 1 { last = k }
                } else {
                    // A common first word is allowed when a facility word follows ("Good Samaritan Hospital").
                    sawName = true
                }
            }
            k += 1
            words += 1
            if isPunct(k, 0x27), k + 1 < t.count, isWord(k + 1, "s") { k += 2 }
        }
        // "Saint Joseph's Home for the Aged": `for` (and `the`) and capitalised words after a facility word.
        if let l = last, isWord(l + 1, "for") {
            var n = l + 2
            if isWord(n, "the") { n += 1 }
            var e = l
            while n < t.count, !t[n].lineBefore, t[n].isWord, t[n].capitalised, t[n].digits == 0, n - l <= 5 { e = n; n += 1 }
            if e > l { return e }
        }
        return last
    }
}
