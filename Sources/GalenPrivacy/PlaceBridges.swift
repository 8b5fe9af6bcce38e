extension PHIScanner {
    /// Words that may stand between two parts of one place name (`Quest PSC on Genesee St`, `mile 33 of MN-61`,
    /// `Bridge of the Americas`, `Walgreens on Broadway and Lawrence`).
    static let placeConnectors: Set<String> = ["on", "of", "the", "for", "at", "and", "&", "-", "–", "—", "/"]

    /// Capitalised words that end a facility's name after a found name or place (`Hennepin Healthcare`, `Nike World
    /// Headquarters`).
    static let facilityHeads: Set<String> = ["Healthcare", "Headquarters", "Harbor", "Harbour", "Hospital", "Clinic",
                                             "Center", "Centre", "Campus", "Apartments", "Marina", "Pharmacy"]

    /// `spans` (sorted, disjoint) with the parts of one place name joined, on one line:
    /// - a place and the next name or place (or a name and the next place) with only connector words between them (`on`, `of the`, `&`, `–`,
    ///   `and`): `[Quest PSC] on [Genesee St]`;
    /// - two places with capitalised words and connectors between them (`[Maricopa] Integrated Health – [Desert
    ///   Vista]`, `[Ala Wai Small] Boat [Harbor]`, `[Marquette Audiology] & ENT, [UP Health System]`);
    /// - a name or place followed by a facility word (`[Hennepin] Healthcare`) grows over it and becomes a place;
    /// - a place after `New` (`New [Glarus]`) grows over it.
    /// A comma alone between two spans (`Boston, MA`) joins nothing. The result is sorted and disjoint.
    static func bridgingPlaces(_ spans: [PHISpan], _ b: UnsafeBufferPointer<UInt8>) -> [PHISpan] {
        var out: [PHISpan] = []
        out.reserveCapacity(spans.count)
        for var s in spans {
            if s.type == .location, s.start >= 4, b[s.start - 1] == 0x20, b[s.start - 4] == 0x4E, b[s.start - 3] == 0x65,
               b[s.start - 2] == 0x77, s.start == 4 || !Checksums.isLetter(b[s.start - 5]), (out.last?.end ?? 0) <= s.start - 4 {
                s.start -= 4  // "New Glarus"
            }
            if s.type == .location || s.type == .name, let (word, end) = nextWord(after: s.end, b), facilityHeads.contains(word) {
                s = PHISpan(type: .location, start: s.start, end: end)
            }
            if let last = out.last, last.end <= s.start, last.type == .location || s.type == .location,
               last.type == .location || last.type == .name, s.type == .location || s.type == .name,
               gapJoins(last.end, s.start, bothPlaces: last.type == .location && s.type == .location, b) {
                out[out.count - 1] = PHISpan(type: .location, start: last.start, end: max(last.end, s.end))
            } else if let last = out.last, s.start < last.end {
                out[out.count - 1].end = max(last.end, s.end)
            } else {
                out.append(s)
            }
        }
        return out
    }

    /// Whether bytes `a..<z` between two spans are only connector words (and, between two places, capitalised
    /// words), at most 40 bytes on one line, with at least one word (a lone comma joins nothing).
    private static func gapJoins(_ a: Int, _ z: Int, bothPlaces: Bool, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard z - a >= 1, z - a <= 40 else { return false }
        var k = a, words = 0
        while k < z {
            let c = b[k]
            if c == 0x0A || c == 0x0D || c == 0x2E || c == 0x3B || c == 0x3A || c == 0x28 || c == 0x29 { return false }
            if c == 0x20 || c == 0x2C { k += 1; continue }
            let s = k
            while k < z, b[k] != 0x20, b[k] != 0x2C { k += 1 }
            let w = String(decoding: UnsafeBufferPointer(rebasing: b[s..<k]), as: UTF8.self)
            if placeConnectors.contains(w.lowercased()) { words += 1; continue }
            // A capitalised word between two places ("Integrated Health", "Boat", "ENT"): letters, `'` and `-` only
            // (no digits, no `CITY:`).
            guard bothPlaces, b[s] >= 0x41, b[s] <= 0x5A, k - s <= 20,
                  b[s..<k].allSatisfy({ Checksums.isLetter($0) || $0 >= 0x80 || $0 == 0x27 || $0 == 0x2D }) else { return false }
            words += 1
        }
        return words > 0
    }

    /// The word right after byte `end` (one space between), with its end offset.
    private static func nextWord(after end: Int, _ b: UnsafeBufferPointer<UInt8>) -> (String, Int)? {
        guard end + 1 < b.count, b[end] == 0x20, b[end + 1] >= 0x41, b[end + 1] <= 0x5A else { return nil }
        var k = end + 1
        while k < b.count, Checksums.isLetter(b[k]) { k += 1 }
        guard k - end - 1 <= 12 else { return nil }
        return (String(decoding: UnsafeBufferPointer(rebasing: b[(end + 1)..<k]), as: UTF8.self), k)
    }
}
