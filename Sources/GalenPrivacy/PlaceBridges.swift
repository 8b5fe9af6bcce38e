extension PHIScanner {
    /// Words that may stand between two parts of one place name (`Quest PSC on Genesee St`, `mile 33 of MN-61`,
    /// `Bridge of the Americas`, `Walgreens on Broadway and Lawrence`, `Marina del Rey`).
    static let placeConnectors: Set<String> = ["on", "of", "the", "for", "at", "and", "&", "-", "–", "—", "/",
                                               "del", "de", "la", "las", "los", "du", "des", "di", "da"]
    /// Words that join two places only (`Great Wolf Lodge in Sandusky`, `Market Basket in Chelmsford`); between a name
    /// and a place they join nothing (`Dr. Okafor in Lowell`).
    static let placeOnlyConnectors: Set<String> = ["in"]

    /// Capitalised words that end a facility's name after a found name or place (`Hennepin Healthcare`, `Nike World
    /// Headquarters`).
    static let facilityHeads: Set<String> = ["Healthcare", "Headquarters", "Harbor", "Harbour", "Hospital", "Clinic",
                                             "Center", "Centre", "Campus", "Apartments", "Marina", "Pharmacy", "Facility",
                                             "Inn", "Resort", "Lodge", "Airport", "Hotel", "Motel", "Grocery"]
    /// Facility words in lower case that a writer puts after a place's name (`Hopkins airport`, `Lincoln Heights
    /// apartments`).
    static let lowercaseFacilityHeads: Set<String> = ["airport", "apartments", "hotel", "motel"]

    /// `spans` (sorted, disjoint) with the parts of one place name joined, on one line:
    /// - a place and the next name or place (or a name and the next place) with only connector words between them (`on`, `of the`, `&`, `–`,
    ///   `and`): `[Quest PSC] on [Genesee St]`;
    /// - two places with capitalised words and connectors between them (`[Maricopa] Integrated Health – [Desert
    ///   Vista]`, `[Ala Wai Small] Boat [Harbor]`, `[Marquette Audiology] & ENT, [UP Health System]`);
    /// - a name or place followed by a facility word (`[Hennepin] Healthcare`, `[Pine Street] Inn`, `[Hopkins] airport`),
    ///   or a place followed by one or two capitalised words and a facility word (`[Lakeside] RV Resort`, `[Plymouth
    ///   County] Correctional Facility`), grows over them and becomes a place;
    /// - two places with `in` between them (`[Great Wolf Lodge] in [Sandusky]`) become one;
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
            if s.type == .location || s.type == .name, let end = facilityHeadEnd(after: s.end, b) {
                s = PHISpan(type: .location, start: s.start, end: end)
            }
            if s.type == .location, let end = mileAfter(s.end, b) { s.end = end }
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
            if placeConnectors.contains(w.lowercased()) || bothPlaces && placeOnlyConnectors.contains(w) { words += 1; continue }
            // A capitalised word between two places ("Integrated Health", "Boat", "ENT"): letters, `'` and `-` only
            // (no digits, no `CITY:`).
            guard bothPlaces, b[s] >= 0x41, b[s] <= 0x5A, k - s <= 20,
                  b[s..<k].allSatisfy({ Checksums.isLetter($0) || $0 >= 0x80 || $0 == 0x27 || $0 == 0x2D }) else { return false }
            words += 1
        }
        return words > 0
    }

    /// The end of a facility word right after byte `end` (one space between): a capitalised one of `facilityHeads`,
    /// a lower-case one of `lowercaseFacilityHeads`, or a capitalised one after one or two capitalised words (`RV
    /// Resort`, `Correctional Facility`); nil otherwise.
    private static func facilityHeadEnd(after end: Int, _ b: UnsafeBufferPointer<UInt8>) -> Int? {
        if end + 1 < b.count, b[end] == 0x20, b[end + 1] == 0x61 || b[end + 1] == 0x68 || b[end + 1] == 0x6D {  // a, h, m
            var k = end + 1
            while k < b.count, Checksums.isLetter(b[k]) { k += 1 }
            guard k - end - 1 >= 5, k - end - 1 <= 10 else { return nil }
            let w = String(decoding: UnsafeBufferPointer(rebasing: b[(end + 1)..<k]), as: UTF8.self)
            return lowercaseFacilityHeads.contains(w) && (k == b.count || !Checksums.isLetter(b[k]) && b[k] < 0x80) ? k : nil
        }
        var from = end
        for _ in 0..<3 {
            guard let (word, wordEnd) = nextWord(after: from, b) else { return nil }
            if facilityHeads.contains(word) { return wordEnd }
            from = wordEnd
        }
        return nil
    }

    /// The end of `, mile 28` or `, mile marker 112` right after a place (`Bayou Lafourche, mile 28`), or nil: a comma,
    /// `mile` (and `marker`), a number of one to four digits (a decimal allowed) closing the phrase.
    private static func mileAfter(_ end: Int, _ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard end + 8 < b.count, b[end] == 0x2C, b[end + 1] == 0x20 else { return nil }
        var k = end + 2
        for c in "mile ".utf8 { guard k < b.count, b[k] | (c == 0x20 ? 0 : 0x20) == c else { return nil }; k += 1 }
        if k + 7 <= b.count, String(decoding: UnsafeBufferPointer(rebasing: b[k..<(k + 7)]), as: UTF8.self).lowercased() == "marker " { k += 7 }
        let s = k
        while k < b.count, b[k] >= 0x30 && b[k] <= 0x39 || b[k] == 0x2E && k > s && k + 1 < b.count && b[k + 1] >= 0x30 && b[k + 1] <= 0x39 { k += 1 }
        guard k > s, k - s <= 6, k == b.count || !Checksums.isLetter(b[k]) && !(b[k] >= 0x30 && b[k] <= 0x39) else { return nil }
        return k
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
