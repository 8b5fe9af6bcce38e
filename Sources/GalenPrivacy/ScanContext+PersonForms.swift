extension ScanContext {
    /// Hesitations in transcribed speech between a title and a name (`doctor uh Petrosyan`).
    static let fillers: Set<String> = ["uh", "um", "er", "erm", "ah", "uhm", "umm"]

    /// Words after which a lower-case name may follow (relations are checked apart, in `relationCues`).
    static let lowerNameCueWords: [StaticString] = ["mom", "dad", "mum", "pt", "patient", "thank", "thanks", "regards",
                                                    "sincerely", "love", "date", "dob"]

    /// Labels after which `Last, First` names a person (`Pt Takahashi, Ren`, `pt=Lemalu, Tavita`, `Student: Chen,
    /// Yu-Ting`, `Patient ........ Tupou, Mele Lolohea`).
    static let personLabels: Set<String> = ["pt", "patient", "student", "resident", "member", "employee", "client", "insured",
                                            "subscriber", "guarantor", "name", "decedent", "donor", "recipient", "child",
                                            "infant", "mother", "father", "caller", "applicant", "claimant", "participant"]

    /// Role words after which two person words are a name even without a colon (`Supervisor Oluwaseun Adebayo`).
    static let roleWords: Set<String> = ["supervisor", "crew", "operator", "operators", "provider", "manager", "foreman",
                                         "dispatcher", "paramedic", "medic", "clerk", "registrar", "teacher", "coach",
                                         "counselor", "counsellor", "caseworker", "advocate", "sponsor", "landlord",
                                         "employer", "owner", "staff", "attendant", "courier", "driver", "escort"]

    /// Name forms of speech, sign-outs and forms (run before `matchNames`):
    /// - `doctor` (with hesitations) before a name in any case (`doctor amadi dictating`, `hello doctor uh Petrosyan`);
    /// - a relation or `pt` before a lower-case listed given name (`mom hoa is`, `pt marcus bell arrived`, `pt sam o.`);
    /// - a lower-case given and family name before `date of birth`/`DOB` (`note for ruth galloway-stein date of birth`),
    ///   or after a closing (`thank you, guadalupe herrera`);
    /// - `Last, First` after a person label (`Pt Takahashi, Ren`, `Student: Chen, Yu-Ting`);
    /// - one or two person words after a role word (`Supervisor Oluwaseun Adebayo`, `Crew: A. Dombrowski`, `Operators:
    ///   Umeh /`);
    /// - a name and a relation in brackets, either way round (`Abimbola (mother)`, `daughter (Ilana)`);
    /// - sign-out list items: a listed or unknown family name starting an item before a dash or a room number (`1.
    ///   Hollowell — septic shock`, `- Bhatt 6112 POD0`, `bed 14 mr pagliarulo - 72M`).
    mutating func matchPersonForms() {
        matchDoctorNames()
        matchLowercaseGivenNames()
        matchLastFirstAfterPersonLabels()
        matchNamesAfterRoleWords()
        matchNamesWithBracketedRelations()
        matchNamesAfterPersonNouns()
        matchSignOutItems()
    }

    /// Whether token `k` is a lower-case word that may be a name (letters, three or more, not a function, common or
    /// clinical-looking word, not claimed).
    private func lowerPersonWord(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, t[k].isWord, !claimed[k], t[k].digits == 0, t[k].length >= 3, t[k].length <= 20,
              !t[k].capitalised, !t[k].lineBefore, b[t[k].start] >= 0x61 && b[t[k].start] <= 0x7A || b[t[k].start] >= 0x80 else { return false }
        let w = lower(k)
        if ScanContext.functionWords.contains(w) || ScanContext.fillers.contains(w) { return false }
        let cap = capitalisedForm(k)
        if lexicon.commonWords.contains(cap), !lexicon.firstNames.contains(cap) || w.count <= 3 { return false }
        if lexicon.englishWords.contains(w), !lexicon.firstNames.contains(cap), !lexicon.lastNames.contains(cap) { return false }
        return !ScanContext.looksLikeTerm(w) && !ScanContext.looksLikeAdjective(w) && DateValue.month(named: cap) == nil
    }

    /// Whether token `k` is a lower-case listed given name that is not a common word.
    private func lowerGivenName(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, t[k].isWord, !claimed[k], t[k].digits == 0, t[k].length >= 3, !t[k].capitalised,
              !t[k].lineBefore else { return false }
        let cap = capitalisedForm(k)
        return lexicon.firstNames.contains(cap) && !lexicon.commonWords.contains(cap) && !ScanContext.functionWords.contains(lower(k))
    }

    /// Whether token `k` is a lower-case listed family name (common words allowed: `bell`) or a hyphenated pair.
    private func lowerFamilyName(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, t[k].isWord, !claimed[k], t[k].digits == 0, t[k].length >= 3, !t[k].capitalised,
              !t[k].lineBefore, !ScanContext.functionWords.contains(lower(k)) else { return false }
        let cap = capitalisedForm(k)
        if lexicon.lastNames.contains(cap) || lexicon.firstNames.contains(cap) { return true }
        if cap.contains("-") { return cap.split(separator: "-").allSatisfy { p in
            let c = p.prefix(1).uppercased() + p.dropFirst()
            return lexicon.lastNames.contains(c) || lexicon.firstNames.contains(c)
        } }
        return false
    }

    private mutating func matchDoctorNames() {
        for i in t.indices where isWord(i, "doctor") && i + 1 < t.count {
            var k = i + 1
            while k < t.count, t[k].isWord, ScanContext.fillers.contains(lower(k)) { k += 1 }
            guard k < t.count, !claimed[k], !t[k].lineBefore else { continue }
            if t[k].capitalised {
                guard k > i + 1 || !t[i].capitalised, personWord(k), unknownNameWord(k) || isKnownNameWord(k) else { continue }
                add(.name, tokens: k, nameEnd(from: k, allowCommon: false))
            } else if lowerPersonWord(k) || lowerFamilyName(k) && !lexicon.commonWords.contains(capitalisedForm(k)) {
                add(.name, tokens: k, k)
            }
        }
    }

    private mutating func matchLowercaseGivenNames() {
        for i in t.indices where t[i].isWord && t[i].digits == 0 && t[i].length <= 15 && i + 1 < t.count {
            // Cheap filter before building the word: the next token is a lower-case word, or `,`.
            guard !t[i + 1].capitalised, t[i + 1].isWord || isPunct(i + 1, 0x2C) || isPunct(i + 1, 0x3A) else { continue }
            guard isOneOf(i, ScanContext.lowerNameCueWords) || ScanContext.relationCues.contains(lower(i)) else { continue }
            let w = lower(i)
            let relation = w == "mom" || w == "dad" || w == "mum" || ScanContext.relationCues.contains(w)
            if relation || w == "pt" || w == "patient" {
                var k = i + 1
                if isPunct(k, 0x3A) { k += 1 }
                guard lowerGivenName(k) else { continue }
                var last = k
                // A family name (listed, common words allowed after a listed given name) or an initial with its dot.
                if lowerFamilyName(k + 1), t[k + 1].spaceBefore { last = k + 1 }
                else if k + 2 < t.count, t[k + 1].isWord, t[k + 1].length == 1, !t[k + 1].capitalised, isPunct(k + 2, 0x2E) { last = k + 2 }
                add(.name, tokens: k, last)
            } else if w == "thank" || w == "thanks" || w == "regards" || w == "sincerely" || w == "love" {
                var k = i + 1
                if w == "thank" { guard isWord(k, "you") else { continue }; k += 1 }
                if isPunct(k, 0x2C) { k += 1 }
                guard k < t.count, lowerGivenName(k) || t[k].lineBefore && !t[k].capitalised && lowerGivenNameIgnoringLine(k) else { continue }
                var last = k
                if lowerFamilyName(k + 1) || lowerPersonWord(k + 1) { last = k + 1 }
                let n = last + 1
                guard n >= t.count || t[n].lineBefore || !t[n].isWord else { continue }
                add(.name, tokens: k, last)
            } else if w == "date" || w == "dob" {
                // "... for ruth galloway-stein date of birth": two lower-case words before the cue.
                if w == "date" { guard isWord(i + 1, "of"), isWord(i + 2, "birth") else { continue } }
                guard i >= 2, lowerGivenName(i - 2) || lowerPersonWord(i - 2) && lowerGivenName(i - 2),
                      lowerFamilyName(i - 1) || lowerPersonWord(i - 1) else { continue }
                add(.name, tokens: i - 2, i - 1)
            }
        }
    }

    /// `lowerGivenName` for a word that starts a new line (a signature under a closing).
    private func lowerGivenNameIgnoringLine(_ k: Int) -> Bool {
        guard k < t.count, t[k].isWord, !claimed[k], t[k].digits == 0, t[k].length >= 3 else { return false }
        let cap = capitalisedForm(k)
        return lexicon.firstNames.contains(cap) && !lexicon.commonWords.contains(cap)
    }

    private mutating func matchLastFirstAfterPersonLabels() {
        for i in t.indices where t[i].isWord && t[i].digits == 0 && t[i].length >= 2 && t[i].length <= 11 && i + 1 < t.count
            && (!t[i + 1].isWord || t[i + 1].capitalised) {
            guard ScanContext.personLabels.contains(lower(i)) else { continue }
            var k = i + 1, skipped = 0
            while k < t.count, !t[k].isWord, [0x3A, 0x3D, 0x2E, 0x5F].contains(b[t[k].start]), skipped < 40 { k += 1; skipped += 1 }
            guard k + 2 < t.count, !claimed[k], personWord(k), isPunct(k + 1, 0x2C), !t[k + 2].lineBefore,
                  personWord(k + 2) || givenNameAfterComma(k + 2) else { continue }
            var last = k + 2
            // Further given names and an initial: "Tupou, Mele Lolohea", "Chen, Yu-Ting".
            while last + 1 < t.count, !t[last + 1].lineBefore, t[last + 1].start - t[last].end == 1, last - k < 4,
                  personWord(last + 1) || t[last + 1].length == 1 && t[last + 1].capitalised {
                last += 1
                if t[last].length == 1, isPunct(last + 1, 0x2E) { last += 1 }
            }
            // The name closes its field.
            let n = last + 1
            let nextLabel = n + 1 < t.count && t[n].isWord && (isPunct(n + 1, 0x3D) || isPunct(n + 1, 0x3A))
            guard n >= t.count || t[n].lineBefore || t[n].start - t[last].end >= 2 || !t[n].isWord || nextLabel else { continue }
            add(.name, tokens: k, last)
        }
    }

    /// Whether token `k` after `Last,` is a given name that `personWord` refuses for its ending: a hyphenated name
    /// whose parts are short (`Yu-Ting`, `Jae-Sung`), capitalised and not claimed.
    private func givenNameAfterComma(_ k: Int) -> Bool {
        guard k < t.count, !claimed[k], t[k].isWord, t[k].capitalised, t[k].digits == 0, !t[k].allCaps else { return false }
        let parts = text(k).split(separator: "-")
        return parts.count == 2 && parts.allSatisfy { $0.count >= 2 && $0.count <= 5 && $0.first!.isUppercase }
    }

    private mutating func matchNamesAfterRoleWords() {
        for i in t.indices where t[i].isWord && t[i].digits == 0 && t[i].length >= 4 && t[i].length <= 11 && i + 1 < t.count
            && (isPunct(i + 1, 0x3A) || t[i + 1].capitalised) {
            guard ScanContext.roleWords.contains(lower(i)) else { continue }
            var k = i + 1
            let colon = isPunct(k, 0x3A)
            if colon { k += 1 }
            guard k < t.count, !claimed[k], !t[k].lineBefore || colon else { continue }
            // "A. Dombrowski": an initial with its dot and a person word.
            if t[k].length == 1, t[k].capitalised, isPunct(k + 1, 0x2E), personWord(k + 2), !t[k + 2].lineBefore {
                add(.name, tokens: k, nameEnd(from: k + 2, allowCommon: false))
                continue
            }
            guard personWord(k) else { continue }
            let two = k + 1 < t.count && !t[k + 1].lineBefore && personWord(k + 1) && t[k + 1].length > 1
            if two, lexicon.firstNames.contains(capitalisedForm(k)) || unknownNameWord(k) && unknownNameWord(k + 1) {
                add(.name, tokens: k, nameEnd(from: k, allowCommon: false))
            } else if colon, unknownNameWord(k) || isKnownNameWord(k),
                      k + 1 >= t.count || t[k + 1].lineBefore || !t[k + 1].isWord {
                add(.name, tokens: k, k)  // "Operators: Umeh / fellow …"
            }
        }
    }

    private mutating func matchNamesWithBracketedRelations() {
        for o in t.indices where isPunct(o, 0x28) && o >= 1 && o + 2 < t.count {
            // "Abimbola (mother)": a person word before a bracketed relation.
            if isPunct(o + 2, 0x29), t[o + 1].isWord, t[o + 1].digits == 0,
               isOneOf(o + 1, ["mom", "dad", "mum"]) || ScanContext.relationCues.contains(lower(o + 1)),
               !claimed[o - 1], personWord(o - 1), unknownNameWord(o - 1) || isKnownNameWord(o - 1),
               o < 2 || !t[o - 2].isWord || !t[o - 2].capitalised || claimed[o - 2] {
                add(.name, tokens: o - 1, o - 1)
            }
            // "daughter (Ilana)": one person word in brackets after a relation.
            if isPunct(o + 2, 0x29), t[o - 1].isWord, t[o - 1].digits == 0,
               isOneOf(o - 1, ["mom", "dad", "mum"]) || ScanContext.relationCues.contains(lower(o - 1)),
               !claimed[o + 1], personWord(o + 1) {
                add(.name, tokens: o + 1, o + 1)
            }
        }
    }

    /// Headings of sign-out items that are not names (`Neuro —`, `Dispo -`).
    static let signOutHeadings: Set<String> = ["neuro", "pulm", "cards", "cardiac", "heme", "onc", "renal", "dispo", "fen",
                                               "endo", "psych", "access", "lines", "ppx", "code", "plan", "assessment",
                                               "impression", "id", "gi", "gu", "msk", "skin", "social", "family", "labs",
                                               "meds", "diet", "activity", "pending", "overnight", "todo", "follow",
                                               "resp", "cv", "abx", "tubes", "drains", "wounds", "pain", "sleep"]

    private mutating func matchSignOutItems() {
        for k in t.indices where !claimed[k] && t[k].isWord && t[k].capitalised && t[k].digits == 0 && t[k].length >= 4 && k >= 1 {
            // The item's start: "1." / "3)" at a line start, or a dash at a line start or after a full stop.
            var p = k - 1
            var itemStart = false
            if isPunct(p, 0x2E) || isPunct(p, 0x29), p >= 1, t[p - 1].isNumber, t[p - 1].length <= 2 {
                itemStart = p - 1 == 0 || t[p - 1].lineBefore || isPunct(p - 2, 0x2E) || isPunct(p - 2, 0x3A)
            } else if isPunct(p, 0x2D) || isDashToken(p) {
                p -= 1
                itemStart = p < 0 || t[p + 1].lineBefore || isPunct(p, 0x2E) || isPunct(p, 0x3A) || isPunct(p, 0x29)
                    || isPunct(p, 0x3B) || t[p].isNumber && p >= 1 && isOneOf(p - 1, ["bed", "rm", "room"])
            }
            guard itemStart else { continue }
            let n = k + 1
            // What follows: a dash, or a room number of three or four digits and more text.
            let dash = n < t.count && !t[n].lineBefore && (isDashToken(n) || isPunct(n, 0x2D) && t[n].spaceBefore)
            let room = n + 1 < t.count && t[n].isNumber && (t[n].length == 3 || t[n].length == 4) && !t[n + 1].lineBefore
            guard dash || room else { continue }
            let w = lower(k)
            guard !ScanContext.signOutHeadings.contains(w), personWord(k) else { continue }
            let known = lexicon.lastNames.contains(capitalisedForm(k)) || compoundKnown(k, in: lexicon.lastNames)
            guard known || unknownNameWord(k) && t[k].length >= 5 else { continue }
            add(.name, tokens: k, k)
        }
    }
}
