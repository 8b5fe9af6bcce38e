extension PHIScanner {
    /// Lower-case particles inside family names (`van der Meulen`, `de Vries`, `von Trapp`, `da Silva`, `ter Horst`).
    static let surnameParticles: Set<String> = ["van", "der", "den", "de", "von", "ter", "ten", "da", "di", "du", "del",
                                                "della", "dos", "das", "le", "la", "vom", "zu", "op", "het", "'t"]

    /// `spans` (sorted, disjoint) with the parts of one person's name joined, on one line (run on the union of rules
    /// and taggers once overlapping spans are merged, before `bridgingPlaces`):
    /// - two names with only a nickname in quotes or brackets, a lone quote or bracket, or surname particles between
    ///   them become one name: `[Bronisław "Bronek]" [Wąsowicz]`, `[Gertrude] (Trudy) [Vanderploeg]`, `[Liesbeth] van
    ///   der [Meulen]`;
    /// - a name, surname particles and one capitalised word typed a place become one name (`[Liesbeth] van der
    ///   [Meulen]` with `Meulen` taken for a place);
    /// - a name after surname particles and an initial grows over them: `L. van [Rijn]` → `[L. van Rijn]`.
    /// - a family name and a given name in capitals with a comma between become one name, also when the family name
    ///   was typed a place (`[KHAMPHOUVONG], [SOMSACK]`, `[ZAMORA-PEÑA], [CRISTÓBAL]`).
    /// Two names with any other word, a comma (unless both are in capitals) or a line break between them stay apart
    /// (`Smith and Jones`, `Smith, Jones`). The result is sorted and disjoint.
    static func bridgingNames(_ spans: [PHISpan], _ b: UnsafeBufferPointer<UInt8>) -> [PHISpan] {
        var out: [PHISpan] = []
        out.reserveCapacity(spans.count)
        for var s in spans {
            if s.type == .name, let last = out.last, last.type == .name, last.end <= s.start, nameGapJoins(last.end, s.start, b) {
                out[out.count - 1] = PHISpan(type: .name, start: last.start, end: s.end)
                continue
            }
            // `[KHAMPHOUVONG], [SOMSACK]`: a family name and a given name in capitals, a comma between.
            if s.type == .name, let last = out.last, last.type == .name || last.type == .location, s.start == last.end + 2,
               b[last.end] == 0x2C, b[last.end + 1] == 0x20, capitalsWord(last.start, last.end, b), capitalsWord(s.start, s.end, b) {
                out[out.count - 1] = PHISpan(type: .name, start: last.start, end: s.end)
                continue
            }
            // `[Liesbeth] van der [Meulen]` with the family name typed a place: particles make it a name.
            if s.type == .location, let last = out.last, last.type == .name, last.end < s.start, particlesOnly(last.end, s.start, b),
               isOneWord(s, b) {
                out[out.count - 1] = PHISpan(type: .name, start: last.start, end: s.end)
                continue
            }
            if s.type == .name, let start = initialAndParticles(before: s.start, b), (out.last?.end ?? 0) <= start {
                s = PHISpan(type: .name, start: start, end: s.end)
            }
            out.append(s)
        }
        return out
    }

    /// Whether bytes `a..<z` are one word of three or more capitals (non-ASCII letters and inner hyphens or
    /// apostrophes allowed: `ZAMORA-PEÑA`, `O'NEIL`).
    static func capitalsWord(_ a: Int, _ z: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard z - a >= 3, z - a <= 30, b[a] >= 0x41 && b[a] <= 0x5A || b[a] >= 0xC0, b[z - 1] != 0x2D else { return false }
        var upper = 0
        for k in a..<z {
            let c = b[k]
            if c >= 0x61 && c <= 0x7A { return false }
            if c >= 0x41 && c <= 0x5A { upper += 1 } else if c < 0x80 && c != 0x2D && c != 0x27 { return false }
        }
        return upper >= 2
    }

    /// Whether bytes `a..<z` between two names hold only spaces and pieces that are surname particles, quote or
    /// bracket characters, or one capitalised word wrapped in quotes or brackets (at most 30 bytes, one line).
    private static func nameGapJoins(_ a: Int, _ z: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard z - a >= 1, z - a <= 30 else { return false }
        var k = a, pieces = 0
        while k < z {
            if b[k] == 0x20 { k += 1; continue }
            let s = k
            while k < z, b[k] != 0x20 { k += 1 }
            guard pieceJoinsNames(s, k, b) else { return false }
            pieces += 1
        }
        return pieces > 0
    }

    /// Whether bytes `a..<z` are one or more surname particles, one space apart (` van der `).
    private static func particlesOnly(_ a: Int, _ z: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard z - a >= 3, z - a <= 20, b[a] == 0x20, b[z - 1] == 0x20 else { return false }
        let words = String(decoding: UnsafeBufferPointer(rebasing: b[(a + 1)..<(z - 1)]), as: UTF8.self).split(separator: " ", omittingEmptySubsequences: false)
        return !words.isEmpty && words.allSatisfy { surnameParticles.contains(String($0)) }
    }

    /// Whether span `s` is one capitalised word of letters (`Meulen`).
    private static func isOneWord(_ s: PHISpan, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard s.end - s.start >= 2, s.end - s.start <= 20, b[s.start] >= 0x41 && b[s.start] <= 0x5A || b[s.start] >= 0xC0 else { return false }
        return b[s.start..<s.end].allSatisfy { Checksums.isLetter($0) || $0 >= 0x80 || $0 == 0x2D || $0 == 0x27 }
    }

    /// Whether bytes `s..<e` are a surname particle, or quote and bracket characters around at most one capitalised
    /// word of letters (`"Bronek"`, `(Trudy)`, `"`).
    private static func pieceJoinsNames(_ s: Int, _ e: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        if surnameParticles.contains(String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)) { return true }
        var a = s, z = e, wrapped = false
        while a < z, let n = quoteLength(at: a, b, limit: z) { a += n; wrapped = true }
        while z > a, let n = quoteLength(endingAt: z, b, from: a) { z -= n; wrapped = true }
        guard wrapped else { return false }
        if a == z { return true }
        guard z - a <= 15, b[a] >= 0x41 && b[a] <= 0x5A || b[a] >= 0xC0 else { return false }
        return b[a..<z].allSatisfy { Checksums.isLetter($0) || $0 >= 0x80 || $0 == 0x2D }
    }

    /// The byte length of a quote or bracket character at `k` (`"` `'` `(` `)` `“` `”` `‘` `’`), or nil.
    private static func quoteLength(at k: Int, _ b: UnsafeBufferPointer<UInt8>, limit: Int) -> Int? {
        let c = b[k]
        if c == 0x22 || c == 0x27 || c == 0x28 || c == 0x29 { return 1 }
        if c == 0xE2, k + 2 < limit, b[k + 1] == 0x80, [0x98, 0x99, 0x9C, 0x9D].contains(b[k + 2]) { return 3 }
        return nil
    }

    /// The byte length of a quote or bracket character ending at `end`, not before `from`, or nil.
    private static func quoteLength(endingAt end: Int, _ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let c = b[end - 1]
        if c == 0x22 || c == 0x27 || c == 0x28 || c == 0x29 { return 1 }
        if end - 3 >= from, b[end - 3] == 0xE2, b[end - 2] == 0x80, [0x98, 0x99, 0x9C, 0x9D].contains(c) { return 3 }
        return nil
    }

    /// The start of `X. particle… ` right before byte `start` (an initial: one capital and a dot after a space, a
    /// colon or the line start; then one or more surname particles, one space apart), or nil.
    private static func initialAndParticles(before start: Int, _ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var k = start, particles = 0
        while k >= 2, b[k - 1] == 0x20 {
            var s = k - 1
            while s > 0, Checksums.isLetter(b[s - 1]) || b[s - 1] == 0x27 { s -= 1 }
            // Particles are lower case and short (`van`, `della`).
            guard s < k - 1, k - 1 - s <= 5, b[s] >= 0x61 && b[s] <= 0x7A || b[s] == 0x27 else { break }
            let w = String(decoding: UnsafeBufferPointer(rebasing: b[s..<(k - 1)]), as: UTF8.self)
            if surnameParticles.contains(w) { particles += 1; k = s; continue }
            break
        }
        guard particles > 0, k >= 3, b[k - 1] == 0x20, b[k - 2] == 0x2E, b[k - 3] >= 0x41, b[k - 3] <= 0x5A,
              k == 3 || [0x20, 0x0A, 0x3A, 0x09, 0x28].contains(b[k - 4]) else { return nil }
        return k - 3
    }
}

extension PHIScanner {
    /// `spans` (sorted, disjoint) with the ages over 89 written beside a name that any source found (run on the union
    /// of rules and taggers, after the joins, since the name rules see only the names the rules found): a number
    /// 90–125 after a name and
    /// - a space, with a sex letter after it (`[Ksenia Volkova-Mbatha] 95 F,`);
    /// - a comma, or a room number and a comma, or an aside in brackets without digits and a comma (`[Nakamura-Blythe]
    ///   709, 102,`, `[Nanuq Kiokun] (name per wristband), 97,`);
    /// - a table bar (`[LOKENGA, MARIE-CLAIRE] | 93 |`);
    /// the number closing its phrase (`,` `;` `)` `|`, a full stop that is no decimal point, the line's end, or the
    /// sex letter). `[Smith], 100 mg`, `[Smith] 98.6`, `Smith | 120/80 |` stay.
    static func agesBesideNames(_ spans: [PHISpan], _ b: UnsafeBufferPointer<UInt8>) -> [PHISpan] {
        var out = spans
        let n = b.count
        func digit(_ k: Int) -> Bool { k < n && b[k] >= 0x30 && b[k] <= 0x39 }
        // The end of a number 90–125 starting at `k` (two or three digits, no digit after), or nil.
        func ageEnd(_ k: Int) -> Int? {
            var e = k
            while e < n, e - k < 3, digit(e) { e += 1 }
            return !digit(e) && isAgeOver89(b, k, e) ? e : nil
        }
        // A sex letter standing alone after the number: ` F`, ` M`.
        func sexAfter(_ e: Int) -> Bool {
            e + 1 < n && b[e] == 0x20 && (b[e + 1] == 0x46 || b[e + 1] == 0x4D)
                && (e + 2 == n || !(Checksums.isLetter(b[e + 2]) || digit(e + 2)))
        }
        // The number closes its phrase.
        func closes(_ e: Int) -> Bool {
            if e == n || sexAfter(e) { return true }
            switch b[e] {
            case 0x3B, 0x29, 0x7C, 0x0A, 0x0D: return true
            case 0x2C, 0x2E: return !digit(e + 1)
            case 0x20: return e + 1 < n && b[e + 1] == 0x7C
            default: return false
            }
        }
        for j in spans.indices where spans[j].type == .name {
            let limit = j + 1 < spans.count ? spans[j + 1].start : n
            let end = spans[j].end
            var start: Int? = nil
            if end + 1 < n, b[end] == 0x20, digit(end + 1), let e = ageEnd(end + 1), sexAfter(e) {
                start = end + 1  // `Name 95 F`
            } else if end + 2 < n, b[end] == 0x20, b[end + 1] == 0x7C, b[end + 2] == 0x20 {
                start = end + 3  // `Name | 93 |`
            } else if end < n, b[end] == 0x7C {
                start = end + 1  // `Name|93|`
            } else {
                // A comma, after an aside in brackets without digits (at most 40 bytes) or a room number.
                var k = end
                if k + 1 < n, b[k] == 0x20, b[k + 1] == 0x28 {
                    var q = k + 2
                    while q < n, q - k < 42, b[q] != 0x29, b[q] != 0x0A, !digit(q) { q += 1 }
                    guard q < n, b[q] == 0x29 else { continue }
                    k = q + 1
                } else if k + 1 < n, b[k] == 0x20, digit(k + 1) {
                    var q = k + 1
                    while digit(q) { q += 1 }
                    guard q - k - 1 >= 3, q - k - 1 <= 4 else { continue }
                    k = q
                }
                guard k + 2 < n, b[k] == 0x2C, b[k + 1] == 0x20 else { continue }
                start = k + 2
            }
            guard let k = start, let e = ageEnd(k), e <= limit, closes(e) else { continue }
            out.append(PHISpan(type: .age, start: k, end: e))
        }
        guard out.count > spans.count else { return spans }
        return disjoint(out)
    }
}
