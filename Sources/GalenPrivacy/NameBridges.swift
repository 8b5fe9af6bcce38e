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
    /// Two names with any other word, a comma or a line break between them stay apart (`Smith and Jones`). The result
    /// is sorted and disjoint.
    static func bridgingNames(_ spans: [PHISpan], _ b: UnsafeBufferPointer<UInt8>) -> [PHISpan] {
        var out: [PHISpan] = []
        out.reserveCapacity(spans.count)
        for var s in spans {
            if s.type == .name, let last = out.last, last.type == .name, last.end <= s.start, nameGapJoins(last.end, s.start, b) {
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
