extension ScanContext {
    /// Words for a person over 89 (`nonagenarian`, `centenarian`, `supercentenarian`, plurals), found as ages when
    /// they describe a person: after `a`, `an` or `both` (`is a nonagenarian (93)`, `both nonagenarians,`), before a
    /// bracket after a comma (`Adaeze Mensah, nonagenarian (95)`), or before a person word (`bed 5 nonagenarian
    /// male`, `a nonagenarian man`); an age 90–125 in brackets right after the word is found with it. Also
    /// `nineties` after a possessive (`in her nineties`, `in their late nineties`). Names of clinics, studies and arms
    /// (`nonagenarian clinic`, `centenarian arm`, `a nonagenarian couple`), titles (`Centenarian clinic`) and
    /// `the nineties` (a decade) stay.
    mutating func matchAgeWords() {
        for i in t.indices where !claimed[i] && t[i].isWord && t[i].length >= 11 && t[i].length <= 17 && t[i].digits == 0
            && !t[i].capitalised && startsWithAny(i, "ncs") {
            let w = lower(i)
            guard w.hasPrefix("nonagenarian") || w.hasPrefix("centenarian") || w.hasPrefix("supercentenarian") else { continue }
            guard w.hasSuffix("arian") || w.hasSuffix("arians") else { continue }
            if isOneOf(i + 1, ["clinic", "clinics", "study", "studies", "arm", "cohort", "couple", "program", "programme",
                               "research", "birthday", "project", "registry", "population"]) { continue }
            let described = isOneOf(i - 1, ["a", "an", "both"]) || isPunct(i - 1, 0x2C) && isPunct(i + 1, 0x28)
            let person = isOneOf(i + 1, ["male", "female", "man", "woman", "men", "women", "patient", "pt", "lady",
                                         "gentleman", "veteran", "resident"])
            guard described || person else { continue }
            add(.age, tokens: i, i)
            // `nonagenarian (95)`: the age in brackets after the word.
            if isPunct(i + 1, 0x28), isPunct(i + 3, 0x29), let v = intValue(i + 2), v >= 90, v <= 125, !claimed[i + 2] {
                add(.age, tokens: i + 2, i + 2)
            }
        }
        // `in her nineties`, `both in their late nineties`: a possessive (and `early`/`mid`/`late`) before `nineties`.
        for i in t.indices where i >= 1 && !claimed[i] && t[i].length == 8 && isWord(i, "nineties") {
            var p = i - 1
            if isOneOf(p, ["early", "mid", "late"]) { p -= 1 }
            if isOneOf(p, ["her", "his", "their", "your", "my"]) { add(.age, tokens: i, i) }
        }
    }
}
