extension ScanContext {
    /// Person roles whose badge or star number follows after `#` (`Officer Tran, star #2217`, `officer Huang, #8861`,
    /// `Agent: Shondra #A-5512`).
    static let badgeRoles: Set<String> = ["officer", "ofc", "deputy", "detective", "trooper", "sergeant", "sgt", "agent", "star",
                                          "badge", "unit", "rep", "representative", "operator", "dispatcher", "inspector"]

    /// Words before a sample or kit code (`saliva kit 77019-SAL-2231`, `swab kit #…`).
    static let kitCues: Set<String> = ["kit", "vial", "tube", "swab", "cartridge", "barcode", "aliquot"]

    /// Code forms the cue table does not reach:
    /// - a `#` and a number of three to eight digits (or a letter-digit code) within six tokens after a badge role
    ///   (`star #2217`, `officer Huang, #8861`) → ID; after `badge` also an agency's capitals and a number of three
    ///   to six digits (`badge ND-HP 1142`, `badge FPD 2210`; not `badge 2 days`) → ID;
    /// - a code with digits after a kit word (`saliva kit 77019-SAL-2231`) → ID;
    /// - an aircraft tail number after `tail` (`tail no. N417AM`) → VEHICLE;
    /// - further codes in a list that share the letter prefix of a code already found (`FPT-0x7A3C19E2 (right index),
    ///   backup FPT-0x7A3C19E3`) → the same type.
    mutating func matchCodeForms() {
        matchBadgeNumbers()
        matchKitAndTailCodes()
        matchCodesSharingPrefix()
        extendCodesOverCheckCharacters()
    }

    private mutating func matchBadgeNumbers() {
        // `badge ND-HP 1142`, `badge #FPD 2210`: the agency's letters and the number.
        for k in t.indices where t[k].isWord && t[k].length == 5 && isWord(k, "badge") {
            var v = k + 1
            if isPunct(v, 0x23) || isPunct(v, 0x3A) || isWord(v, "no") { v += 1 }
            if isPunct(v, 0x2E) { v += 1 }
            guard v + 1 < t.count, t[v].isWord, t[v].allCaps, t[v].digits == 0, t[v].length >= 2, t[v].length <= 7, !claimed[v],
                  !t[v].lineBefore, t[v + 1].isNumber, t[v + 1].length >= 3, t[v + 1].length <= 6, t[v + 1].start == t[v].end + 1,
                  !claimed[v + 1], v + 2 >= t.count || !adjacent(v + 1) || !t[v + 2].isWord else { continue }
            add(.identifier, tokens: v, v + 1)
        }
        for k in t.indices where isPunct(k, 0x23) && k + 1 < t.count && !claimed[k + 1] && t[k + 1].isWord && t[k + 1].digits >= 3 {
            guard let last = codeValue(at: k + 1), t[k + 1].digits <= 8 else { continue }
            var p = k - 1, found = false
            while p >= 0, k - p <= 6, !t[p + 1].lineBefore || p == k - 1 {
                if t[p].isWord, t[p].digits == 0, t[p].length <= 14, ScanContext.badgeRoles.contains(lower(p)) { found = true; break }
                p -= 1
            }
            guard found else { continue }
            add(.identifier, tokens: k + 1, last)
        }
    }

    private mutating func matchKitAndTailCodes() {
        for i in t.indices where t[i].isWord && t[i].digits == 0 && t[i].length >= 3 && t[i].length <= 9
            && isOneOf(i, ["kit", "vial", "tube", "swab", "cartridge", "barcode", "aliquot", "tail"]) {
            let w = lower(i)
            let kit = ScanContext.kitCues.contains(w), tail = w == "tail"
            guard kit || tail else { continue }
            var k = i + 1
            // "tail no. N417AM", or "tail N913SB" with an N-number right after it.
            var bareTail = false
            if tail {
                if isOneOf(k, ["no", "number", "num"]) || isPunct(k, 0x23) { k += 1 } else { bareTail = true }
            }
            if kit, isOneOf(k, ["id", "no", "number"]) { k += 1 }
            if isPunct(k, 0x2E) || isPunct(k, 0x3A) || isPunct(k, 0x23) { k += 1 }
            guard k < t.count, !claimed[k], !t[k].lineBefore || k == i + 1, t[k].isWord, t[k].digits >= 1 else { continue }
            if tail {
                // N-numbers: N, one to five digits, up to two letters.
                guard t[k].length >= 3, t[k].length <= 6, b[t[k].start] == 0x4E || b[t[k].start] == 0x43 || b[t[k].start] == 0x47 else { continue }
                if bareTail { guard b[t[k].start] == 0x4E, b[t[k].start + 1] >= 0x31 && b[t[k].start + 1] <= 0x39, t[k].allCaps else { continue } }
                add(.vehicle, tokens: k, k)
            } else if let last = codeValue(at: k), t[k].digits + (last > k ? 1 : 0) >= 2 {
                add(.identifier, tokens: k, last)
            }
        }
    }

    private mutating func matchCodesSharingPrefix() {
        var prefixes: [(String, PHIType)] = []
        for s in spans where s.type != .name && s.type != .location && s.type != .date && s.type != .age {
            guard let k = token(startingAt: s.start), t[k].isWord, t[k].digits == 0, t[k].allCaps, t[k].length >= 2, t[k].length <= 5,
                  isPunct(k + 1, 0x2D), adjacent(k), t[k].end < s.end else { continue }
            prefixes.append((text(k), s.type))
        }
        guard !prefixes.isEmpty else { return }
        for k in t.indices where !claimed[k] && t[k].isWord && t[k].allCaps && t[k].digits == 0 && isPunct(k + 1, 0x2D) && adjacent(k) {
            guard let (_, type) = prefixes.first(where: { $0.0 == text(k) }), k + 2 < t.count, adjacent(k + 1),
                  let last = codeValue(at: k + 2) ?? (t[k + 2].digits > 0 || t[k + 2].length >= 6 ? k + 2 : nil) else { continue }
            var e = last
            while e + 2 < t.count, adjacent(e), isPunct(e + 1, 0x2D), adjacent(e + 1), t[e + 2].isWord { e += 2 }
            guard (k...e).reduce(0, { $0 + (t[$1].isWord ? t[$1].digits : 0) }) >= 2 else { continue }
            add(type, tokens: k, e)
        }
    }

    /// A check character in brackets right after a found code belongs to it (`K312448(5)`, `A123456(A)`): codes of
    /// the identifier types only, the bracket touching the code.
    mutating func extendCodesOverCheckCharacters() {
        let codeTypes: Set<PHIType> = [.identifier, .mrn, .healthPlan, .license, .account, .ssn]
        for s in spans.indices where codeTypes.contains(spans[s].type) {
            guard let last = token(endingAt: spans[s].end), last + 3 < t.count, isPunct(last + 1, 0x28), adjacent(last),
                  adjacent(last + 1), t[last + 2].isWord, t[last + 2].length == 1, isPunct(last + 3, 0x29), adjacent(last + 2),
                  !claimed[last + 2] else { continue }
            for q in (last + 1)...(last + 3) { claimed[q] = true }
            spans[s] = PHISpan(type: spans[s].type, start: spans[s].start, end: t[last + 3].end)
        }
    }
}
