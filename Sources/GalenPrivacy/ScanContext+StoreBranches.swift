extension ScanContext {
    /// US pharmacy and grocery chains, lower case, words separated by one space (a chain's name alone is no
    /// identifier; a branch of it, `CVS on Route 9`, places a person).
    static let storeChains: [[String]] = [
        "cvs", "walgreens", "rite aid", "duane reade", "longs drugs", "longs", "walmart", "wal-mart", "target", "costco",
        "kroger", "safeway", "publix", "wegmans", "meijer", "albertsons", "piggly wiggly", "winn-dixie", "food lion",
        "shoprite", "hy-vee", "h-e-b", "heb", "giant eagle", "stop & shop", "harris teeter", "whole foods",
        "trader joe's", "aldi", "lidl", "dollar general", "family dollar", "sam's club", "bj's", "ralphs", "vons",
        "jewel-osco", "osco", "hannaford", "price chopper", "fred meyer", "smith's", "king soopers", "winco",
        "food 4 less", "save-a-lot", "bartell drugs", "kinney drugs", "boots", "shoppers drug mart", "london drugs",
        "greyhound", "market basket", "big y", "stop and shop", "food city", "ingles", "bi-lo", "weis", "schnucks",
        "dillons", "fry's", "smart & final", "sprouts", "wawa", "sheetz", "stater bros", "cub foods", "save mart",
        "winn dixie", "shop rite",
    ].map { $0.split(separator: " ").map(String.init) }

    /// `storeChains` by the length and first byte of their first word (`length << 8 | byte`), so that a token is
    /// compared with the few chains that could start with it.
    static let storeChainsByKey: [Int: [[String]]] = Dictionary(grouping: storeChains) { $0[0].utf8.count << 8 | Int($0[0].utf8.first!) }

    /// Branches of a store chain: the chain's name (and `pharmacy`, `drugs`, `store` or `station` after it) and
    /// `on`/`off`/`at` a street in any case, up to five words ending in a street suffix or a route number (`CVS on
    /// Hylan Blvd`, `walgreens on oak tree rd`, `Piggly Wiggly on Route 9`, `H-E-B pharmacy on Nogalitos St`), or one
    /// street word closing the phrase (`Kroger on Linwood.`, `bartell drugs on rainier but`); each with `in` and the
    /// town after it (`CVS on Main St in Amesbury`); the chain and `in` a capitalised town (`Walmart in Hazard`,
    /// `Jewel-Osco in Uptown`, `ShopRite of Clifton`); or the chain and a listed town right after it (`Longs Drugs Kapahulu`, `CVS Hadley`).
    /// One LOCATION span.
    mutating func matchStoreBranches() {
        for i in t.indices where t[i].isWord && t[i].digits <= 1 && t[i].length >= 3 && !claimed[i] {
            guard let chainLast = storeChainEnd(at: i) else { continue }
            var k = chainLast + 1
            if isOneOf(k, ["pharmacy", "drugs", "store", "station", "supercenter"]), !t[k].lineBefore { k += 1 }
            guard k < t.count, !t[k].lineBefore else { continue }
            if isOneOf(k, ["on", "off", "at"]), let last = branchStreetEnd(from: k + 1) ?? branchStreetWord(at: k + 1) {
                add(.location, tokens: i, townAfter(last) ?? last)
            } else if isWord(k, "in") || isWord(k, "of"), let town = townAfter(k - 1) {
                add(.location, tokens: i, town)
            } else if k == chainLast + 1, t[k].isWord, t[k].capitalised, t[k].digits == 0, !claimed[k],
                      lexicon.cityFirstWords.contains(text(k)) {
                add(.location, tokens: i, k)
            }
        }
    }

    /// One street word after a branch's `on`/`at` at `k`, closing the phrase (`Kroger on Linwood.`, `on rainier
    /// but`): a word of three or more letters, no weekday, month, time word or common English word (in lower case,
    /// no English word at all), followed by punctuation, `in`, `and`, `but`, `by`, `near` or the line's end.
    private func branchStreetWord(at k: Int) -> Int? {
        guard k < t.count, t[k].isWord, t[k].digits == 0, t[k].length >= 3, !t[k].lineBefore, !claimed[k],
              !isAny(k, ScanContext.weekdays), DateValue.month(named: text(k)) == nil,
              !isAny(k, ["the", "a", "an", "my", "her", "his", "our", "their", "your", "time", "call", "hold", "file", "duty"])
        else { return nil }
        if t[k].capitalised { if lexicon.commonWords.contains(capitalisedForm(k)) { return nil } }
        else if lexicon.englishWords.contains(lower(k)) { return nil }
        let n = k + 1
        guard n >= t.count || t[n].lineBefore || !t[n].isWord || isOneOf(n, ["in", "and", "but", "by", "near"]) else { return nil }
        return k
    }

    /// The last token of a town after `in` (or `of`: `ShopRite of Clifton`) following token `last` (`… in Amesbury`,
    /// `in Uptown`): one to three
    /// capitalised words on the line, no weekday, month, state or country; nil otherwise.
    private func townAfter(_ last: Int) -> Int? {
        let k = last + 2
        guard isWord(last + 1, "in") || isWord(last + 1, "of"), k < t.count, !t[k].lineBefore, t[k].isWord, t[k].capitalised, t[k].digits == 0, !claimed[k],
              !isAny(k, ScanContext.weekdays), DateValue.month(named: text(k)) == nil, !lexicon.countries.contains(text(k)),
              !lexicon.states.contains(text(k)), !(t[k].allCaps && t[k].length <= 3) else { return nil }
        var e = k
        while e + 1 < t.count, e - k < 2, t[e + 1].isWord, t[e + 1].capitalised, t[e + 1].digits == 0, !t[e + 1].lineBefore,
              !claimed[e + 1], !lexicon.states.contains(text(e + 1)) { e += 1 }
        return e
    }

    /// The last token of a store chain's name starting at token `i`, or nil.
    private func storeChainEnd(at i: Int) -> Int? {
        let c = b[t[i].start]
        guard let candidates = ScanContext.storeChainsByKey[t[i].length << 8 | Int(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)] else { return nil }
        for chain in candidates where equalsLower(i, chain[0]) {
            var k = i, ok = true
            for w in chain.dropFirst() {
                k += 1
                if w == "&" { guard isPunct(k, 0x26) else { ok = false; break }; continue }
                guard k < t.count, t[k].isWord, !t[k].lineBefore, equalsLower(k, w) else { ok = false; break }
            }
            if ok { return k }
        }
        return nil
    }

    /// Whether word token `k` is `w` (lower-case ASCII) ignoring case, without building a string.
    private func equalsLower(_ k: Int, _ w: String) -> Bool {
        guard k < t.count, t[k].isWord, t[k].length == w.utf8.count else { return false }
        var p = t[k].start
        for c in w.utf8 {
            let x = b[p]
            if (x >= 0x41 && x <= 0x5A ? x | 0x20 : x) != c { return false }
            p += 1
        }
        return true
    }

    /// The last token of a street after a store branch's `on`/`at`, starting at `k`: one to four words in any case
    /// and a street suffix (`Hylan Blvd`, `oak tree rd`), or a route word and its number (`Route 9`, `Hwy 61`).
    private func branchStreetEnd(from k: Int) -> Int? {
        guard k < t.count, t[k].isWord, !t[k].lineBefore else { return nil }
        if isAny(k, ScanContext.routeWords), k + 1 < t.count, t[k + 1].isWord, t[k + 1].digits > 0, t[k + 1].length <= 4 { return k + 1 }
        var j = k, words = 0
        while j < t.count, words < 5, t[j].isWord, !t[j].lineBefore {
            if words > 0, lexicon.streetSuffixes.contains(capitalisedForm(j)) || ScanContext.lowerStreetSuffixes.contains(lower(j)) {
                // "Mineral Point Rd": a suffix word inside the name, the suffix after it.
                var e = j
                while e + 1 < t.count, !t[e + 1].lineBefore, t[e + 1].isWord,
                      lexicon.streetSuffixes.contains(capitalisedForm(e + 1)) || ScanContext.lowerStreetSuffixes.contains(lower(e + 1)) { e += 1 }
                return isPunct(e + 1, 0x2E) && (e + 2 >= t.count || t[e + 2].spaceBefore) ? e + 1 : e
            }
            j += 1
            words += 1
        }
        return nil
    }
}
