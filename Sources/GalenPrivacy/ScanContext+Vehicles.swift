extension ScanContext {
    /// Words that announce a licence plate in the next few tokens (`plate HXL 4729`, `plates JXV 4410 and HTB 9927`,
    /// `tag 7GHT-229`).
    static let plateCues: Set<String> = ["plate", "plates", "tag", "tags", "plate#", "registration", "registrations"]

    /// Car makes and vehicle words: a state code and a plate-shaped code shortly after one of these is a plate
    /// (`2019 Toyota Camry, NJ Y41-KFD`, `Ford F-150, TX GXT 7719`).
    static let vehicleWords: Set<String> = [
        "acura", "audi", "bmw", "buick", "cadillac", "chevrolet", "chevy", "chrysler", "dodge", "fiat", "ford", "gmc",
        "harley", "honda", "hyundai", "infiniti", "jaguar", "jeep", "kawasaki", "kia", "lexus", "lincoln", "mazda",
        "mercedes", "mini", "mitsubishi", "nissan", "pontiac", "porsche", "ram", "rivian", "saturn", "scion", "subaru",
        "suzuki", "tesla", "toyota", "volkswagen", "vw", "volvo", "yamaha",
        "car", "truck", "pickup", "van", "minivan", "suv", "sedan", "coupe", "hatchback", "wagon", "motorcycle",
        "motorbike", "scooter", "moped", "vehicle", "rv", "camper", "trailer", "vehicles", "cars", "trucks", "sled",
        "snowmobile", "boat", "atv", "motorhome", "semi",
        // common models whose names are not ordinary words (`grey Camry, NY KFT-2281`)
        "camry", "corolla", "prius", "rav4", "tacoma", "tundra", "highlander", "sienna", "civic", "odyssey", "cr-v",
        "f150", "silverado", "malibu", "impala", "equinox", "tahoe", "altima", "sentra", "outback", "forester",
        "impreza", "wrangler", "cherokee", "elantra", "sonata", "tucson", "jetta", "passat", "caravan", "mustang",
    ]

    /// The last token of a plate-shaped code starting at token `i`: one to three parts of capital letters and
    /// digits joined by a single space or a hyphen (`HXL 4729`, `MN 5RK 312`, `Y41-KFD`, `M 20433`, `ELM-MOR3`),
    /// 4–9 letters and digits in all (`ORE 118 KLD`, `TEMP 4471-B`), at least one digit, no lower-case letter; nil
    /// otherwise.
    func plateEnd(from i: Int) -> Int? {
        func part(_ k: Int) -> Bool {
            k < t.count && t[k].isWord && !claimed[k] && t[k].length <= 7 && (t[k].allCaps || t[k].isNumber)
                && !b[t[k].start..<t[k].end].contains(where: { $0 >= 0x80 })
        }
        guard part(i) else { return nil }
        var last = i, chars = t[i].length, digits = t[i].digits, parts = 1
        while parts < 3 {
            var k = last + 1
            if isPunct(k, 0x2D), adjacent(last), adjacent(k) { k += 1 }
            else if !(k < t.count && t[k].spaceBefore && !t[k].lineBefore && t[k].start == t[last].end + 1) { break }
            guard part(k), chars + t[k].length <= 9 else { break }
            // A lone word after a space is a plate part only when the code so far is short (`M 20433`, `HXL 4729`).
            if k == last + 1, t[k].digits == 0, t[last].digits == 0 { break }
            last = k
            chars += t[k].length
            digits += t[k].digits
            parts += 1
        }
        guard chars >= 4, digits >= 1 else { return nil }
        // A longer code goes on after it (`RV-2025-04418` is a tag number, not a plate).
        if last + 2 < t.count, adjacent(last), adjacent(last + 1), isPunct(last + 1, 0x2D) || isPunct(last + 1, 0x2F), t[last + 2].isWord {
            return nil
        }
        // A code that is all digits with no separator is a plate only when short (`4471822` is more likely a number
        // the other rules judge).
        if parts == 1, t[i].isNumber, chars > 7 { return nil }
        return last
    }

    /// Whether a plate cue (`plate`, `plates`, `tag`, `vehicle registration`) is within the four tokens before `i`,
    /// with only a state code, a state in brackets, `#`, `:`, `no.` or `number` in between.
    func plateCue(before i: Int) -> Bool {
        // Quick test: one of the four words before starts with p, t or r (plate, tag, registration).
        var any = false
        for k in max(0, i - 5)..<i where t[k].isWord {
            let c = b[t[k].start] | 0x20
            if c == 0x70 || c == 0x74 || c == 0x72 { any = true; break }
        }
        if !any { return false }
        var k = i - 1, steps = 0
        while k >= 0, steps < 5 {
            if t[k].isWord {
                if t[k].digits > 0 || t[k].length > 13 { return false }
                let w = lower(k)
                if ScanContext.plateCues.contains(w) {
                    // "registration" alone is a licence cue; it names a plate only after a vehicle word.
                    if w.hasPrefix("registration") {
                        var v = k - 1
                        if isPunct(v, 0x3A) { v -= 1 }  // "Sled: registration WI 2247 SN"
                        return v >= 0 && isAny(v, ScanContext.vehicleWords)
                    }
                    return true
                }
                let state = t[k].length == 2 && t[k].allCaps && lexicon.states.contains(text(k))
                if !state, !["no", "number", "num", "s", "state", "is", "license", "licence"].contains(w) { return false }
            } else if ![0x3A, 0x23, 0x2E, 0x28, 0x29].contains(b[t[k].start]) {
                return false
            }
            k -= 1
            steps += 1
        }
        return false
    }

    /// Whether a vehicle word (make or kind) appears within the eight tokens before `i` on the same line.
    func vehicleWord(before i: Int) -> Bool {
        var k = i - 1, steps = 0
        while k >= 0, steps < 8 {
            if t[k].isWord, t[k].digits == 0, t[k].length <= 12, ScanContext.vehicleWords.contains(lower(k)) { return true }
            if t[k].lineBefore { return false }
            k -= 1
            steps += 1
        }
        return false
    }

    /// Whether a vehicle word (a make, model or kind) follows within the four tokens after `last` on the same line, as
    /// in a row of a parking or fleet list (`NC PTR-9018   white RAV4`).
    func vehicleWord(after last: Int) -> Bool {
        var k = last + 1, steps = 0
        while k < t.count, steps < 4, !t[k].lineBefore {
            if t[k].isWord, t[k].length <= 12, ScanContext.vehicleWords.contains(lower(k)) { return true }
            k += 1
            steps += 1
        }
        return false
    }

    /// Partial plates in quotes after a plate cue (`partial tag "QKT"`, `plate "7AB?"`, `partial plate: "K4"`), and
    /// unquoted after `partial` and a plate cue (`partial plate KJ7`): two to eight capitals and digits (`?` and `*`
    /// for unread characters), typed VEHICLE without the quotes. A quoted word in lower case (`tag "pending"`) stays.
    mutating func matchPartialPlates() {
        var i = 0
        while i + 2 < t.count {
            defer { i += 1 }
            guard t[i].isWord, t[i].digits == 0, startsWithAny(i, "pt"), isOneOf(i, ["plate", "plates", "tag", "tags"]) else { continue }
            var k = i + 1
            if isPunct(k, 0x3A) || isPunct(k, 0x23) { k += 1 }
            let quoted = isPunct(k, 0x22) || isPunct(k, 0x27)
            guard quoted || isWord(i - 1, "partial") else { continue }
            if quoted { k += 1 }
            guard k < t.count, !t[k].lineBefore, t[k].isWord, !claimed[k], t[k].allCaps || t[k].isNumber else { continue }
            // The code: word tokens and `?`/`*`/`-` joined without spaces.
            var last = k, chars = t[k].length
            while last + 1 < t.count, adjacent(last), t[last + 1].isWord && (t[last + 1].allCaps || t[last + 1].isNumber)
                    || isPunct(last + 1, 0x3F) || isPunct(last + 1, 0x2A) || isPunct(last + 1, 0x2D) {
                last += 1
                chars += t[last].length
            }
            while last > k, !t[last].isWord, !isPunct(last, 0x3F), !isPunct(last, 0x2A) { last -= 1 }
            guard chars >= 2, chars <= 8, !b[t[k].start..<t[last].end].contains(where: { $0 >= 0x61 && $0 <= 0x7A || $0 >= 0x80 }) else { continue }
            if quoted { guard last + 1 < t.count, isPunct(last + 1, 0x22) || isPunct(last + 1, 0x27) || isPunct(last + 1, 0x2E) && (isPunct(last + 2, 0x22) || isPunct(last + 2, 0x27)) else { continue } }
            else { guard closesPhrase(last + 1) || isAny(last + 1, ["and", "on", "in", "seen"]) else { continue } }
            add(.vehicle, tokens: k, last)
            i = last
        }
    }

    /// Licence plates: a plate-shaped code after a plate cue (`plate DK 48812`, `OH plate HXL 4729`,
    /// `Vehicle registration(s): 4BKL772`), further plates joined to a found one by `and` or a comma
    /// (`plates JXV 4410 and HTB 9927`), and a state code followed by a plate-shaped code shortly after a car make or
    /// vehicle word (`2019 Toyota Camry, NJ Y41-KFD`). The state code before a plate is part of the span.
    mutating func matchVehicles() {
        var i = 0
        var lastPlateEnd = -10
        while i < t.count {
            guard t[i].isWord, !claimed[i], t[i].allCaps || t[i].isNumber || t[i].capitalised && t[i].length > 3 && t[i].length <= 14
            else { i += 1; continue }
            var first = i, start = i
            let isState = t[i].length == 2 && t[i].allCaps && lexicon.states.contains(text(i))
            if isState { start = i + 1 }
            // `truck Oregon 930 KXB`, `silver Jetta (Ohio JFR 3193)`: a state written out, then a plate-shaped code
            // of a letter and a digit, shortly after a vehicle word (the state name stays out of the span).
            if !isState, !t[i].allCaps, t[i].digits == 0, i + 1 < t.count, let last = plateEnd(from: i + 1),
               b[t[i + 1].start..<t[last].end].contains(where: { $0 >= 0x41 && $0 <= 0x5A }), vehicleWord(before: i),
               lexicon.states.contains(text(i)) {
                add(.vehicle, tokens: i + 1, last)
                lastPlateEnd = last
                i = last + 1
                continue
            }
            guard start < t.count, let last = plateEnd(from: start), last >= start else { i += 1; continue }
            let listed = i - lastPlateEnd == 2 && (isWord(i - 1, "and") || isPunct(i - 1, 0x2C))
            // After a vehicle word the code must hold a letter or two parts ("PA 2021" is not a plate).
            let shaped = last > start || t[start].digits < t[start].length
            // `semi (PRP 91220, Werner unit …)`: a code of two parts or with a hyphen in brackets right after a vehicle
            // word (`truck (F150)` and `car (2 doors)` stay).
            let bracketed = !isState && last > start && isPunct(i - 1, 0x28) && isAny(i - 2, ScanContext.vehicleWords)
                && t[start].digits < t[start].length && (closesPhrase(last + 1) || isPunct(last + 1, 0x29))
            if listed || bracketed || plateCue(before: first) || isState && shaped && (vehicleWord(before: i) || vehicleWord(after: last)) {
                if !isState, i >= 1, t[i - 1].length == 2, t[i - 1].allCaps, lexicon.states.contains(text(i - 1)), !claimed[i - 1] { first = i - 1 }
                add(.vehicle, tokens: first, last)
                lastPlateEnd = last
                i = last + 1
                continue
            }
            i += 1
        }
    }
}
