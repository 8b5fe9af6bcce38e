extension ScanContext {
    /// Words that announce an identifier of a given type in the next few tokens.
    static let cueTypes: [String: PHIType] = [
        "mrn": .mrn, "mr": .mrn, "chart": .mrn, "record": .mrn, "records": .mrn, "hospital": .mrn, "mrno": .mrn,
        "member": .healthPlan, "policy": .healthPlan, "medicare": .healthPlan, "medicaid": .healthPlan,
        "insurance": .healthPlan, "subscriber": .healthPlan, "beneficiary": .healthPlan, "plan": .healthPlan,
        "group": .healthPlan, "hicn": .healthPlan, "mbi": .healthPlan, "insurer": .healthPlan, "payer": .healthPlan,
        "account": .account, "acct": .account, "billing": .account, "invoice": .account, "card": .account, "iban": .account,
        "license": .license, "licence": .license, "lic": .license, "dea": .license, "npi": .license, "certificate": .license,
        "cert": .license, "dl": .license, "cdl": .license, "registration": .license, "permit": .license,
        "plate": .vehicle, "vin": .vehicle, "vehicle": .vehicle, "car": .vehicle, "truck": .vehicle, "tags": .vehicle,
        "serial": .device, "sn": .device, "device": .device, "udi": .device, "imei": .device, "pacemaker": .device,
        "implant": .device, "pump": .device, "defibrillator": .device, "icd": .device, "monitor": .device,
        "transmitter": .device, "grp": .healthPlan, "rxgrp": .healthPlan, "ramq": .healthPlan, "ohip": .healthPlan,
        "insabi": .healthPlan, "cin": .healthPlan, "medi-cal": .healthPlan, "masshealth": .healthPlan,
        "fingerprint": .biometric, "voiceprint": .biometric, "retinal": .biometric, "retina": .biometric,
        "iris": .biometric, "biometric": .biometric, "palmprint": .biometric, "faceprint": .biometric, "dna": .biometric, "voice": .biometric,
        "template": .biometric, "templates": .biometric, "footprint": .biometric, "thumbprint": .biometric,
        "handprint": .biometric, "afis": .biometric, "genotype": .biometric, "face-match": .biometric,
        "finger": .biometric, "print": .biometric, "gait": .biometric, "buccal": .biometric, "scooter": .vehicle,
        "motorcycle": .vehicle, "moped": .vehicle, "plates": .vehicle,
        "photo": .photo, "photograph": .photo, "picture": .photo, "headshot": .photo, "selfie": .photo,
        "id": .identifier, "identifier": .identifier, "study": .identifier, "employee": .identifier,
        "badge": .identifier, "case": .identifier, "specimen": .identifier, "accession": .identifier,
        "encounter": .identifier, "requisition": .identifier, "ticket": .identifier, "trial": .identifier,
        "participant": .identifier, "subject": .identifier, "subj": .identifier, "enrollee": .identifier, "docket": .identifier,
        "claim": .identifier, "report": .identifier, "donor": .identifier, "student": .identifier, "voucher": .identifier,
        "key": .identifier, "confirmation": .identifier, "tracking": .identifier, "authorization": .identifier,
        "photography": .photo, "ids": .identifier, "uid": .identifier, "randomisation": .identifier,
        "randomization": .identifier, "subpoena": .identifier, "reference": .identifier, "ref": .identifier,
        "phone": .phone, "tel": .phone, "telephone": .phone, "cell": .phone, "mobile": .phone, "pager": .phone,
        "call": .phone, "ph": .phone, "contact": .phone, "reached": .phone, "beeper": .phone, "landline": .phone,
        "fax": .fax, "facsimile": .fax, "faxed": .fax,
        "ssn": .ssn, "social": .ssn, "ss": .ssn,
        "zip": .zip, "postal": .zip, "zipcode": .zip,
    ]

    /// Filler words allowed between a cue and its value.
    static let cueFillers: Set<String> = ["number", "no", "num", "is", "was", "of", "id", "security", "code", "nr", "the",
                                          "at", "to", "#", "s", "n", "#:", "ending", "in", "numbers", "on", "file", "and",
                                          "sample", "scan", "enrolled", "stored", "hash", "signature", "model", "match", "array"]

    /// The type announced by the cue words just before token `i` (within four tokens, only fillers and
    /// punctuation in between), or nil.
    func cueType(before i: Int) -> PHIType? {
        var k = i - 1
        var steps = 0
        while k >= 0, steps < 5 {
            if t[k].lineBefore && k < i - 1 && steps > 2 { return nil }
            if t[k].isWord {
                if t[k].digits == 0, t[k].length <= 14 {
                    let w = lower(k)
                    if w == "license" || w == "licence", isWord(k + 1, "plate") { return .vehicle }
                    if w == "n", k >= 2, isPunct(k - 1, 0x2F), isWord(k - 2, "s") { return .device }  // S/N
                    if let type = ScanContext.cueTypes[w] {
                        if type == .identifier, w == "id", k > 0, let prior = cueTypeWord(k - 1) { return prior }
                        return type
                    }
                    // A state code before a plate: "plate NH 4471-KP", "MA plate 3TRC84".
                    let stateCode = t[k].length == 2 && t[k].allCaps && lexicon.states.contains(text(k))
                    if !ScanContext.cueFillers.contains(w), !stateCode { return nil }
                } else { return nil }
            } else if ![0x3A, 0x23, 0x2E, 0x2D, 0x2F, 0x28, 0x29, 0x3D].contains(b[t[k].start]) {
                return nil
            }
            k -= 1
            steps += 1
        }
        return nil
    }

    private func cueTypeWord(_ k: Int) -> PHIType? {
        guard k >= 0, t[k].isWord, t[k].digits == 0, t[k].length <= 14 else { return nil }
        let type = ScanContext.cueTypes[lower(k)]
        return type == .identifier ? nil : type
    }

    /// The identifier value starting at token `i`: alphanumeric tokens joined without spaces by `-`, `/`, `.`,
    /// `_`; nil unless it holds a digit (or is a long capitalised code).
    func codeValue(at i: Int) -> Int? {
        guard t[i].isWord else { return nil }
        var last = i
        var digits = t[i].digits
        var length = t[i].length
        while last + 2 < t.count, adjacent(last), adjacent(last + 1), !t[last + 1].isWord,
              [0x2D, 0x2F, 0x2E, 0x5F].contains(b[t[last + 1].start]), t[last + 2].isWord {
            last += 2
            digits += t[last].digits
            length += t[last].length
        }
        if digits >= 2 || (digits >= 1 && length >= 4) { return last }
        return nil
    }

    /// Identifiers announced by cue words (`MRN: 00482913`, `DEA# AB1234563`, `serial no. PM-77812`), and digit
    /// patterns recognised on their own (SSNs with area rules, phone numbers, Luhn-valid card numbers, NPI and DEA
    /// numbers, VINs, ZIP codes after a state), with a generic `ID` for other long numbers.
    mutating func matchNumbers() {
        var i = 0
        while i < t.count {
            if claimed[i] || !(t[i].isWord && (t[i].digits > 0 || codePrefix(i))) && !isPunct(i, 0x28) { i += 1; continue }
            if t[i].isNumber, matchIP(at: i) { i += 7; continue }
            let cue = cueType(before: i) ?? (licencePrefix(before: i) ? .license : nil)
            if let (last, groups, seps) = digitGroups(at: i) {
                let digits = groups.reduce(0, +)
                let values = (i...last).flatMap { t[$0].isNumber ? digitValues($0) : [] }
                var type: PHIType? = nil
                let decimal = seps == [0x2E] && groups[0] <= 3
                if decimal, cue == nil { i = last + 1; continue }  // 0.000625, 12.5
                if cue == .zip || cue == nil && groups.count <= 2 && groups[0] == 5 && (groups.count == 1 || groups[1] == 4) && afterState(i) {
                    if groups[0] == 5 { type = .zip }
                }
                if type == nil {
                    if groups == [3, 2, 4] && (seps.allSatisfy { $0 == 0x2D } || seps.allSatisfy { $0 == 0x20 }) && (Checksums.plausibleSSN(values) || cue == .ssn) {
                        type = .ssn
                    } else if digits == 9 && groups.count == 1 && cue == .ssn {
                        type = .ssn
                    } else if let cue, cue != .zip, cue != .phone, cue != .fax, cue != .ssn, digits >= 4 {
                        type = cue
                    } else if isPhone(groups: groups, separators: seps) || (cue == .phone || cue == .fax) && digits >= 7 {
                        type = cue == .fax || faxNearby(i) ? .fax : .phone
                    } else if digits >= 13 && digits <= 19 && Checksums.luhn(values) {
                        type = .account
                    } else if digits == 10 && groups.count == 1 && Checksums.npi(values) {
                        type = .license
                    } else if digits >= 6, cue != nil || !afterNonIdentifierCue(i) {
                        type = cue ?? .identifier
                    }
                }
                if let type {
                    var first = i
                    if first > 0, isPunct(first - 1, 0x2B), adjacent(first - 1) { first -= 1 }  // +1 555 ...
                    var end = last
                    // A cue-announced code goes on over joined letters ("plate NH 4471-KP"), with a state code before
                    // a plate.
                    if let cue, type == cue, let codeEnd = codeValue(at: i), codeEnd > end { end = codeEnd }
                    if type == .vehicle, i >= 1, t[i - 1].length == 2, t[i - 1].allCaps, lexicon.states.contains(text(i - 1)) { first = i - 1 }
                    if type == .license, licencePrefix(before: i) { first = i - 1 }
                    if type == .phone || type == .fax, end + 2 < t.count, isAny(end + 1, ["x", "ext"]), t[end + 2].isNumber { end += 2 }
                    else if type == .phone || type == .fax, end + 3 < t.count, isAny(end + 1, ["x", "ext"]), isPunct(end + 2, 0x2E), t[end + 3].isNumber { end += 3 }
                    else if type == .phone || type == .fax, end + 1 < t.count, isExtension(end + 1) { end += 1 }  // "x214"
                    add(type, tokens: first, end)
                    i = end + 1
                    continue
                }
                if let cue, cue != .zip, let last = codeValue(at: i), last > i {
                    add(cue, tokens: i, last)
                    i = last + 1
                    continue
                }
                i = last + 1
                continue
            }
            guard t[i].isWord else { i += 1; continue }
            // Mixed codes: DEA, VIN, cue-announced codes.
            if t[i].length == 9, t[i].digits == 7, Checksums.dea(Array(b[t[i].start..<t[i].end])) {
                add(.license, tokens: i, i)
                i += 1
                continue
            }
            if t[i].length == 17, Checksums.plausibleVIN(Array(b[t[i].start..<t[i].end])) {
                add(.vehicle, tokens: i, i)
                i += 1
                continue
            }
            if let last = codeValue(at: i) {
                if let cue, cue != .zip, cue != .phone, cue != .fax {
                    var first = i
                    if cue == .vehicle, i >= 1, t[i - 1].length == 2, t[i - 1].allCaps, lexicon.states.contains(text(i - 1)) { first = i - 1 }
                    add(cue, tokens: first, last)
                    i = last + 1
                    continue
                }
                // Unannounced codes with many digits and letters (`A7734-2291`, `XK-99812`) are identifiers.
                let d = (i...last).reduce(0) { $0 + t[$1].digits }
                // Letters without the hyphens inside a word (`LS-MA` is one token of four letters and two parts).
                let hyphens = (i...last).reduce(0) { n, k in t[k].isWord ? n + b[t[k].start..<t[k].end].filter { $0 == 0x2D }.count : n }
                let letters = (i...last).reduce(0) { $0 + (t[$1].isWord ? t[$1].length - t[$1].digits : 0) } - hyphens
                // Codes of three or more parts (`SD-SAK-2026-00871`, `DNA-REF-00871-V`, `RET-TPL-55103`) may hold
                // more letters, and so may a code after `#` (`#RPSGT-18827`).
                let parts = (i...last).filter { t[$0].isWord }.count + hyphens
                let hashed = isPunct(i - 1, 0x23) && adjacent(i - 1)
                if d >= 5, letters >= 1, letters <= 4 || parts >= 3 && letters <= 10 || hashed && letters <= 8, !afterNonIdentifierCue(i),
                   !(i...last).contains(where: { isUnit($0) }) {
                    add(.identifier, tokens: i, last)
                    i = last + 1
                    continue
                }
            }
            i += 1
        }
    }

    /// Whether token `i - 1` is the letter prefix of a licence number written apart from its digits, right after
    /// the licence cue (`RI license MD 14470`, `FL license ME 118204`, `driver's license A 425 611 992 073`, `her CDL,
    /// B 653 117 904 288`): one
    /// to three capital letters, one space before the digits.
    func licencePrefix(before i: Int) -> Bool {
        let p = i - 1
        guard p >= 1, !claimed[p], t[p].isWord, t[p].allCaps, t[p].digits == 0, t[p].length <= 3, !t[i].lineBefore,
              t[i].start == t[p].end + 1 else { return false }
        var k = p - 1
        if isPunct(k, 0x3A) || isPunct(k, 0x23) || isPunct(k, 0x2C) { k -= 1 }  // "her CDL, B 653 117 904 288"
        if isAny(k, ["no", "number", "num", "#"]) { k -= 1 }
        return isAny(k, ["license", "licence", "lic", "certificate", "cert", "permit", "dl", "cdl"])
    }

    /// Whether token `k` is a phone extension written in one token on the same line: `x214`, `ext4471`.
    private func isExtension(_ k: Int) -> Bool {
        guard t[k].isWord, !t[k].lineBefore, t[k].digits >= 1, t[k].digits <= 6 else { return false }
        let w = lower(k)
        let prefix = w.hasPrefix("ext") ? 3 : w.hasPrefix("x") ? 1 : 0
        return prefix > 0 && t[k].digits == t[k].length - prefix
    }

    /// Whether word token `i` starts a code such as `MR-8770779` or `SN_77` (joined to digits without spaces).
    /// Up to three joined parts may come before the first digits (`DNA-REF-00871-V`, `SD-SAK-2026-00871`); all
    /// of them must then be capitals. A dot joins capitals to four or more digits (`MD.0498821`).
    private func codePrefix(_ i: Int) -> Bool {
        if i + 2 < t.count, t[i].allCaps, t[i].digits == 0, adjacent(i), adjacent(i + 1), isPunct(i + 1, 0x2E), t[i + 2].isNumber,
           t[i + 2].length >= 4 { return true }
        var k = i
        for hop in 0..<3 {
            guard k + 2 < t.count, adjacent(k), adjacent(k + 1), !t[k + 1].isWord, [0x2D, 0x5F, 0x2F].contains(b[t[k + 1].start]),
                  t[k + 2].isWord else { return false }
            if t[k + 2].digits > 0 { return hop == 0 || t[i].allCaps }
            guard t[k + 2].allCaps, t[i].allCaps else { return false }
            k += 2
        }
        return false
    }

    private func isUnit(_ k: Int) -> Bool {
        let w = lower(k)
        return w.hasSuffix("mg") || w.hasSuffix("ml") || w.hasSuffix("mmhg") || w.hasSuffix("kg") || w.hasSuffix("cm")
    }

    private func isPhone(groups: [Int], separators: [UInt8]) -> Bool {
        if separators.contains(0x2F) { return false }
        if groups == [3, 3, 4] { return true }
        if groups == [1, 3, 3, 4] { return true }
        return false
    }

    func faxNearby(_ i: Int) -> Bool {
        var k = i - 1
        var steps = 0
        while k >= 0, steps < 6 {
            if isWord(k, "fax") || isWord(k, "facsimile") { return true }
            if isWord(k, "phone") || isWord(k, "tel") || isWord(k, "cell") { return false }
            k -= 1
            steps += 1
        }
        return false
    }

    /// ZIP codes without a state right after a found place (`9 Ferncroft Rd, Danvers 01923`): run after the places.
    mutating func matchZIPsAfterPlaces() {
        for i in t.indices where !claimed[i] && t[i].isNumber && t[i].length == 5 && afterPlace(i) {
            if i > 0, !t[i].spaceBefore, !isPunct(i - 1, 0x2C) { continue }
            var last = i
            if i + 2 < t.count, isPunct(i + 1, 0x2D), adjacent(i), adjacent(i + 1), t[i + 2].isNumber, t[i + 2].length == 4 { last = i + 2 }
            if last + 1 < t.count, adjacent(last), t[last + 1].isWord || isPunct(last + 1, 0x2D) || isPunct(last + 1, 0x2F) { continue }
            add(.zip, tokens: i, last)
        }
    }

    /// UK and Canadian postcodes right after a found place (`London NW1 6XE`, `Ottawa, ON K1A 0B1`), or alone in
    /// their full shape at the end of a phrase (`PA1 2HB`, `K1A 0B1`): run after the places, typed ZIP.
    mutating func matchPostcodesAfterPlaces() {
        var i = 0
        while i + 1 < t.count {
            defer { i += 1 }
            guard !claimed[i], t[i].isWord, t[i].allCaps || t[i].digits == t[i].length, t[i].length >= 2, t[i].length <= 4,
                  t[i + 1].isWord, !claimed[i + 1], t[i + 1].length == 3, t[i + 1].spaceBefore, !t[i + 1].lineBefore else { continue }
            var p = i - 1
            if p >= 0, t[p].isWord, t[p].length == 2, t[p].allCaps, t[p].digits == 0 { p -= 1 }  // province code
            if p >= 0, isPunct(p, 0x2C) { p -= 1 }
            let afterPlace = p >= 0 && claimed[p] && spans.contains(where: { $0.type == .location && $0.end == t[p].end })
            let a = Array(b[t[i].start..<t[i].end]), c = Array(b[t[i + 1].start..<t[i + 1].end])
            let uk = ScanContext.isUKOutward(a) && ScanContext.isUKInward(c)
            let canadian = ScanContext.isCanadianHalf(a, letterFirst: true) && ScanContext.isCanadianHalf(c, letterFirst: false)
            // Without a place before it, only the full shapes that ordinary text does not make: a UK outward code of
            // three or four characters (`PA1 2HB`, `SW1A 1AA`), or a whole Canadian postcode, closing the phrase.
            let standalone = (uk && a.count >= 3 || canadian) && closesPhrase(i + 2)
            if (uk || canadian) && (afterPlace || standalone) {
                add(.zip, tokens: i, i + 1)
            }
        }
    }

    private static func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// `NW1`, `SW1A`, `M1`, `B33`, `EC2V`: one or two letters, a digit, then an optional letter or digit.
    static func isUKOutward(_ s: [UInt8]) -> Bool {
        guard s.count >= 2, s.count <= 4, isUpper(s[0]) else { return false }
        var k = 1
        if isUpper(s[k]) { k += 1 }
        guard k < s.count, isDigit(s[k]) else { return false }
        k += 1
        if k < s.count, isUpper(s[k]) || isDigit(s[k]) { k += 1 }
        return k == s.count
    }

    /// `6XE`: a digit and two letters.
    static func isUKInward(_ s: [UInt8]) -> Bool { s.count == 3 && isDigit(s[0]) && isUpper(s[1]) && isUpper(s[2]) }

    /// `K1A` (letter first) or `0B1` (digit first).
    static func isCanadianHalf(_ s: [UInt8], letterFirst: Bool) -> Bool {
        guard s.count == 3 else { return false }
        return letterFirst ? isUpper(s[0]) && isDigit(s[1]) && isUpper(s[2]) : isDigit(s[0]) && isUpper(s[1]) && isDigit(s[2])
    }

    /// Whether token `i` directly follows a found place (`Danvers 01923`, `Revere, 02151`).
    func afterPlace(_ i: Int) -> Bool {
        var k = i - 1
        if k >= 0, isPunct(k, 0x2C) { k -= 1 }
        guard k >= 0, claimed[k], let last = spans.last(where: { $0.end == t[k].end }) else { return false }
        return last.type == .location
    }

    /// Whether token `i` follows a state name or code (`Boston, MA 02115`).
    func afterState(_ i: Int) -> Bool {
        var k = i - 1
        if k >= 0, isPunct(k, 0x2C) { k -= 1 }
        guard k >= 0, t[k].isWord, t[k].digits == 0 else { return false }
        if t[k].length == 2, t[k].allCaps { return lexicon.states.contains(text(k)) }
        return lexicon.states.contains(text(k))
    }
}

extension ScanContext {
    /// Words allowed between `last 4`/`ending` and the digits (`last 4 of SSN: 7731`, `ending in 4471`).
    static let partialNumberFillers: Set<String> = ["ssn", "social", "digits", "of", "is", "in", "number", "card", "the",
                                                    "acct", "account", "mrn", "phone", "per", "pt", "patient", "only",
                                                    "given", "verbal", "verbally"]

    /// The last digits of a number (`last 4 SSN 7731`, `last four 3381`, `MC ending 8875`, `card ending in 4471`, `SSN
    /// on file ends in 7730`): a lone 4-digit number within five tokens after `last 4`, `last four`, `ending` or `ends`, with only a few filler words,
    /// `:`, `#` or brackets between (also `last 4 of SSN (6620)`, `last 4 SSN per pt 0917`, `(per pt, last 4 only)
    /// 7719`: the source and `only` in brackets); typed SSN when `SSN` or `social` is among them, else ACCOUNT. `over
    /// the last 4 weeks 2021` is not taken (`weeks` is no filler).
    mutating func matchPartialNumbers() {
        for i in t.indices where !claimed[i] && t[i].isNumber && t[i].length == 4 && i >= 2 && (t[i].spaceBefore || isPunct(i - 1, 0x28)) {
            if i + 1 < t.count, adjacent(i), t[i + 1].isWord || isPunct(i + 1, 0x2D) || isPunct(i + 1, 0x2F) { continue }
            var k = i - 1, ssn = false, found = false
            while k >= 1, i - k <= 6, !found {
                if isWord(k, "ending") || isWord(k, "ends") || (isWord(k, "4") || isWord(k, "four")) && isWord(k - 1, "last") { found = true; break }
                if t[k].isWord {
                    guard t[k].digits == 0, t[k].length <= 8, ScanContext.partialNumberFillers.contains(lower(k)) else { break }
                    if isAny(k, ["ssn", "social"]) { ssn = true }
                } else if ![0x3A, 0x23, 0x28, 0x2D].contains(b[t[k].start]) && !(isPunct(k, 0x29) && k == i - 1) { break }
                k -= 1
            }
            guard found else { continue }
            if !ssn, k >= 2 { for p in max(0, k - 4)..<k where isAny(p, ["ssn", "social"]) { ssn = true } }
            add(ssn ? .ssn : .account, tokens: i, i)
        }
    }
}
