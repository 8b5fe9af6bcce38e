extension ScanContext {
    /// Whether token `i` is one of `words` (lowercase ASCII), ignoring case, without building a string: the cheap
    /// test for the rules that look at every token (a length comparison rules out most words).
    func isOneOf(_ i: Int, _ words: [StaticString]) -> Bool {
        guard i >= 0, i < t.count, t[i].isWord else { return false }
        let n = t[i].length, c = b[t[i].start] | 0x20
        for w in words where w.utf8CodeUnitCount == n && w.utf8Start[0] == c && isWord(i, w) { return true }
        return false
    }

    /// Whether the first byte of token `i`, lowercased, is in `initials` (ASCII letters), a cheap filter before a
    /// word-list lookup.
    func startsWithAny(_ i: Int, _ initials: StaticString) -> Bool {
        guard i >= 0, i < t.count, t[i].isWord else { return false }
        let c = b[t[i].start] | 0x20
        let p = initials.utf8Start
        for k in 0..<initials.utf8CodeUnitCount where p[k] == c { return true }
        return false
    }
}
