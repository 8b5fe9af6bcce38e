extension ScanContext {
    /// US aircraft registrations (tail numbers) of air ambulances: `N`, one to four digits (the first not 0) and one
    /// or two capitals, five or six characters in all (`N331MF`, `N407DH`, `N91KM`), as one token, typed VEHICLE.
    /// `N95` (a mask), `N2O` and codes of digits only (`N4417`) stay.
    mutating func matchTailNumbers() {
        for i in t.indices where !claimed[i] && t[i].isWord && t[i].length >= 5 && t[i].length <= 6 && b[t[i].start] == 0x4E
            && t[i].allCaps && t[i].digits >= 1 {
            let s = t[i].start, e = t[i].end
            var k = s + 1, digits = 0
            while k < e, b[k] >= 0x30, b[k] <= 0x39 { k += 1; digits += 1 }
            guard digits >= 1, digits <= 4, b[s + 1] != 0x30 else { continue }
            let letters = e - k
            guard letters >= 1, letters <= 2, (k..<e).allSatisfy({ b[$0] >= 0x41 && b[$0] <= 0x5A }) else { continue }
            // Part of a longer code (`N331MF-2`, `ID N4417AB/3`) is no tail number.
            if i >= 1, !t[i].spaceBefore, !t[i - 1].isWord, isPunct(i - 1, 0x2D) || isPunct(i - 1, 0x2F) { continue }
            if i + 1 < t.count, adjacent(i), isPunct(i + 1, 0x2D) || isPunct(i + 1, 0x2F) { continue }
            add(.vehicle, tokens: i, i)
        }
    }
}
