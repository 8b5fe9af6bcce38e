extension ScanContext {
    /// Flight numbers after `flight` (`Flight details (QR 701, seat 38C)`, `flight UA1423`, `on flight DL 88 from`):
    /// `flight`/`flt`, up to two of `details`, `number`, `no`, `#`, `:`, `(`, `is`, `on`, then an airline code (two
    /// capitals, or a capital and a digit: `QR`, `B6`) and one to four digits, written apart or joined (`QR 701`,
    /// `UA1423`); typed ID. A flight of stairs or `flight 2 hours` stays.
    mutating func matchFlightNumbers() {
        var i = 0
        while i + 1 < t.count {
            defer { i += 1 }
            guard t[i].isWord, t[i].digits == 0, startsWithAny(i, "f"), isOneOf(i, ["flight", "flt", "flights"]) else { continue }
            var k = i + 1, skipped = 0
            while k < t.count, skipped < 3, !t[k].lineBefore,
                  isOneOf(k, ["details", "number", "no", "is", "on", "info"]) || isPunct(k, 0x23) || isPunct(k, 0x3A) || isPunct(k, 0x28) {
                k += 1
                skipped += 1
            }
            guard k < t.count, !t[k].lineBefore, t[k].isWord, !claimed[k] else { continue }
            // Joined: `UA1423`, `B61502`.
            if airlineCode(k, prefixOnly: true), t[k].length >= 3, t[k].length <= 6, t[k].length - 2 == countDigits(k, from: 2) {
                add(.identifier, tokens: k, k)
                i = k
                continue
            }
            // Apart: `QR 701`.
            if t[k].length == 2, airlineCode(k, prefixOnly: false), k + 1 < t.count, t[k + 1].isNumber, t[k + 1].length <= 4,
               t[k + 1].start == t[k].end + 1, !claimed[k + 1], !(k + 2 < t.count && adjacent(k + 1) && t[k + 2].isWord) {
                add(.identifier, tokens: k, k + 1)
                i = k + 1
            }
        }
    }

    /// Whether token `k` starts with an airline code: two capitals, or a capital and a digit, or a digit and a capital.
    private func airlineCode(_ k: Int, prefixOnly: Bool) -> Bool {
        guard t[k].length >= 2 else { return false }
        let c0 = b[t[k].start], c1 = b[t[k].start + 1]
        let cap0 = c0 >= 0x41 && c0 <= 0x5A, cap1 = c1 >= 0x41 && c1 <= 0x5A
        let dig0 = c0 >= 0x30 && c0 <= 0x39, dig1 = c1 >= 0x30 && c1 <= 0x39
        return cap0 && cap1 || cap0 && dig1 || dig0 && cap1
    }

    /// The number of ASCII digits in token `k` from byte offset `from` on.
    private func countDigits(_ k: Int, from: Int) -> Int {
        var n = 0
        for p in (t[k].start + from)..<t[k].end where b[p] >= 0x30 && b[p] <= 0x39 { n += 1 }
        return n
    }
}
