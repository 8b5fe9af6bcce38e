extension ScanContext {
    /// Words that are a form of address, not a nickname (`call him "Dad"`, `known as "Doc"`).
    static let addressWords: Set<String> = ["dad", "mom", "mum", "papa", "mama", "nana", "grandpa", "grandma", "pop", "pops",
                                            "doc", "sir", "boss", "chief", "buddy", "honey", "baby", "sweetie", "darling",
                                            "uncle", "auntie", "aunt", "brother", "sister", "son", "kid", "the", "it",
                                            "him", "her", "me", "you", "yes", "no", "ok", "okay"]

    /// A nickname in quotes after a naming phrase (`asks me to call him "Orv."`, `partner known only as "Taz."`,
    /// `goes by "Birdie"`, `nicknamed 'Sonny'`, `aka "Red"`): one or two capitalised words inside straight quotes
    ///  right after `call him`/`call her`/`call me`, `called`, `known as`, `known only as`, `goes by`, `go by`,
    /// `nicknamed`, `aka`; the words without the quotes are a NAME. Forms of address (`call him "Dad"`) stay.
    mutating func matchNicknames() {
        var i = 0
        while i + 2 < t.count {
            defer { i += 1 }
            guard t[i].isWord, t[i].digits == 0, t[i].length <= 9, startsWithAny(i, "hmtnacb") else { continue }
            var k = -1
            if isOneOf(i, ["him", "her", "me", "them"]), i >= 1, isOneOf(i - 1, ["call", "calls", "called", "calling"]) { k = i + 1 }
            else if isOneOf(i, ["nicknamed", "aka", "called"]), !isOneOf(i + 1, ["him", "her", "me", "them"]) { k = i + 1 }
            else if isWord(i, "as"), i >= 1, isWord(i - 1, "known") || isWord(i - 1, "only") && isWord(i - 2, "known") { k = i + 1 }
            else if isWord(i, "by"), i >= 1, isOneOf(i - 1, ["goes", "go", "going", "went"]) { k = i + 1 }
            else { continue }
            guard k + 1 < t.count, let q = quoteEnd(at: k), q < t.count, !t[q].lineBefore else { continue }
            var last = q
            guard nicknameWord(q) else { continue }
            if last + 1 < t.count, t[last + 1].spaceBefore, nicknameWord(last + 1) { last += 1 }
            guard last + 1 >= t.count || closingQuote(at: last + 1) || isPunct(last + 1, 0x2E) && closingQuote(at: last + 2)
                    || isPunct(last + 1, 0x2C) && closingQuote(at: last + 2) else { continue }
            add(.name, tokens: q, last)
            i = last
        }
    }

    /// The token after an opening straight quote at `k` (`"`, `'`), or nil. (Curly quotes are bytes of the word they
    /// touch for the tokenizer.)
    private func quoteEnd(at k: Int) -> Int? {
        guard k + 1 < t.count, isPunct(k, 0x22) || isPunct(k, 0x27), adjacent(k) else { return nil }
        return k + 1
    }

    /// Whether token `k` is a closing straight quote.
    private func closingQuote(at k: Int) -> Bool { isPunct(k, 0x22) || isPunct(k, 0x27) }

    /// Whether token `k` can be a nickname's word: capitalised letters, 2–14 bytes, no form of address.
    private func nicknameWord(_ k: Int) -> Bool {
        t[k].isWord && t[k].capitalised && t[k].digits == 0 && t[k].length >= 2 && t[k].length <= 14
            && !isAny(k, ScanContext.addressWords)
    }
}
