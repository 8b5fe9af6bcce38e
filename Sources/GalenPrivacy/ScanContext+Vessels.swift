extension ScanContext {
    /// Vessel names after a vessel prefix: `F/V`, `M/V` or `S/V` (fishing, motor and sailing vessel), then one to
    /// three capitalised or all-capital words on the same line (`F/V Northern Dawn`, `M/V BAYOU QUEEN`), typed VEHICLE.
    /// A public ferry (`M/V Kennicott ferry`) and a prefix followed by a lower-case word stay.
    mutating func matchVesselNames() {
        var i = 0
        while i + 3 < t.count {
            defer { i += 1 }
            guard t[i].isWord, t[i].length == 1, isPunct(i + 1, 0x2F), adjacent(i), adjacent(i + 1),
                  isWord(i + 2, "v"), startsWithAny(i, "fms") else { continue }
            var k = i + 3
            guard k < t.count, t[k].isWord, !t[k].lineBefore, !claimed[k], t[k].capitalised, t[k].digits == 0 else { continue }
            var last = k
            while last - k < 2, last + 1 < t.count, t[last + 1].isWord, t[last + 1].spaceBefore, !t[last + 1].lineBefore,
                  t[last + 1].capitalised, t[last + 1].digits == 0, !claimed[last + 1] {
                last += 1
            }
            if isOneOf(last + 1, ["ferry"]) { continue }
            k = last
            add(.vehicle, tokens: i + 3, last)
            i = k
        }
    }
}
