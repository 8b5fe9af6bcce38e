extension ScanContext {
    /// Titles before a name.
    static let titles: Set<String> = ["dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "nurse",
                                      "sr", "sister", "father", "rev", "mister", "sgt", "det", "officer", "fr", "capt",
                                      "lt", "rabbi", "pastor", "imam", "judge", "atty", "deputy", "detective",
                                      "sergeant", "trooper"]
    /// Words after which a capitalised word is a name.
    static let nameCues: Set<String> = ["name", "patient", "pt", "signed", "seen", "by", "attending", "pcp", "spouse",
                                        "wife", "husband", "son", "daughter", "mother", "father", "brother", "sister",
                                        "accompanied", "per", "dictated", "resident", "fellow", "np", "pa", "contact",
                                        "caregiver", "guardian", "friend", "partner", "cc", "surgeon", "referring",
                                        "provider", "physician", "neighbor", "niece", "nephew", "grandson",
                                        "granddaughter", "aunt", "uncle", "cousin", "boyfriend", "girlfriend", "nok",
                                        "coordinator", "interpreter", "reviewed", "ordering", "clinician", "sincerely",
                                        "regards", "thanks", "dear", "hi", "hello", "re", "rn", "lpn", "crna", "assistant",
                                        "prescriber", "therapist", "counselor", "chaplain", "intern", "witness", "proxy",
                                        "hcp", "accepting", "sending", "evaluator", "defendant", "client", "recipient",
                                        "author", "consultant", "cosigned", "transcribed", "verified", "technician",
                                        "sonographer", "anesthesiologist", "midwife", "doula", "student", "to", "from",
                                        "examinee", "insured", "applicant", "claimant", "employee", "member",
                                        "resident", "is", "with", "caller", "requestor", "requester", "subscriber",
                                        "approved", "parents", "user", "pharmacist", "sons", "daughters",
                                        "girl", "boy", "twin", "infant", "newborn", "daughter-in-law", "son-in-law",
                                        "mother-in-law", "father-in-law", "sister-in-law", "brother-in-law", "stepson",
                                        "stepdaughter", "stepmother", "stepfather", "grandma", "grandpa", "fiance",
                                        "fiancee"]

    /// Verbs after which `with` introduces a person.
    static let talkVerbs: Set<String> = ["spoke", "speak", "spoken", "discussed", "talked", "met", "conferred",
                                         "consulted", "reviewed", "called", "visited", "chatted", "lives", "living"]

    /// Cue words after which an unknown capitalised word is a name only when it is clearly one (`to Dr` is a
    /// title case; `to Boston` is not a name): these need a known name or a colon.
    static let weakNameCues: Set<String> = ["to", "from", "re", "by", "per", "seen", "contact", "provider"]

    /// Words after an eponym (`Graves disease`, `Murphy sign`, `Bell palsy`), which make it a clinical term.
    static let eponymHeads: Set<String> = ["disease", "syndrome", "sign", "palsy", "test", "maneuver", "manoeuvre",
                                           "procedure", "criteria", "score", "classification", "scale", "reflex",
                                           "lymphoma", "sarcoma", "tumor", "tumour", "ulcer", "fracture", "catheter",
                                           "phenomenon", "triad", "law", "operation", "repair", "node", "nodes", "point",
                                           "disorder", "anomaly", "method", "solution", "stage", "staging"]

    /// Whether token `k` is an eponym: followed by a clinical head word, directly or after `'s`.
    func isEponym(_ k: Int) -> Bool {
        var n = k + 1
        if isPunct(n, 0x27), isWord(n + 1, "s") { n += 2 }
        return n < t.count && !t[n].lineBefore && isAny(n, ScanContext.eponymHeads)
    }

    /// Endings of clinical and common nouns (`Biopsy`, `Palpation`, `Pharmacist`), which an unknown name after a
    /// cue rarely has.
    static func looksLikeTerm(_ w: String) -> Bool {
        ["opsy", "scopy", "tion", "sion", "graphy", "ment", "ance", "ence", "ology", "ist", "acy", "ics", "ness", "ity",
         "ectomy", "otomy", "itis", "osis", "emia", "therapy", "ure", "ing"].contains { w.hasSuffix($0) } && w.count > 4
    }

    /// Greetings and closings, which are cues for a name and never a name themselves.
    static let salutations: Set<String> = ["hi", "hello", "dear", "thanks", "sincerely", "regards", "cheers", "best", "re"]

    /// Clinical abbreviations in capitals that are also short given names (`ED`, `AL`), never a name.
    static let clinicalAbbreviations: Set<String> = ["ED", "ER", "OR", "ICU", "PT", "OT", "GI", "CT", "MR", "IV", "PO",
                                                     "NP", "PA", "RN", "MD", "DO", "BP", "HR", "RR", "ENT", "AMA", "CC",
                                                     "HPI", "ROS", "EMS", "AL", "ALS", "DON", "SAM", "TED", "CAL", "VAN",
                                                     "LES", "JAN", "MAY", "JUNE", "MAC", "MICU", "SICU", "CCU", "PACU",
                                                     "DOB", "MRN", "SSN", "DOS", "RRT", "DMV", "SSA", "MRI", "ICA",
                                                     "CCA", "PSV", "EDV", "NPI", "DEA", "EMT", "RT", "HF", "CHF", "EHR",
                                                     "EMR", "PCP", "DDS", "NICU", "PICU", "OB", "GYN", "ENT", "PEDS"]

    /// Lower-case particles inside names (`Van der Berg`, `da Silva`, `al-Farsi` is one token).
    static let nameParticles: Set<String> = ["van", "der", "den", "de", "la", "del", "della", "da", "von", "bin", "ibn",
                                             "al", "el", "le", "di", "du", "dos", "das", "ten", "ter", "st", "los", "las"]

    /// Relations after which any capitalised word is taken for a name.
    static let relationCues: Set<String> = ["wife", "husband", "son", "daughter", "mother", "father", "brother", "sister",
                                            "spouse", "aunt", "uncle", "cousin", "niece", "nephew", "grandson",
                                            "granddaughter", "partner", "boyfriend", "girlfriend", "friend", "caregiver",
                                            "guardian", "neighbor", "participant", "decedent", "guarantor", "proband",
                                            "sons", "daughters", "parents", "brothers", "sisters", "grandchildren",
                                            "daughter-in-law", "son-in-law", "mother-in-law", "father-in-law",
                                            "sister-in-law", "brother-in-law", "stepson", "stepdaughter", "stepmother",
                                            "stepfather", "grandma", "grandpa", "fiance", "fiancee"]

    /// Whether token `k` can be part of a name: capitalised word without digits, not a common word (unless
    /// `allowCommon`), or an initial (`J.`).
    func nameLike(_ k: Int, allowCommon: Bool) -> Bool {
        guard k < t.count, t[k].isWord, t[k].digits == 0, t[k].capitalised else { return false }
        if t[k].length == 1 { return true }
        let c0 = b[t[k].start] | 0x20
        if t[k].length <= 4, [0x64, 0x6D, 0x70, 0x73, 0x72].contains(c0), ScanContext.titles.contains(lower(k)) { return false }  // Dr, Mrs, Prof
        if t[k].allCaps, t[k].length <= 4, ScanContext.clinicalAbbreviations.contains(text(k)) { return false }  // ED, OR
        if !t[k].allCaps, b[t[k].end - 1] >= 0x41 && b[t[k].end - 1] <= 0x5A { return false }  // IgE, HbA
        if t[k].length <= 9, [0x68, 0x64, 0x74, 0x73, 0x72, 0x63, 0x62].contains(c0), ScanContext.salutations.contains(lower(k)) {
            return false  // Hi, Dear, Thanks
        }
        if !allowCommon, lexicon.commonWords.contains(capitalisedForm(k)) { return false }
        if DateValue.month(named: text(k)) != nil, t[k].length <= 9, !lexicon.firstNames.contains(capitalisedForm(k)) { return false }
        if lexicon.streetSuffixes.contains(text(k)) && t[k].length > 2 { return false }
        if k + 1 < t.count, t[k + 1].isWord && !t[k + 1].capitalised || isPunct(k + 1, 0x27), isEponym(k) { return false }
        return true
    }

    /// Extends a name from token `i` over further name-like tokens (initials with their dot, up to four words).
    func nameEnd(from i: Int, allowCommon: Bool) -> Int {
        var last = i
        if t[i].length == 1, isPunct(i + 1, 0x2E) { last = i + 1 }
        var words = 1
        while words < 4 {
            var n = last + 1
            // Particles: "Van der Berg", "Maria da Silva".
            var p = n
            while p < t.count, !t[p].lineBefore, t[p].isWord, !t[p].capitalised, ScanContext.nameParticles.contains(lower(p)) { p += 1 }
            if p > n, p < t.count, !t[p].lineBefore, nameLike(p, allowCommon: false), t[p].length > 1 { n = p }
            if n < t.count, !t[n].lineBefore, particleName(n) {
                last = n
                words += 1
                continue
            }
            guard n < t.count, !t[n].lineBefore, nameLike(n, allowCommon: allowCommon) || commonSurnameAfterFirst(n) else { break }
            if t[n].length > 1, !allowCommon, lexicon.commonWords.contains(capitalisedForm(n)), !commonSurnameAfterFirst(n) { break }
            last = n
            if t[n].length == 1, isPunct(n + 1, 0x2E) { last = n + 1 }
            words += 1
        }
        // Last, First after a title or cue: "Dr. Hernandez, Ahmed".
        if isPunct(last + 1, 0x2C), last + 2 < t.count, !t[last + 2].lineBefore, t[last + 2].digits == 0,
           t[last + 2].capitalised, t[last + 2].length > 1, !lexicon.commonWords.contains(capitalisedForm(last + 2)),
           lexicon.firstNames.contains(capitalisedForm(last + 2))
            || (nameLike(last + 2, allowCommon: false) && (last + 3 >= t.count || !t[last + 3].isWord) && !lexicon.states.contains(text(last + 2)))
            || (t[last].allCaps && t[last + 2].allCaps && t[last + 2].length > 2 && nameLike(last + 2, allowCommon: false)
                && !lexicon.states.contains(text(last + 2))) {
            return last + 2
        }
        return last
    }

    /// Names after titles and cue words, from the name lists, and in `Last, First` order; then every other
    /// occurrence of a word found in a name.
    mutating func matchNames() {
        matchNicknamedNames()
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
            // "with" names someone after a verb of talking: "spoke with Aram", "discussed with Dr. Lee".
            if isWord(i, "with"), !isAny(i - 1, ScanContext.talkVerbs) { i += 1; continue }
            // "is" names someone only in "this is X", "it is X", "name is X".
            if isWord(i, "is"), !isAny(i - 1, ["this", "it", "name"]) { i += 1; continue }
            if t[i].digits == 0, ScanContext.nameCues.contains(lower(i)) {
                var k = i + 1
                if isPunct(k, 0x3A) || isPunct(k, 0x2C) { k += 1 }
                if isWord(k, "name") { k += 1; if isPunct(k, 0x3A) { k += 1 } }
                let family = ScanContext.relationCues.contains(lower(i))
                let strong = !ScanContext.weakNameCues.contains(lower(i)) && (t[i].capitalised || !isWord(i, "to") && !isWord(i, "from"))
                if k < t.count, !claimed[k], strong || isWord(i, "by"), !t[k].capitalised, lowercaseName(k) {
                    add(.name, tokens: k, k + 1)
                    i = k + 2
                    continue
                }
                // (A relation word may end the text: "lives with her son".)
                let familyCommon = family && k < t.count && t[k].capitalised && !t[k].allCaps && nameLike(k, allowCommon: true)
                    && (closesPhrase(k + 1) || nameLike(k + 1, allowCommon: true) && !t[k + 1].lineBefore)
                if k < t.count, !claimed[k], nameLike(k, allowCommon: family && lexicon.firstNames.contains(capitalisedForm(k)) || familyCommon),
                   t[k].length > 1 || isPunct(k + 1, 0x2E) && nameLike(k + 2, allowCommon: false) && (strong || isWord(i, "by")),
                   !isAny(k, ScanContext.titles), !lexicon.facilityLike(text(k)),
                   family || isKnownName(k) || (k + 1 < t.count && nameLike(k + 1, allowCommon: false) && isKnownName(k + 1))
                    || isPunct(k - 1, 0x3A) || (strong || isWord(i, "by")) && looksLikeUnknownName(k) {
                    let last = family && t[k].capitalised ? max(k, nameEnd(from: k, allowCommon: familyCommon)) : nameEnd(from: k, allowCommon: false)
                    add(.name, tokens: k, last)
                    i = last + 1
                    continue
                }
            }
            // Initial and known surname: "S. Mukherjee" (unknown surnames need a cue: "Surgeon: T. Nakashima").
            if t[i].length == 1, t[i].capitalised, isPunct(i + 1, 0x2E), adjacent(i), i + 2 < t.count, !t[i + 2].lineBefore,
               t[i + 2].length > 2, nameLike(i + 2, allowCommon: false), lexicon.lastNames.contains(capitalisedForm(i + 2)),
               !lexicon.facilityLike(text(i + 2)) {
                let last = nameEnd(from: i, allowCommon: false)
                add(.name, tokens: i, last)
                i = last + 1
                continue
            }
            if t[i].capitalised, t[i].digits == 0, t[i].length > 1, nameLike(i, allowCommon: true) {
                let form = capitalisedForm(i)
                let common = lexicon.commonWords.contains(form)
                let first = lexicon.firstNames.contains(form) || compoundKnown(i, in: lexicon.firstNames)
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
                   (t[i + 1].length == 1 && t[i + 1].capitalised && isPunct(i + 2, 0x2E)
                    && (nameLike(i + 3, allowCommon: false) || i + 3 < t.count && lexicon.lastNames.contains(capitalisedForm(i + 3))))
                    || (nameLike(i + 1, allowCommon: false) && t[i + 1].length > 2 && lexicon.lastNames.contains(capitalisedForm(i + 1))
                        && !lexicon.facilityLike(text(i + 1)) && !lexicon.facilityLike(text(i)) && !ScanContext.looksLikeAdjective(lower(i))) {
                    let last = nameEnd(from: i, allowCommon: false)
                    add(.name, tokens: i, last)
                    i = last + 1
                    continue
                }
                if first, !common, commonSurnameAfterFirst(i + 1) {
                    let last = nameEnd(from: i, allowCommon: false)
                    add(.name, tokens: i, last)
                    i = last + 1
                    continue
                }
                if first {
                    let hasNext = i + 1 < t.count && !t[i + 1].lineBefore && (nameLike(i + 1, allowCommon: false) || particleName(i + 1))
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
        namesBeforeCredentials()
        namesBeforeReportingVerbs()
        matchUserNames()
        namesBeforeAgeAndSex()
        familyNames()
        commonWordNamesAfterColonCues()
        joinSplitNames()
        propagateNames()
        extendNamesOverInitials()
    }

    /// Verbs of reporting after a person's name (`Manny says`, `Obiageli reports`).
    static let reportingVerbs: Set<String> = ["says", "said", "reports", "reported", "states", "stated", "denies", "denied",
                                              "endorses", "complains", "tells", "told", "asks", "asked", "feels", "agrees",
                                              "declines", "declined", "prefers", "wants", "wishes", "understands"]
    /// Capitalised words before a reporting verb that are not names: pronouns, roles, groups, services.
    static let nonNameSubjects: Set<String> = ["she", "he", "they", "we", "it", "this", "that", "who", "mom", "dad",
                                               "mother", "father", "patient", "pt", "family", "staff", "team", "nurse",
                                               "nursing", "caller", "husband", "wife", "son", "daughter", "parent",
                                               "parents", "spouse", "partner", "caregiver", "guardian", "provider",
                                               "physician", "doctor", "resident", "attending", "someone", "everyone",
                                               "client", "mother-in-law", "sister", "brother", "friend", "he/she",
                                               "neighbor", "neighbour", "grandmother", "grandfather", "aunt", "uncle"]

    /// An unknown capitalised word right before a reporting verb is a name (`Manny says the inhaler helps`), unless it
    /// is a pronoun, a role, a group or a service, a common word, or looks like a clinical term.
    private mutating func namesBeforeReportingVerbs() {
        for v in t.indices where v >= 1 && t[v].isWord && !t[v].capitalised && t[v].length >= 4 && t[v].length <= 11 {
            let k = v - 1
            guard !claimed[k], t[k].isWord, t[k].capitalised, !t[k].allCaps, t[k].length >= 3, t[k].digits == 0,
                  !t[v].lineBefore, ScanContext.reportingVerbs.contains(lower(v)) else { continue }
            let w = lower(k)
            guard !ScanContext.nonNameSubjects.contains(w), !ScanContext.nameCues.contains(w), nameLike(k, allowCommon: false),
                  !ScanContext.looksLikeTerm(w), !ScanContext.looksLikeAdjective(w), !lexicon.facilityLike(text(k)),
                  !ScanContext.departmentWords.contains(text(k)), !w.hasSuffix("ology"), !w.hasSuffix("ist") else { continue }
            add(.name, tokens: k, k)
        }
    }

    /// Professional credentials written after a name (`Tembeka Ozturkova, MD`, `J. Ngata RN`).
    static let credentials: Set<String> = ["MD", "DO", "RN", "NP", "PA", "PhD", "LICSW", "CRNA", "LPN", "MSW", "DDS", "DMD",
                                           "PharmD", "FNP", "APRN", "CNM", "MPH", "FACP", "MBBS", "LCSW", "BSN", "MSN",
                                           "DNP", "RD", "PT", "DPT", "OTR", "CNA", "MA", "RPh", "FRCP", "MBChB"]

    /// Names right before a credential on the same line (`Ifeoma Chukwu, MD`): one to four name-like words (initials
    /// allowed), at least one longer than a letter, taken even when not in the lists.
    private mutating func namesBeforeCredentials() {
        for c in t.indices where t[c].isWord && t[c].digits == 0 && t[c].length <= 6 && !t[c].lineBefore {
            guard ScanContext.credentials.contains(text(c)), c >= 1 else { continue }
            // "MA" and "PT" are also a state and "patient": only after a comma.
            var k = c - 1
            if isPunct(k, 0x2C) { k -= 1 } else if ["MA", "PT", "DO", "PA", "RD"].contains(text(c)) { continue }
            guard k >= 0, !claimed[k], !t[c].lineBefore else { continue }
            var j = k, first = k + 1, words = 0, long = 0
            while j >= 0, words < 4, !claimed[j] {
                if isPunct(j, 0x2E), j >= 1, t[j - 1].length == 1, t[j - 1].capitalised { j -= 1; continue }
                guard t[j].isWord, nameLike(j, allowCommon: false) || t[j].length == 1 && t[j].capitalised
                        || particleName(j) else { break }
                if t[j].length > 1 { long += 1 }
                words += 1
                first = j
                if t[j].lineBefore { break }
                j -= 1
            }
            guard long >= 1, first <= k, !lexicon.facilityLike(text(k)), !ScanContext.looksLikeTerm(lower(k)) else { continue }
            add(.name, tokens: first, k)
        }
    }

    /// Widens each found name over a single capital next to it on the same line (`Smith J`, `J Smith`,
    /// `Smith, J.`): initials written without a dot or after a comma. `A` and `I` are words, not initials.
    private mutating func extendNamesOverInitials() {
        func initial(_ k: Int) -> Bool {
            k >= 0 && k < t.count && !claimed[k] && t[k].isWord && t[k].length == 1 && t[k].capitalised
                && b[t[k].start] != 0x41 && b[t[k].start] != 0x49
        }
        for n in spans.indices where spans[n].type == .name {
            guard let first = token(startingAt: spans[n].start) else { continue }
            var last = first
            while last + 1 < t.count, t[last + 1].end <= spans[n].end { last += 1 }
            var newLast = last, newFirst = first
            // A gap of two or more spaces after the initial ends it like punctuation ("HOLLOWAY, JEROME T     Sex").
            let gapAfter = last + 2 < t.count && t[last + 2].start - t[last + 1].end >= 2
            if initial(last + 1), !t[last + 1].lineBefore, last + 2 >= t.count || !t[last + 2].isWord || gapAfter
                || !t[last + 2].capitalised && t[last + 2].digits == 0 {
                newLast = last + 1
                if isPunct(newLast + 1, 0x2E), adjacent(newLast) { newLast += 1 }  // "Chidinma A."
            }
            else if isPunct(last + 1, 0x2C), initial(last + 2), !t[last + 2].lineBefore, isPunct(last + 3, 0x2E) { newLast = last + 3 }
            if initial(first - 1), !t[first].lineBefore, first - 2 < 0 || !t[first - 2].isWord || t[first - 1].lineBefore { newFirst = first - 1 }
            // "L. Farouk": an initial with its dot before the name.
            else if isPunct(first - 1, 0x2E), initial(first - 2), adjacent(first - 2), !t[first].lineBefore,
                    first - 3 < 0 || !t[first - 3].isWord || !t[first - 3].capitalised { newFirst = first - 2 }
            let suffixes: Set<String> = ["Jr", "Sr", "II", "III", "IV", "JR", "SR"]
            if suffixes.contains(text(newLast)), isPunct(newLast + 1, 0x2E), adjacent(newLast) { newLast += 1 }
            // "Rufus Ebanks Jr.", "Henry Ford III": a generational suffix after the name.
            if newLast + 1 < t.count, !t[newLast + 1].lineBefore, !claimed[newLast + 1], t[newLast + 1].isWord,
               suffixes.contains(text(newLast + 1)) {
                newLast += 1
                if isPunct(newLast + 1, 0x2E), adjacent(newLast) { newLast += 1 }
            }
            if newLast != last || newFirst != first {
                for k in newFirst...newLast { claimed[k] = true }
                spans[n] = PHISpan(type: .name, start: t[newFirst].start, end: t[newLast].end)
            }
        }
    }

    /// Whether token `k` is a family name with a lower-case Arabic particle joined by a hyphen (`al-Farsi`,
    /// `el-Amin`, `bin-Laden`, `abu-Bakr`): particle, hyphen, capital letter.
    func particleName(_ k: Int) -> Bool {
        guard k < t.count, t[k].isWord, t[k].digits == 0, !t[k].capitalised else { return false }
        for p in ["al-", "el-", "bin-", "ibn-", "abu-", "ben-"] where p.utf8.count < t[k].length {
            let s = t[k].start
            var match = true
            for (n, c) in p.utf8.enumerated() where b[s + n] != c { match = false; break }
            if match { let c = b[s + p.utf8.count]; return c >= 0x41 && c <= 0x5A }
        }
        return false
    }

    /// Whether token `k` is a capitalised common word that is also a census surname (`Stone`, `Brown`, `Rose`)
    /// right after a known first name that is not itself a common word (`Rebecca Stone`, `Walter Brown`).
    func commonSurnameAfterFirst(_ k: Int) -> Bool {
        guard k > 0, k < t.count, !t[k].lineBefore, t[k].isWord, t[k].capitalised, t[k].digits == 0, t[k].length > 2,
              t[k].spaceBefore else { return false }
        let w = capitalisedForm(k)
        // After a middle initial: "Hollis P. Grant".
        let afterInitial = k >= 3 && isPunct(k - 1, 0x2E) && t[k - 2].length == 1 && t[k - 2].capitalised && t[k - 3].isWord
            && t[k - 3].capitalised && lexicon.firstNames.contains(capitalisedForm(k - 3))
        guard afterInitial || t[k - 1].isWord && t[k - 1].capitalised else { return false }
        let f = afterInitial ? capitalisedForm(k - 3) : capitalisedForm(k - 1)
        return lexicon.firstNames.contains(f) && !lexicon.commonWords.contains(f) && lexicon.lastNames.contains(w)
            && lexicon.commonWords.contains(w) && !lexicon.facilityLike(text(k)) && DateValue.month(named: text(k)) == nil
    }

    /// Whether an unknown capitalised word after a strong cue is shaped like a name: an initial with its dot before
    /// a name word, two name-like words (`Hakeem Olajuwon`), or one word closing its phrase (followed by `,`, `.`,
    /// `;`, `(`, a line end or the end of the text), and not all capitals of four letters or fewer (`ED`, `ICU`).
    func looksLikeUnknownName(_ k: Int) -> Bool {
        guard nameLike(k, allowCommon: false), !lexicon.facilityLike(text(k)) else { return false }
        if t[k].length == 1 { return isPunct(k + 1, 0x2E) && nameLike(k + 2, allowCommon: false) }
        if t[k].allCaps && t[k].length <= 4 { return false }
        if ScanContext.looksLikeAdjective(lower(k)) || ScanContext.looksLikeTerm(lower(k)) { return false }
        let n = k + 1
        if n >= t.count || t[n].lineBefore { return true }
        if nameLike(n, allowCommon: false), t[n].length > 1, !lexicon.facilityLike(text(n)) { return true }
        return !t[n].isWord && [0x2C, 0x2E, 0x3B, 0x28, 0x29].contains(b[t[n].start])
    }

    /// Whether tokens `k`, `k+1` are a lower-case given name and family name from the lists (`ali hassan`), neither
    /// a common word.
    func lowercaseName(_ k: Int) -> Bool {
        guard k + 1 < t.count, t[k].isWord, t[k + 1].isWord, t[k].digits == 0, t[k + 1].digits == 0, !t[k + 1].lineBefore,
              t[k].length > 2, t[k + 1].length > 2 else { return false }
        let f = capitalisedForm(k), l = capitalisedForm(k + 1)
        return lexicon.firstNames.contains(f) && (lexicon.lastNames.contains(l) || lexicon.firstNames.contains(l))
            && !lexicon.commonWords.contains(f) && !lexicon.commonWords.contains(l)
    }

    /// Whether a lowercased word ends like an English adjective or clinical term (`vaginal`, `chronic`, `nervous`),
    /// which an unknown first word of a name rarely does.
    static func looksLikeAdjective(_ w: String) -> Bool {
        ["al", "ic", "ous", "ive", "ary", "ory", "ine", "ile", "ing", "ed", "ia", "is", "oid", "ar", "um"].contains { w.hasSuffix($0) } && w.count > 4
    }

    private func isKnownName(_ k: Int) -> Bool {
        let f = capitalisedForm(k)
        return lexicon.firstNames.contains(f) || lexicon.lastNames.contains(f) || compoundKnown(k, in: lexicon.firstNames)
            || compoundKnown(k, in: lexicon.lastNames)
    }

    /// Whether token `k` is a compound of listed names (`Mary-Kate`, `Smith-Jones`: every part listed) or a listed
    /// name written with an apostrophe (`O'Neill` as `Oneill`, the census spelling).
    func compoundKnown(_ k: Int, in list: Set<String>) -> Bool {
        guard t[k].length > 3 else { return false }
        let w = text(k)
        if w.contains("-") {
            let parts = w.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
            return parts.count >= 2 && parts.allSatisfy { $0.count > 1 && list.contains($0) && !lexicon.commonWords.contains($0) }
        }
        if w.contains("'") {
            let joined = w.replacingOccurrences(of: "'", with: "")
            return list.contains(joined.prefix(1).uppercased() + joined.dropFirst().lowercased())
        }
        return false
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
