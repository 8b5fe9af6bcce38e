extension ScanContext {
    /// Words naming a vehicle of a fleet before its unit code (`van RST-07`, `cruiser SPD 217`, `Medic M-22`).
    static let fleetWords: [StaticString] = ["van", "bus", "cab", "cruiser", "squad", "hearse", "tractor", "truck", "forklift",
                                             "taxi", "shuttle", "ambulance", "medic", "rig", "coach", "unit", "engine", "rescue"]

    /// Unit codes of fleet vehicles (ambulances, vans, buses, squad cars, trucks) after a fleet word, with `#`, `:`,
    /// `no.` or `number` between: a capital letter first, letters and digits in one or two parts joined by a
    /// hyphen or a space (`van RST-07`, `unit MACS-2317`, `Medic M-22`, `cruiser SPD 217`, `squad HCSO 1147`, `unit
    /// TON-M4`), 3–10 characters with a letter and a digit, typed VEHICLE. Codes without a letter (`unit 4`, `van 2`),
    /// starting with a digit (`unit 7-B`) or in lower case (`unit 4-west`) stay, and so do lone codes after `unit`
    /// without a hyphen (`Unit 5B`, a ward).
    mutating func matchFleetUnits() {
        var i = 0
        while i + 1 < t.count {
            defer { i += 1 }
            guard t[i].isWord, t[i].digits == 0, t[i].length >= 3, t[i].length <= 9, startsWithAny(i, "vbcsthfamure"),
                  isOneOf(i, ScanContext.fleetWords) else { continue }
            var k = i + 1
            if isPunct(k, 0x23) || isPunct(k, 0x3A) { k += 1 }
            else if isOneOf(k, ["no", "number"]) { k += 1; if isPunct(k, 0x2E) || isPunct(k, 0x23) { k += 1 } }
            guard k < t.count, t[k].isWord, !t[k].lineBefore, !claimed[k], t[k].allCaps, t[k].capitalised,
                  t[k].length <= 6, !b[t[k].start..<t[k].end].contains(where: { $0 >= 0x80 }) else { continue }
            // A second part: after a hyphen (no spaces) or a space.
            var last = k
            let hyphen = isPunct(k + 1, 0x2D) && adjacent(k) && adjacent(k + 1)
            if hyphen || k + 1 < t.count && t[k + 1].spaceBefore && !t[k + 1].lineBefore && t[k].digits == 0 {
                let n = hyphen ? k + 2 : k + 1
                if n < t.count, t[n].isWord, !claimed[n], t[n].length <= 5, t[n].allCaps || t[n].isNumber { last = n }
            }
            var chars = 0, digits = 0
            for m in k...last where t[m].isWord { chars += t[m].length; digits += t[m].digits }
            guard chars >= 3, chars <= 10, digits >= 1, digits < chars else { continue }
            // After `unit`, a code of one part is a ward (`Unit 5B`, `unit ICU2`) unless it has a hyphen.
            if last == k, isOneOf(i, ["unit"]) { continue }
            // The code must close (a longer code after a hyphen or slash is something else: `MED-2025-0441`).
            if last + 1 < t.count, adjacent(last), isPunct(last + 1, 0x2D) || isPunct(last + 1, 0x2F) { continue }
            add(.vehicle, tokens: k, last)
            i = last
        }
    }
}
