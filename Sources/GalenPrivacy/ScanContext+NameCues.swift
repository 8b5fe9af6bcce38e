extension ScanContext {
    /// Words of the NATO spelling alphabet, used for unidentified trauma patients (`Unknown, Tango`, `Trauma Foxtrot`).
    static let natoWords: Set<String> = ["alpha", "alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
                                         "india", "juliet", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa",
                                         "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "whisky",
                                         "x-ray", "xray", "yankee", "zulu"]

    /// Lower-case English words that never start or continue a name written in lower case (`my daughter kaitlyn
    /// can`, `its bridget my`).
    static let functionWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "so", "if", "is", "was", "are", "were", "be", "been", "am", "im", "i", "my",
        "me", "you", "your", "he", "him", "his", "she", "her", "we", "our", "they", "them", "their", "it", "its", "this",
        "that", "these", "those", "to", "from", "of", "in", "on", "at", "by", "for", "with", "about", "as", "into", "can",
        "could", "will", "would", "should", "may", "might", "must", "shall", "do", "does", "did", "has", "have", "had",
        "not", "no", "yes", "ok", "okay", "also", "too", "just", "only", "here", "there", "now", "then", "today", "again",
        "said", "says", "say", "told", "tell", "called", "call", "calls", "came", "come", "comes", "went", "go", "goes",
        "gave", "give", "takes", "took", "take", "help", "helps", "helped", "works", "work", "lives", "live", "drove",
        "drives", "picks", "picked", "wants", "wanted", "knows", "thinks", "sent", "send", "brought", "stays", "staying",
        "number", "phone", "cell", "home", "still", "who", "which", "what", "when", "where", "why", "how", "all", "any",
        "some", "very", "really", "please", "thanks", "thank", "hi", "hello", "hey", "dr", "doctor", "nurse", "mr", "mrs",
        "ms", "pt", "patient", "sir", "mom", "dad", "wife", "husband", "son", "daughter", "boss", "friend", "name",
        "sugar", "pain", "meds", "insulin", "pen", "pharmacy", "appointment", "appt", "visit", "note", "doing", "feeling",
    ]

    /// Relations and roles after `my` that name a person next (`my daughter kaitlyn`, `my boss is dale`).
    static let ownRelations: Set<String> = ["wife", "husband", "daughter", "son", "boss", "friend", "neighbor", "neighbour",
                                            "mom", "mother", "dad", "father", "sister", "brother", "girlfriend",
                                            "boyfriend", "partner", "supervisor", "manager", "coworker", "roommate",
                                            "grandson", "granddaughter", "niece", "nephew", "aunt", "uncle", "cousin",
                                            "caregiver", "fiance", "fiancee", "landlord", "sponsor", "pastor"]

    /// Name forms the title and list rules of `matchNames` do not reach; run before `matchNames` so that the words
    /// found are also found elsewhere in the text.
    mutating func matchNameForms() {
        matchLowercaseNames()
        matchRoleNames()
        matchListedPatients()
        matchInitialsAfterCue()
        matchDottedUserNames()
        matchVietnameseNames()
        matchNamesBeforeRecordCues()
        matchLowercasePatientBeforeAgeSex()
        matchNumberedPatients()
        matchUserNamesBeforeRoles()
        matchChatSpeakers()
        matchBracketedPatients()
    }

    /// Speakers of a chat or paging log: a lower-case login of five to fourteen letters (digits may follow) after a
    /// time in brackets and before a colon (`[22:15] mkiplimo: 1 bed on 6E`, `[07:02:11] jsorensen2: ok`). Words of
    /// the text (`[22:15] update: …`, `[22:16] pending:`) stay.
    private mutating func matchChatSpeakers() {
        for k in t.indices where k >= 5 && !claimed[k] && t[k].isWord && t[k].length >= 5 && t[k].length <= 16 && !t[k].capitalised
            && isPunct(k + 1, 0x3A) && adjacent(k) && isPunct(k - 1, 0x5D) {
            // `[hh:mm]` or `[hh:mm:ss]` right before.
            var q = k - 2
            guard t[q].isNumber, t[q].length == 2, isPunct(q - 1, 0x3A), t[q - 2].isNumber else { continue }
            q -= 2
            if isPunct(q - 1, 0x3A), q >= 2, t[q - 2].isNumber { q -= 2 }
            guard q >= 1, isPunct(q - 1, 0x5B), t[q].length <= 2 else { continue }
            var letters = 0
            while letters < t[k].length, case let c = b[t[k].start + letters], c >= 0x61 && c <= 0x7A { letters += 1 }
            guard letters >= 5, t[k].digits == t[k].length - letters, lowerNameWord(k) || t[k].digits > 0 else { continue }
            let w = lower(k)
            if t[k].digits == 0, lexicon.englishWords.contains(w) || lexicon.commonWords.contains(capitalisedForm(k))
                || ScanContext.looksLikeTerm(w) { continue }
            add(.name, tokens: k, k)
        }
    }

    /// Words inside brackets after a name that show it is a person's (`Dawit Bekele (DOB 2019-06-02)`, `Hae-won Jang
    /// (OR RN)`, `Ahanu Whitecloud (IHS-0448821)`).
    static let recordCues: Set<String> = ["dob", "mrn", "born", "age", "rn", "md", "np", "pa", "do", "lpn", "cna", "rt",
                                          "emt", "or", "pt", "ssn", "hcp", "poa", "guardian", "minor", "parent"]

    /// Two or three person words before a bracket that opens with a record cue, an age with sex or a code with five
    /// or more digits (`referral - Dawit Bekele (DOB 2019-06-02)`, `Hae-won Jang (OR RN)`, `Ahanu Whitecloud (IHS-0448821)`); and two or three person words in brackets after a relation (`Mom
    /// (Selamawit Haile)`).
    private mutating func matchNamesBeforeRecordCues() {
        for o in t.indices where isPunct(o, 0x28) && o >= 1 && o + 1 < t.count {
            // Relation ( Name Name )
            if t[o - 1].isWord, t[o - 1].digits == 0, isOneOf(o - 1, ["mom", "dad"]) || isAny(o - 1, ScanContext.relationCues) {
                var e = o + 1
                while e < t.count, e - o <= 3, personWord(e) || isKnownNameWord(e) && !claimed[e] && t[e].capitalised { e += 1 }
                if e - o - 1 >= 2, isPunct(e, 0x29) { add(.name, tokens: o + 1, e - 1); continue }
            }
            let n = o + 1
            let cue = t[n].isWord && (isAny(n, ScanContext.recordCues) && (t[n].allCaps || t[n].length > 3) || isAgeSex(n)
                || t[n].digits >= 5 && !t[n].isNumber || t[n].allCaps && t[n].length <= 5 && codeValue(at: n) != nil
                    && (n...(codeValue(at: n) ?? n)).reduce(0, { $0 + t[$1].digits }) >= 5)
            guard cue, o >= 2 else { continue }
            var f = o - 1
            var words = 0
            while f >= 0, words < 3, !t[f + 1].lineBefore || f == o - 1,
                  personWord(f) || !claimed[f] && t[f].capitalised && t[f].length > 1 && isKnownNameWord(f) && !lexicon.facilityLike(text(f)) {
                words += 1
                f -= 1
            }
            guard words >= 2, f < 0 || !t[f].isWord || !t[f].capitalised || t[f + 1].lineBefore else { continue }
            add(.name, tokens: f + 1, o - 1)
        }
    }

    /// A patient's name in lower case between `pt`/`patient` (or a dash) and an age with sex (`pt hoang minh chau
    /// 22F`, `Pt hernandez, ana 35F`, `— whitley, cam 19M`): one to three lower-case words, none a function word, a
    /// comma allowed after the first.
    private mutating func matchLowercasePatientBeforeAgeSex() {
        for i in t.indices where isOneOf(i, ["pt", "patient"]) || isDash(i) || isPunct(i, 0x2D) && t[i].spaceBefore {
            var k = i + 1, words = 0
            while k < t.count, words < 3, lowerNameWord(k) {
                k += 1
                words += 1
                if words == 1, isPunct(k, 0x2C), lowerNameWord(k + 1), k + 2 < t.count, isAgeSex(k + 2) { k += 1 }
            }
            // At least one word in the name lists ("pt reports nausea, 44F" is no name).
            guard words >= 1, k < t.count, isAgeSex(k) || isPunct(k, 0x2C) && isAgeSex(k + 1),
                  (i + 1..<k).contains(where: { t[$0].isWord && listedLower($0, family: true) }) else { continue }
            add(.name, tokens: i + 1, k - 1)
        }
    }

    /// A surname alone in brackets after a bed, room or patient reference (`bed 6W-22 (Okwuosa)`, `pt in 6E-12
    /// (Zawadzki)`): one or two person words between `(` and `)` with `bed`, `rm`, `room` or `pt` among the four
    /// tokens before.
    private mutating func matchBracketedPatients() {
        for o in t.indices where isPunct(o, 0x28) && o + 2 < t.count && personWord(o + 1) {
            var e = o + 1
            if personWord(e + 1) { e += 1 }
            guard isPunct(e + 1, 0x29), (max(0, o - 4)..<o).contains(where: { isOneOf($0, ["bed", "rm", "room", "pt"]) }) else { continue }
            add(.name, tokens: o + 1, e)
        }
    }

    /// Patients in numbered sign-out lists with an age right after the dash (`3. McGillicuddy — 93yo`, `2. Okafor -
    /// 67M`): a line starting with a number and a full stop, one or two person words, a dash, then an age.
    private mutating func matchNumberedPatients() {
        for i in t.indices where t[i].isNumber && t[i].length <= 2 && isPunct(i + 1, 0x2E) && i + 4 < t.count {
            var k = i + 2, words = 0
            while k < t.count, words < 2, personWord(k) || !claimed[k] && t[k].capitalised && isKnownNameWord(k) { k += 1; words += 1 }
            guard words >= 1, isPunct(k, 0x2D) || isDash(k), k + 1 < t.count else { continue }
            let a = k + 1
            let age = isAgeSex(a) || t[a].isWord && t[a].digits >= 1 && t[a].digits <= 3 && b[t[a].start] >= 0x30 && b[t[a].start] <= 0x39
                && ["yo", "y", "yof", "yom"].contains(String(lower(a).dropFirst(t[a].digits)))
            if age { add(.name, tokens: i + 2, k - 1) }
        }
    }

    /// Credentials and roles in brackets after a user name (`kpetrakis (triage RN)`, `rgoldfarb (RN, 04:12)`).
    static let bracketRoles: Set<String> = ["rn", "md", "np", "pa", "lpn", "cna", "rt", "emt", "tech", "triage", "charge",
                                            "pharmacist", "pharmd", "do", "resident", "attending", "scribe", "clerk"]

    /// User names written in lower case before a bracketed role after a dash, comma or `by` (`- kpetrakis (triage
    /// RN)`, `…, akoroma (RN, 03:58)`), or after `users:`: a lower-case token of five to fourteen letters (digits may
    /// follow), not a function word and not ending like an English word (`pending`, `stable`, `improved`).
    private mutating func matchUserNamesBeforeRoles() {
        for k in t.indices where !claimed[k] && t[k].isWord && t[k].length >= 5 && t[k].length <= 14 && !t[k].capitalised {
            let c0 = b[t[k].start]
            guard c0 >= 0x61 && c0 <= 0x7A, isPunct(k + 1, 0x28) || isOneOf(k - 1, ["users", "usernames", "logins"])
                    || isPunct(k - 1, 0x3A) && isOneOf(k - 2, ["users", "usernames", "logins"]),
                  lowerNameWord(k) || t[k].digits > 0 else { continue }
            var letters = 0
            while letters < t[k].length, case let c = b[t[k].start + letters], c >= 0x61 && c <= 0x7A { letters += 1 }
            guard letters >= 5, t[k].digits == t[k].length - letters else { continue }
            let role = isPunct(k + 1, 0x28) && k + 2 < t.count && (isAny(k + 2, ScanContext.bracketRoles)
                || k + 3 < t.count && isAny(k + 3, ScanContext.bracketRoles) && t[k + 2].isWord && !t[k + 2].capitalised)
            var p = k - 1
            if isPunct(p, 0x3A) { p -= 1 }
            let users = isOneOf(p, ["users", "usernames", "logins"])
            // Before a role the user name must stand where a signature or list item does (after a dash, a comma or
            // `by`) and not be shaped like an English word (`pending (RN aware)`).
            let w = lower(k)
            let placed = isDash(k - 1) || isPunct(k - 1, 0x2D) || isPunct(k - 1, 0x2C) || isWord(k - 1, "by")
            let wordLike = ScanContext.looksLikeTerm(w) || ["al", "ic", "ous", "ive", "ary"].contains(where: { w.hasSuffix($0) })
                || ["ed", "ly", "er", "es", "ful", "less", "able", "ward", "ship"].contains(where: { w.hasSuffix($0) })
            guard users || role && placed && !wordLike else { continue }
            add(.name, tokens: k, k)
        }
    }

    /// Whether token `k` is a lower-case word that could be part of a name written in lower case: letters only,
    /// three or more, not a function word.
    private func lowerNameWord(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, t[k].isWord, !claimed[k], t[k].digits == 0, t[k].length >= 3, t[k].length <= 20,
              !t[k].capitalised, !t[k].lineBefore else { return false }
        return !ScanContext.functionWords.contains(lower(k))
    }

    /// Whether token `k`, written in lower case, is in the given-name (or with `family`, the family-name) list and
    /// not a common word.
    private func listedLower(_ k: Int, family: Bool = false) -> Bool {
        guard lowerNameWord(k) else { return false }
        let f = capitalisedForm(k)
        // "rodriguez-oconnor": a compound whose first part is a listed family name.
        if family, let h = f.firstIndex(of: "-"), lexicon.lastNames.contains(String(f[..<h])) { return true }
        if lexicon.commonWords.contains(f) { return false }
        if lexicon.firstNames.contains(f) { return true }
        if family {
            if lexicon.lastNames.contains(f) { return true }
            let w = lower(k)  // mccrary → McCrary
            if w.hasPrefix("mc"), w.count > 3 { return lexicon.lastNames.contains("Mc" + w.dropFirst(2).prefix(1).uppercased() + w.dropFirst(3)) }
        }
        return false
    }

    /// Unidentified-patient aliases, run after `matchNames` so that their words (`Unknown`, `Trauma`) are not
    /// looked for elsewhere in the text: `Unknown, Tango`, `Doe, Victor 8812`, `Trauma Foxtrot`, `UNKNOWN ALPHA`, `Baby
    /// Boy Nakamura-Reyes`, `Baby Girl Okafor` (the alias words are part of the name).
    mutating func matchAliases() {
        var i = 0
        while i + 1 < t.count {
            defer { i += 1 }
            guard t[i].isWord, t[i].capitalised, t[i].digits == 0 else { continue }  // may be claimed: "Doe, Jane" + " 4471"
            var k = i + 1
            if isOneOf(i, ["unknown", "unk", "doe"]) {
                if isPunct(k, 0x2C) { k += 1 }
                guard k < t.count, t[k].isWord, t[k].capitalised, t[k].digits == 0, !t[k].lineBefore,
                      isWord(i, "doe") || isAny(k, ScanContext.natoWords) else { continue }
            } else if isWord(i, "trauma") {
                if isPunct(k, 0x2C) { k += 1 }  // "Trauma, Zulu"
                guard k < t.count, isAny(k, ScanContext.natoWords), t[k].capitalised, !t[k].lineBefore else { continue }
            } else if isWord(i, "baby") {
                if isOneOf(k, ["boy", "girl"]) { k += 1 }
                if k < t.count, t[k].length == 1, t[k].allCaps, !isPunct(k + 1, 0x2E) { k += 1 }  // Baby Boy A Okafor
                guard k < t.count, !t[k].lineBefore, t[k].length > 2, nameLike(k, allowCommon: false), !lexicon.facilityLike(text(k)),
                      lexicon.lastNames.contains(capitalisedForm(k)) || compoundKnown(k, in: lexicon.lastNames) || unknownNameWord(k)
                else { continue }
            } else { continue }
            var last = k
            if last + 1 < t.count, t[last + 1].isNumber, t[last + 1].spaceBefore, !t[last + 1].lineBefore, t[last + 1].length <= 6 { last += 1 }
            add(.name, tokens: i, last)
            i = last
        }
    }

    /// Names written in lower case after conversational cues, in portal messages and transcribed calls: `its
    /// bridget`, `this is kofi`, `hi dr esposito`, `mr de la cruz`, `my daughter kaitlyn`, `my wife is tammy`, `name:
    /// bobby joe mccrary`, `From: bridget oshaughnessy`. The first word must be in the name lists (given names; also
    /// family names after a title); after `name`/`From:` up to two further lower-case words go with it.
    private mutating func matchLowercaseNames() {
        var i = 0
        while i + 1 < t.count {
            defer { i += 1 }
            guard t[i].isWord, t[i].digits == 0, t[i].length <= 5, startsWithAny(i, "ihdmnf"),
                  isOneOf(i, ["its", "im", "it", "i", "is", "hi", "hey", "hello", "dear", "dr", "mr", "mrs", "ms", "miss", "my",
                              "name", "from"]) else { continue }
            let w = lower(i)
            var k = i + 1
            var family = false, more = false
            switch w {
            case "its", "im":
                break
            case "it", "i":
                guard isPunct(k, 0x27), isAny(k + 1, ["s", "m"]), adjacent(i), adjacent(k) else { continue }
                k += 2
            case "is":
                guard isAny(i - 1, ["this", "name"]) else { continue }
            case "hi", "hey", "hello", "dear":
                if isAny(k, ["dr", "mr", "mrs", "ms"]) { k += 1; if isPunct(k, 0x2E) { k += 1 }; family = true }
            case "dr", "mr", "mrs", "ms", "miss":
                if isPunct(k, 0x2E) { k += 1 }
                family = true
            case "my":
                guard isAny(k, ScanContext.ownRelations) else { continue }
                k += 1
                if isWord(k, "is") || isPunct(k, 0x2C) { k += 1 }
            case "name", "from":
                if isPunct(k, 0x3A) { k += 1 } else if w == "name", isWord(k, "is") { k += 1 } else { continue }
                if w == "from", !t[i].capitalised { continue }  // a header "From:", not "came from"
                more = true
            default:
                continue
            }
            guard k < t.count, !t[k].capitalised, !t[k].lineBefore || w == "name" else { continue }
            // Particles before a family name after a title: "mr de la cruz".
            var first = k
            if family {
                var p = k
                while p < t.count, isAny(p, ScanContext.nameParticles), !t[p].lineBefore { p += 1 }
                if p > k, p < t.count, lowerNameWord(p) { k = p } else if p > k { continue }
                if p > first, lowerNameWord(k) {
                    add(.name, tokens: first, k)
                    i = k
                    continue
                }
                first = k
            }
            guard listedLower(k, family: family) else { continue }
            var last = k
            // Further lower-case words: listed names, or (after name/From:) any non-function word.
            while last + 1 < t.count, last - k < (more ? 2 : 1), !t[last + 1].lineBefore, t[last + 1].spaceBefore,
                  listedLower(last + 1, family: true) || more && lowerNameWord(last + 1) {
                last += 1
            }
            add(.name, tokens: first, last)
            i = last
        }
    }

    /// Names after role words and labels: `Agent: Shondra`, `officer Huang`, `RT Kasia`, `preferred name "Kona"`,
    /// `PREFERRED NAME......: Basia` (dots, colons and quotes between): a capitalised word in the name lists or shaped
    /// like an unknown name.
    private mutating func matchRoleNames() {
        for i in t.indices where t[i].isWord && t[i].digits == 0 && t[i].length <= 14 && startsWithAny(i, "arodtspnevc")
            && isOneOf(i, ["agent", "rep", "representative", "rt", "officer", "deputy", "detective", "trooper", "sergeant",
                           "preferred", "nickname", "aka", "alias", "tech", "dispatcher", "driver", "paramedic", "emt", "scribe",
                           "sitter", "volunteer", "advocate", "adjuster", "notary", "caseworker"]) {
            var k = i + 1
            // A capitalised role word only as a label ("Agent:", "RT Kasia" in capitals): "Driver Medical Unit" is not.
            if t[i].capitalised, !t[i].allCaps, !isPunct(k, 0x3A), !isWord(i, "preferred") { continue }
            if isWord(i, "preferred") { guard isWord(k, "name") else { continue }; k += 1 }
            var skipped = 0
            // Label leaders ("......:"), a colon, quotes; a lone full stop ends the sentence instead.
            while k < t.count, !t[k].isWord, [0x3A, 0x2E, 0x22, 0x23].contains(b[t[k].start]), skipped < 12 {
                if isPunct(k, 0x2E), !isPunct(k + 1, 0x2E), !isPunct(k + 1, 0x3A), !isPunct(k - 1, 0x2E) { break }
                k += 1
                skipped += 1
            }
            guard k < t.count, !t[k].lineBefore || isPunct(k - 1, 0x3A), t[k].length > 1, !t[k].allCaps,
                  !isPunct(k - 1, 0x2E) || isPunct(k - 2, 0x2E), personWord(k) else { continue }
            // The name closes its phrase or goes on in capitals ("Agent Orange exposure" is no name).
            guard k + 1 >= t.count || t[k + 1].lineBefore || !t[k + 1].isWord || t[k + 1].capitalised else { continue }
            let last = nameEnd(from: k, allowCommon: false)
            add(.name, tokens: k, last)
        }
    }

    /// Patients named by bed or room in sign-outs: `bed 12 - jankowski, 72M`, `bed 19 - L. Oduya -`, `rm 7: Pham —`,
    /// `bed 15 - "Cookie" Delgado`: after `bed`/`rm`/`room` and a number with `-`, `—` or `:`, one to three name words
    /// (a single lower-case word only before a comma and an age with sex).
    private mutating func matchListedPatients() {
        for i in t.indices where isOneOf(i, ["bed", "rm", "room"]) && i + 3 < t.count && t[i + 1].isWord && t[i + 1].digits > 0
            && t[i + 1].length <= 5 {
            var k = i + 2
            guard isPunct(k, 0x2D) || isPunct(k, 0x3A) || isDash(k) else { continue }
            k += 1
            guard k < t.count, !t[k].lineBefore, !claimed[k] else { continue }
            var first = k
            if isPunct(k, 0x22), k + 3 < t.count, t[k + 1].isWord, t[k + 1].capitalised, isPunct(k + 2, 0x22) { first = k; k += 3 }
            if k < t.count, personWord(k) || t[k].length == 1 && t[k].capitalised && isPunct(k + 1, 0x2E) && personWord(k + 2) {
                let last = nameEnd(from: k, allowCommon: false)
                add(.name, tokens: first, last)
            } else if first == k, lowerNameWord(k), t[k].length >= 4, isPunct(k + 1, 0x2C), isAgeSex(k + 2) {
                add(.name, tokens: k, k)
            }
        }
    }

    /// Initials after `initials` (`Patient initials R.T.W.`, `initials: JQ`).
    private mutating func matchInitialsAfterCue() {
        for i in t.indices where isWord(i, "initials") {
            var k = i + 1
            if isPunct(k, 0x3A) { k += 1 }
            guard k < t.count, !claimed[k], t[k].isWord, t[k].allCaps, t[k].digits == 0, t[k].length <= 3 else { continue }
            var last = k
            while last + 2 < t.count, isPunct(last + 1, 0x2E), adjacent(last), adjacent(last + 1), t[last + 2].isWord,
                  t[last + 2].allCaps, t[last + 2].length == 1 { last += 2 }
            if isPunct(last + 1, 0x2E), adjacent(last), last > k { last += 1 }
            add(.name, tokens: k, last)
        }
    }

    /// User names made of names joined by a dot (`xiulan.zheng` after `username`, `user`, `login`), and a title
    /// joined to a name (`dr.ramanathan`, `nurse.okafor`).
    private mutating func matchDottedUserNames() {
        for i in t.indices where i + 2 < t.count && !claimed[i] && t[i].isWord && isPunct(i + 1, 0x2E) && adjacent(i) && adjacent(i + 1)
            && t[i + 2].isWord && t[i + 2].digits == 0 && !t[i + 2].capitalised && t[i + 2].length >= 3 {
            if i + 3 < t.count, adjacent(i + 2), isPunct(i + 3, 0x2E) || isPunct(i + 3, 0x40) { continue }  // a host or e-mail
            let titled = isOneOf(i, ["dr", "nurse"]) && !t[i].capitalised
            var p = i - 1
            if isPunct(p, 0x3A) { p -= 1 }
            let cued = p >= 0 && isOneOf(p, ["user", "username", "login", "userid", "handle", "account"])
            guard titled || cued && t[i].digits == 0 && t[i].length >= 2 else { continue }
            add(.name, tokens: i, i + 2)
        }
    }

    /// Vietnamese names with the middle name `Văn` or `Thị` between two capitalised words (`Lê Văn Tâm`, `Đỗ Thị Mai`).
    private mutating func matchVietnameseNames() {
        for k in t.indices where k >= 1 && k + 1 < t.count && (t[k].length == 4 || t[k].length == 5) {
            let s = t[k].start
            // "Văn" = 56 C4 83 6E, "Thị" = 54 68 E1 BB 8B.
            let van = t[k].length == 4 && b[s] == 0x56 && b[s + 1] == 0xC4 && b[s + 2] == 0x83 && b[s + 3] == 0x6E
            let thi = t[k].length == 5 && b[s] == 0x54 && b[s + 1] == 0x68 && b[s + 2] == 0xE1 && b[s + 3] == 0xBB && b[s + 4] == 0x8B
            guard van || thi, t[k - 1].isWord, t[k - 1].capitalised, t[k + 1].isWord, t[k + 1].capitalised,
                  !t[k].lineBefore, !t[k + 1].lineBefore, t[k - 1].digits == 0, t[k + 1].digits == 0 else { continue }
            var last = k + 1
            if last + 1 < t.count, t[last + 1].isWord, t[last + 1].capitalised, t[last + 1].digits == 0, !t[last + 1].lineBefore,
               nameLike(last + 1, allowCommon: false), t[last + 1].length <= 6 { last += 1 }
            add(.name, tokens: k - 1, last)
        }
    }

    /// Claims a car make and its model so that neither is taken for a name or a place (`gray Nissan Altima`, `Kia
    /// Soul`, `2008 Toyota Tacoma`, `Mazda CX-5`); `Ford`, `Lincoln`, `Mercedes`… only after a model year. No span is
    /// recorded. Run after the vehicle rules and before places and names.
    mutating func claimCarModels() {
        for k in t.indices where k + 1 < t.count && t[k].isWord && t[k].capitalised && t[k].digits == 0 && !claimed[k] {
            let year = k >= 1 && t[k - 1].isNumber && t[k - 1].length == 4 && (intValue(k - 1) ?? 0) >= 1950
            guard t[k].length >= 2, t[k].length <= 10, startsWithAny(k, "abcghijklmnprstvyfdw"),
                  isOneOf(k, ["acura", "audi", "bmw", "buick", "cadillac", "chevrolet", "chevy", "chrysler", "gmc", "honda",
                              "hyundai", "infiniti", "jeep", "kawasaki", "kia", "lexus", "mazda", "mitsubishi", "nissan",
                              "pontiac", "porsche", "rivian", "scion", "subaru", "suzuki", "tesla", "toyota", "volkswagen",
                              "vw", "volvo", "yamaha"])
                    || year && ScanContext.vehicleWords.contains(lower(k)) else { continue }
            guard t[k + 1].isWord, t[k + 1].capitalised || t[k + 1].digits > 0, !t[k + 1].lineBefore, !claimed[k + 1],
                  !lexicon.facilityLike(text(k + 1)) else { continue }
            claimed[k] = true
            claimed[k + 1] = true
        }
    }

    /// Widens a found name written `Last, First` after a label over the given name when the lists do not know it
    /// (`Patient: Yamaguchi, Haruto   MRN`, `Resident: McAllister, Euphemia R.`, `Pt: Ferreira, Conceição`): the
    /// name follows a colon, the given name is name-like and closes its field (line end, two spaces, punctuation, an
    /// initial). Run after `matchNames`.
    mutating func widenLastFirstAfterLabels() {
        for s in spans.indices where spans[s].type == .name {
            guard let first = token(startingAt: spans[s].start), let last = token(endingAt: spans[s].end), first >= 1,
                  isPunct(first - 1, 0x3A), isPunct(last + 1, 0x2C), last + 2 < t.count else { continue }
            let g = last + 2
            guard !claimed[g], !t[g].lineBefore, t[g].length > 1, nameLike(g, allowCommon: false), !lexicon.facilityLike(text(g)),
                  !lexicon.states.contains(text(g)), !countryAt(g) else { continue }
            var end = g
            if end + 2 < t.count, t[end + 1].length == 1, t[end + 1].capitalised, isPunct(end + 2, 0x2E) { end += 2 }  // "R."
            let n = end + 1
            guard n >= t.count || t[n].lineBefore || t[n].start - t[end].end >= 2 || !t[n].isWord || end > g else { continue }
            for q in last + 1...end { claimed[q] = true }
            spans[s] = PHISpan(type: .name, start: spans[s].start, end: t[end].end)
        }
    }

    /// Whether token `k` can be a word of a person's name after a strong cue: capitalised, name-like, not claimed,
    /// not a facility, street, service, title or cue word, not shaped like a clinical term, not a short
    /// abbreviation in capitals (`Kasia`, `Oduya`, `Pham`; not `Medicine`, `ICU`, `Biopsy`). Unlike
    /// `unknownNameWord`, endings such as `-ia` (`Kasia`, `Basia`) are allowed.
    func personWord(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, !claimed[k], t[k].capitalised, t[k].length > 1, nameLike(k, allowCommon: false),
              !lexicon.facilityLike(text(k)), !(t[k].allCaps && t[k].length <= 4) else { return false }
        let w = lower(k)
        return !ScanContext.looksLikeTerm(w) && !ScanContext.departmentWords.contains(text(k)) && !w.hasSuffix("ology")
            && !ScanContext.nameCues.contains(w) && !ScanContext.titles.contains(w) && !lexicon.countries.contains(text(k))
    }

    /// Whether token `k` is an em or en dash.
    private func isDash(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, t[k].length == 3, !t[k].isWord else { return false }
        return TextToken.isDash(b, t[k].start)
    }
}
