extension ScanContext {
    /// Lower-case letters that are clinical shorthand, not initials, when they close a note (`prn`, `bid`, `ok`).
    static let shorthandEndings: Set<String> = ["ok", "no", "yes", "prn", "bid", "tid", "qid", "qd", "qhs", "po", "iv", "im",
                                                "sq", "sc", "pr", "ng", "mg", "ml", "kg", "cm", "mm", "hr", "hrs", "min",
                                                "wk", "wks", "mo", "yr", "yrs", "am", "pm", "thx", "ty", "np", "pa", "rn",
                                                "md", "do", "pt", "ot", "st", "dc", "fu", "etc", "lol", "asap", "tbd",
                                                "na", "nad", "wnl", "nkda", "ed", "er", "or", "icu", "us", "uk", "eu"]

    /// Sign-offs and user names: initials closing a note after a dash (`-jt`, `— KP, CPhT`, `resubmitted. dj`), user
    /// names built from an initial and a listed family name anywhere (`fmorales`, `jbartholomew58`, `hvillarreal`;
    /// after `by`, `user`, `clerk`… also a family name that is a common word, `shunter`), `first.last` user names
    /// whose first part is a listed given name (`clinton.ahearn`), and initials after a role label (`Operator: LM`,
    /// `MIDDLE: H`). Run before `matchNames`.
    mutating func matchSignatures() {
        matchInitialSignatures()
        matchLoginNames()
        matchFirstDotLastNames()
        matchInitialsAfterLabels()
    }

    /// Whether the text ends, or its line ends, after token `k` (also before `, CRED` or a bracket).
    private func closesLine(_ k: Int) -> Bool {
        let n = k + 1
        if n >= t.count || t[n].lineBefore { return true }
        if isPunct(n, 0x2C), n + 1 < t.count, t[n + 1].isWord, t[n + 1].capitalised, n + 2 >= t.count || t[n + 2].lineBefore
            || isPunct(n + 2, 0x2C) || isPunct(n + 2, 0x2E) { return true }  // "-AR, CPhT"
        return false
    }

    private mutating func matchInitialSignatures() {
        for k in t.indices where !claimed[k] && t[k].isWord && t[k].digits == 0 && (t[k].length == 2 || t[k].length == 3) {
            let lowerCase = !t[k].capitalised && b[t[k].start] < 0x80
            guard t[k].allCaps || lowerCase, closesLine(k) else { continue }
            let w = lower(k)
            guard !ScanContext.shorthandEndings.contains(w), !ScanContext.clinicalAbbreviations.contains(text(k).uppercased()),
                  !lexicon.states.contains(text(k).uppercased()) || lowerCase || isPunct(k + 1, 0x2C) else { continue }
            var p = k - 1
            // A dash right before, itself after a line start or a sentence end ("... 4471. -jt").
            let dashed = isPunct(p, 0x2D) || isDashToken(p)
            if dashed {
                p -= 1
                if isPunct(p, 0x2D) { p -= 1 }  // "--"
                guard p < 0 || t[p + 1].lineBefore || !t[p].isWord && [0x2E, 0x21, 0x3F, 0x29].contains(b[t[p].start])
                        || t[p + 1].spaceBefore && !t[p].isWord else { continue }
            } else {
                // Without a dash only lower-case initials that end the whole text after a sentence end ("claim. dj").
                guard lowerCase, k + 1 >= t.count, p >= 0, !t[p].isWord, [0x2E, 0x21].contains(b[t[p].start]) else { continue }
            }
            add(.name, tokens: k, k)
        }
    }

    /// Whether token `k` is an em or en dash.
    func isDashToken(_ k: Int) -> Bool {
        guard k >= 0, k < t.count, t[k].length == 3, !t[k].isWord else { return false }
        return TextToken.isDash(b, t[k].start)
    }

    /// Words after which a lower-case token is a user name even when its family name is a common word.
    static let loginCueWords: [StaticString] = ["by", "user", "users", "username", "login", "userid", "clerk", "reviewed",
                                                "processed", "indexed", "operator", "author", "signed", "entered", "scanned",
                                                "verified"]

    private mutating func matchLoginNames() {
        for k in t.indices where !claimed[k] && t[k].isWord && t[k].length >= 5 && t[k].length <= 18 && !t[k].capitalised {
            let s = t[k].start
            guard b[s] >= 0x61 && b[s] <= 0x7A else { continue }
            var letters = 0
            while letters < t[k].length, case let c = b[s + letters], c >= 0x61 && c <= 0x7A { letters += 1 }
            guard letters >= 5, t[k].digits == t[k].length - letters, t[k].digits <= 4 else { continue }
            // Cheap tests first: a field of a log or table, digits, or a cue word up to four tokens before.
            func delimiter(_ q: Int) -> Bool { q >= 0 && q < t.count && !t[q].isWord && [0x2C, 0x3B, 0x7C, 0x3D].contains(b[t[q].start]) }
            let field = delimiter(k - 1) && !t[k].spaceBefore && (k + 1 >= t.count || t[k + 1].lineBefore || delimiter(k + 1) && adjacent(k))
            var cued = false
            for p in max(0, k - 5)..<k where isOneOf(p, ScanContext.loginCueWords) { cued = true }
            guard cued || field || t[k].digits > 0 else { continue }
            // Not an e-mail or host part.
            if isPunct(k + 1, 0x40) || isPunct(k - 1, 0x40) || isPunct(k + 1, 0x2E) && adjacent(k) && k + 2 < t.count && adjacent(k + 1) && t[k + 2].isWord { continue }
            if isPunct(k - 1, 0x2E), k >= 1, !t[k].spaceBefore { continue }
            let whole = String(decoding: UnsafeBufferPointer(rebasing: b[s..<(s + letters)]), as: UTF8.self)
            let wholeCap = whole.prefix(1).uppercased() + whole.dropFirst()
            if lexicon.commonWords.contains(wholeCap) || ScanContext.functionWords.contains(whole) || lexicon.englishWords.contains(whole) { continue }
            let rest = whole.dropFirst()
            let family = rest.prefix(1).uppercased() + rest.dropFirst()
            guard lexicon.lastNames.contains(family) else { continue }
            // A cue word up to four tokens before ("User behind the session: lpoindexter"). Uncued: a family name of five
            // letters or more that is not a common word, so that English words made of a letter and a short surname
            // (`along`, `spine`) stay out, and the token a field of a log or table (between `,` `;` `|` `=` with no
            // space) or ending in digits, so that a clinical word in prose (`zoster`) stays out.
            guard cued || family.count >= 5 && !lexicon.commonWords.contains(family) else { continue }
            add(.name, tokens: k, k)
        }
    }

    private mutating func matchFirstDotLastNames() {
        for i in t.indices where i + 2 < t.count && !claimed[i] && t[i].isWord && t[i].digits == 0 && t[i].length >= 3
            && !t[i].capitalised && isPunct(i + 1, 0x2E) && adjacent(i) && adjacent(i + 1) {
            let j = i + 2
            guard t[j].isWord, !t[j].capitalised, t[j].length >= 3, t[j].digits <= 4, t[j].length - t[j].digits >= 3 else { continue }
            if j + 1 < t.count, adjacent(j), isPunct(j + 1, 0x40) || isPunct(j + 1, 0x2E) && j + 2 < t.count && adjacent(j + 1) && t[j + 2].isWord {
                continue  // a host or an e-mail
            }
            if i >= 1, adjacent(i - 1), isPunct(i - 1, 0x2E) || isPunct(i - 1, 0x40) || isPunct(i - 1, 0x2F) { continue }
            let first = capitalisedForm(i)
            guard lexicon.firstNames.contains(first), !lexicon.commonWords.contains(first),
                  !ScanContext.functionWords.contains(lower(j)) else { continue }
            add(.name, tokens: i, j)
        }
    }

    /// Labels after which two or three capitals (or one) are a person's initials.
    static let initialLabels: Set<String> = ["operator", "operators", "tech", "technician", "clerk", "scribe", "middle", "mi",
                                             "witness", "recorder", "preparer", "verifier", "initials"]

    private mutating func matchInitialsAfterLabels() {
        for i in t.indices where t[i].isWord && t[i].digits == 0 && t[i].length >= 2 && t[i].length <= 12 && isPunct(i + 1, 0x3A) {
            guard ScanContext.initialLabels.contains(lower(i)) else { continue }
            let k = i + 2
            guard k < t.count, !claimed[k], t[k].isWord, t[k].allCaps, t[k].digits == 0, t[k].length <= 3, !t[k].lineBefore,
                  !ScanContext.clinicalAbbreviations.contains(text(k)), !isOneOf(k, ["y", "n", "na", "no", "yes"]) else { continue }
            // The initials close their field: line end, end of text, two spaces, punctuation or a new label.
            let n = k + 1
            guard n >= t.count || t[n].lineBefore || t[n].start - t[k].end >= 2 || !t[n].isWord
                    || t[n].allCaps && isPunct(n + 1, 0x3A) else { continue }
            var last = k
            if isPunct(n, 0x2E), adjacent(k) { last = n }
            add(.name, tokens: k, last)
        }
    }
}
