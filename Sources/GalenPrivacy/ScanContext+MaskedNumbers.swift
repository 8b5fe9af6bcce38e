extension ScanContext {
    /// Whether byte `c` masks a digit: `X`, `x`, `*`, `#`.
    @inline(__always) private static func maskByte(_ c: UInt8) -> Bool { c == 0x58 || c == 0x78 || c == 0x2A || c == 0x23 }

    /// Masked numbers whose last digits are shown: SSNs in the 3-2-4 shape (`XXX-XX-8812`, `***-**-4106`,
    /// `xxx xx 1234`) are SSN; card and account numbers with four or more masked places before four digits
    /// (`****6612`, `XXXX-XXXX-XXXX-1234`, `xxxx1234`) are ACCOUNT, or SSN when `SSN`/`social` is just before.
    mutating func matchMaskedNumbers() {
        for i in t.indices where !claimed[i] && t[i].isWord && t[i].digits == 4 && t[i].length >= 4 {
            if i + 1 < t.count, adjacent(i), t[i + 1].isWord { continue }
            // One token: "xxxx1234", "XXXXX1234".
            if t[i].length > 4 {
                let head = b[t[i].start..<t[i].end - 4], tail = b[t[i].end - 4..<t[i].end]
                guard head.count >= 4, head.allSatisfy({ $0 == 0x58 || $0 == 0x78 }), tail.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
                add(ssnCueBefore(i) ? .ssn : .account, tokens: i, i)
                continue
            }
            guard t[i].isNumber else { continue }
            // Groups of mask bytes before the digits, joined by "-", "." or single spaces (bytes, since "XXX-XX" is
            // one word token and "***" three punctuation tokens).
            var groups: [Int] = []
            var run = 0, q = t[i].start - 1, first = t[i].start
            while q >= 0 {
                let c = b[q]
                if ScanContext.maskByte(c), c != 0x23 || q == 0 || !TextToken.isWordByte(b[q - 1]) {  // "ss#" is a cue
                    run += 1
                    first = q
                } else if c == 0x2D || c == 0x2E || c == 0x20 {
                    if run > 0 { groups.insert(run, at: 0); run = 0 } else if q != t[i].start - 1 { break }
                    if c == 0x20, q == 0 || !ScanContext.maskByte(b[q - 1]) { break }
                } else { break }
                q -= 1
                if groups.count >= 4 { break }
            }
            if run > 0 { groups.insert(run, at: 0) }
            guard !groups.isEmpty, let f = token(startingAt: first) ?? (0..<i).last(where: { t[$0].start <= first }) else { continue }
            let total = groups.reduce(0, +)
            if groups.suffix(2) == [3, 2] {
                add(.ssn, tokens: f, i)
            } else if total >= 4 {
                add(ssnCueBefore(f) ? .ssn : .account, tokens: f, i)
            }
        }
    }

    /// Whether `SSN`, `SS#` or `social` is among the four tokens before token `k`.
    private func ssnCueBefore(_ k: Int) -> Bool {
        for p in max(0, k - 4)..<k where isOneOf(p, ["ssn", "ss", "social"]) { return true }
        return false
    }

    /// National identity and health-card numbers with a fixed shape, typed `ID` unless a cue says otherwise: the
    /// Mexican CURP (4 letters, 6 digits of birth date, `H`/`M`, 5 letters, a letter or digit, a digit:
    /// `AERR680214HSRRMM07`).
    mutating func matchNationalNumbers() {
        for i in t.indices where !claimed[i] && t[i].isWord && t[i].length == 18 && (7...8).contains(t[i].digits) && t[i].allCaps {
            let s = Array(b[t[i].start..<t[i].end])
            func letter(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
            func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
            guard s[0..<4].allSatisfy(letter), s[4..<10].allSatisfy(digit), s[10] == 0x48 || s[10] == 0x4D,
                  s[11..<16].allSatisfy(letter), letter(s[16]) || digit(s[16]), digit(s[17]) else { continue }
            let month = Int(s[6] - 0x30) * 10 + Int(s[7] - 0x30), day = Int(s[8] - 0x30) * 10 + Int(s[9] - 0x30)
            guard (1...12).contains(month), (1...31).contains(day) else { continue }
            add(cueType(before: i) ?? .identifier, tokens: i, i)
        }
    }

    /// Codes written as a short capitalised prefix, a space and digits after a cue word (`Acct: HAR 7710934452`,
    /// `RAMQ number TREE 8851 1524`, `ID MMO 55820194701`): the prefix goes with the number, typed by the cue.
    /// Run before `matchNumbers`.
    mutating func matchLetteredCodes() {
        var i = 0
        while i + 1 < t.count {
            defer { i += 1 }
            guard !claimed[i], t[i].isWord, t[i].allCaps, t[i].digits == 0, t[i].length >= 2, t[i].length <= 5,
                  t[i + 1].isNumber, t[i + 1].spaceBefore, !t[i + 1].lineBefore, t[i + 1].start - t[i].end == 1,
                  !claimed[i + 1], !lexicon.states.contains(text(i)),
                  let cue = cueType(before: i), cue != .zip, cue != .phone, cue != .fax, cue != .vehicle else { continue }
            var last = i + 1, digits = t[i + 1].length
            if let (l, groups, _) = digitGroups(at: i + 1) { last = l; digits = groups.reduce(0, +) }
            if let c = codeValue(at: i + 1), c > last { last = c }
            guard digits >= 6 else { continue }
            add(cue, tokens: i, last)
            i = last
        }
    }
}

extension ScanContext {
    /// Words before a number that make it a product, pharmacy-routing or location code rather than a person's
    /// identifier (`lot UT8841AA`, `catalog 1708000`, `Rx BIN 020099`, `NDC 0002-8215`, `store #09214`).
    static let nonIdentifierCues: Set<String> = ["lot", "catalog", "cat", "bin", "pcn", "ndc", "cpt", "hcpcs", "model",
                                                 "store", "sku", "part"]

    /// Whether the word before token `i` (skipping `#`, `:`, `.` and `no`) is one of `nonIdentifierCues`.
    func afterNonIdentifierCue(_ i: Int) -> Bool {
        var k = i - 1, steps = 0
        while k >= 0, steps < 3 {
            if t[k].isWord {
                if isWord(k, "no") || isWord(k, "number") { k -= 1; steps += 1; continue }
                return isAny(k, ScanContext.nonIdentifierCues)
            }
            guard [0x23, 0x3A, 0x2E].contains(b[t[k].start]) else { return false }
            k -= 1
            steps += 1
        }
        return false
    }
}
