extension ScanContext {
    /// Health-plan numbers written with a letter prefix in groups of digits after a plan cue (run before the number
    /// rules, which would take the digits alone): a cue word (`Ins:`, `insurance`, `Medicaid card`), up to three
    /// capitalised words of the insurer's name (`Fidelis Care`) or `card`/`ID`/`#`/`:`/`(`, then one to three
    /// capitals (`MK`, a state code `NJ`) and two to four groups of digits one space apart, 7 to 14 digits in all
    /// (`MK 77 402 118`, `NJ 440 1827 713`): one HEALTHPLAN span from the capitals. A prefix that is a word of the
    /// text (`ID 440 …`, `NO 12 …`) or digits in other shapes (a phone number) are left to the other rules.
    mutating func matchPlanNumbers() {
        var i = 0
        while i < t.count {
            defer { i += 1 }
            guard t[i].isWord, t[i].digits == 0, t[i].length <= 9, startsWithAny(i, "impc"),
                  isOneOf(i, ["ins", "insurance", "insurer", "medicaid", "medicare", "plan", "member", "policy", "payer", "coverage"])
            else { continue }
            var k = i + 1, skipped = 0
            while k + 1 < t.count, skipped < 5, !t[k].lineBefore {
                if let last = prefixedGroupsEnd(at: k) {
                    add(.healthPlan, tokens: k, last)
                    i = last
                    break
                }
                let filler = !t[k].isWord && [0x3A, 0x23, 0x28, 0x2D].contains(b[t[k].start])
                    || isOneOf(k, ["card", "id", "number", "no", "is"])
                    || t[k].isWord && t[k].capitalised && t[k].digits == 0 && !t[k].allCaps
                guard filler else { break }
                k += 1
                skipped += 1
            }
        }
    }

    /// The last token of `XX 77 402 118` starting at `k`: one to three capitals that are no cue or filler word, then
    /// two to four groups of digits (2–5 each) one space apart on the line, 7–14 digits in all, not followed by
    /// another digit group or a joined letter; nil otherwise.
    private func prefixedGroupsEnd(at k: Int) -> Int? {
        guard t[k].isWord, t[k].allCaps, t[k].digits == 0, t[k].length <= 3, !claimed[k],
              !isOneOf(k, ["id", "no", "num", "mrn", "ssn", "dob", "tel", "ph", "fax", "acct", "grp", "rx"]) else { return nil }
        var last = k, groups = 0, digits = 0
        while last + 1 < t.count, groups < 4, t[last + 1].isNumber, t[last + 1].length >= 2, t[last + 1].length <= 5,
              t[last + 1].start == t[last].end + 1, !claimed[last + 1] {
            last += 1
            groups += 1
            digits += t[last].length
        }
        guard groups >= 2, digits >= 7, digits <= 14 else { return nil }
        if last + 1 < t.count, adjacent(last), t[last + 1].isWord || isPunct(last + 1, 0x2D) { return nil }
        return last
    }
}
