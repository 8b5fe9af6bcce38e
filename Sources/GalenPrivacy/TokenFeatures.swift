/// The features of the tokens of one text for `NameTagger`, hashed into a fixed-size weight table.
///
/// Per token, computed once from its bytes (no string is kept, no allocation per token beyond the small inline
/// strings used for the word-list look-ups): hashes of the lower-cased word, its shape (`Xxxx`, `XX`, `Xx-Xxx`,
/// `d`), its first and last 2 and 3 bytes, and flags (capitalised, all capitals, sentence and line start, member of
/// the shipped first-name, last-name, common-word, place, country, state, street-suffix, facility, title and month
/// lists) and the type of the rule span covering it, if any. The features of token `i` combine its own values with
/// those of its neighbours ±1/±2 and the class predicted for the previous token; each is a 64-bit hash whose top
/// `bucketBits` bits index the weight table.
struct TokenFeatures {
    /// Bump when the features change, so that weight files made for other features are refused.
    static let version: UInt32 = 1
    /// Number of features per token.
    static let count = 40

    /// Flag bits of `Info.flags`.
    enum Flag {
        static let capitalised: UInt32 = 1 << 0
        static let allCaps: UInt32 = 1 << 1
        static let sentenceStart: UInt32 = 1 << 2
        static let lineStart: UInt32 = 1 << 3
        static let firstName: UInt32 = 1 << 4
        static let lastName: UInt32 = 1 << 5
        static let commonWord: UInt32 = 1 << 6
        static let place: UInt32 = 1 << 7
        static let country: UInt32 = 1 << 8
        static let state: UInt32 = 1 << 9
        static let streetSuffix: UInt32 = 1 << 10
        static let facility: UInt32 = 1 << 11
        static let title: UInt32 = 1 << 12
        static let word: UInt32 = 1 << 13
        static let digits: UInt32 = 1 << 14
        static let initial: UInt32 = 1 << 15
        static let month: UInt32 = 1 << 16
        static let nonASCII: UInt32 = 1 << 17
        /// The flags that come from the word lists (used as one combined feature).
        static let lists: UInt32 = firstName | lastName | commonWord | place | country | state | streetSuffix | facility | title | month
    }

    /// What is known about one token before tagging.
    struct Info {
        var word: UInt64 = 0
        var shape: UInt64 = 0
        var prefix2: UInt64 = 0
        var prefix3: UInt64 = 0
        var suffix2: UInt64 = 0
        var suffix3: UInt64 = 0
        var flags: UInt32 = 0
        /// 0: no rule span covers the token; else 1 + the index of the span's type in `PHIType.allCases`.
        var rule: UInt8 = 0
    }

    /// Per token, in text order.
    let info: [Info]

    /// Computes the per-token values of `tokens` (from `TextToken.tokenize(bytes)`), given the spans the rules found
    /// (in any order; overlap decides which tokens they cover).
    init(bytes b: UnsafeBufferPointer<UInt8>, tokens t: [TextToken], ruleSpans: [PHISpan], lexicon: Lexicon) {
        var info = [Info](repeating: Info(), count: t.count)
        let types = PHIType.allCases
        for s in ruleSpans {
            let code = UInt8(types.firstIndex(of: s.type)! + 1)
            var k = TokenFeatures.firstToken(endingAfter: s.start, in: t)
            while k < t.count, t[k].start < s.end { info[k].rule = code; k += 1 }
        }
        for i in t.indices {
            let tok = t[i]
            var f: UInt32 = 0
            if tok.isWord {
                f |= Flag.word
                if tok.capitalised { f |= Flag.capitalised }
                if tok.allCaps { f |= Flag.allCaps }
                if tok.digits > 0 { f |= Flag.digits }
                if tok.length == 1 && tok.digits == 0 { f |= Flag.initial }
            }
            if i == 0 || tok.lineBefore { f |= Flag.lineStart | Flag.sentenceStart }
            else if !t[i - 1].isWord {
                let c = b[t[i - 1].start]
                if c == 0x2E || c == 0x3F || c == 0x21 || c == 0x3A || c == 0x3B { f |= Flag.sentenceStart }
            }
            var h = TokenFeatures.hashes(b, tok.start, tok.end)
            if tok.isWord, tok.digits == 0, tok.capitalised || b[tok.start] >= 0x80, tok.length <= 15 {
                f |= TokenFeatures.listFlags(b, tok, lexicon: lexicon)
            }
            if b[tok.start] >= 0x80 { f |= Flag.nonASCII }
            h.flags = f
            h.rule = info[i].rule
            info[i] = h
        }
        // Places of several words (`New Bedford`): every word of a listed place gets the flag.
        var i = 0
        while i < t.count {
            if info[i].flags & Flag.capitalised != 0, t[i].length <= 15,
               let candidates = lexicon.citiesByFirstWord[TokenFeatures.capitalised(b, t[i])] {
                var matched = 0
                for words in candidates where words.count > 1 && i + words.count <= t.count {
                    var ok = true
                    for (k, w) in words.enumerated().dropFirst() where !TokenFeatures.equals(b, t[i + k], w) { ok = false; break }
                    if ok { matched = words.count; break }
                }
                for k in 0..<matched { info[i + k].flags |= Flag.place }
                i += max(matched, 1)
            } else { i += 1 }
        }
        self.info = info
    }

    /// Whether the tagger looks at token `i` at all: an unclaimed word without digits starting with a capital.
    func isCandidate(_ i: Int) -> Bool {
        let f = info[i].flags
        return info[i].rule == 0 && f & Flag.word != 0 && f & Flag.digits == 0 && f & Flag.capitalised != 0
    }

    /// Writes the hashed features of token `i` into `out` (`count` values), given the class of the previous token.
    func features(_ i: Int, previousClass: Int, into out: UnsafeMutableBufferPointer<UInt64>) {
        let n = info.count
        let me = info[i]
        let none = Info()
        let p1 = i >= 1 ? info[i - 1] : none, p2 = i >= 2 ? info[i - 2] : none
        let n1 = i + 1 < n ? info[i + 1] : none, n2 = i + 2 < n ? info[i + 2] : none
        let pc = UInt64(previousClass)
        var k = 0
        @inline(__always) func put(_ template: UInt64, _ v: UInt64) { out[k] = TokenFeatures.mix(template, v); k += 1 }
        put(1, 0)  // bias
        put(2, me.word)
        put(3, me.shape)
        put(4, me.prefix2)
        put(5, me.prefix3)
        put(6, me.suffix2)
        put(7, me.suffix3)
        put(8, UInt64(me.flags))
        put(9, UInt64(me.flags & Flag.lists))
        put(10, UInt64(me.flags & (Flag.firstName | Flag.lastName | Flag.commonWord)))
        put(11, UInt64(me.flags & (Flag.place | Flag.facility | Flag.streetSuffix | Flag.state | Flag.country)))
        put(12, p1.word)
        put(13, p2.word)
        put(14, n1.word)
        put(15, n2.word)
        put(16, p1.shape)
        put(17, n1.shape)
        put(18, UInt64(p1.flags))
        put(19, UInt64(n1.flags))
        put(20, UInt64(p2.flags & Flag.lists))
        put(21, UInt64(n2.flags & Flag.lists))
        put(22, UInt64(p1.rule))
        put(23, UInt64(p2.rule))
        put(24, UInt64(n1.rule))
        put(25, UInt64(n2.rule))
        put(26, pc)
        put(27, pc &* 0x1_0000_0000 ^ UInt64(me.flags & Flag.lists))
        put(28, pc ^ me.shape)
        put(29, p1.word ^ me.shape)
        put(30, p1.word &* 31 ^ p2.word)
        put(31, n1.word &* 31 ^ n2.word)
        put(32, p1.word ^ UInt64(me.flags & Flag.lists))
        put(33, n1.word ^ UInt64(me.flags & Flag.lists))
        put(34, UInt64(p1.rule) << 32 ^ UInt64(me.flags & Flag.lists))
        put(35, UInt64(n1.rule) << 32 ^ UInt64(me.flags & Flag.lists))
        put(36, p1.word ^ me.word)
        put(37, me.word ^ n1.word)
        put(38, pc << 8 ^ UInt64(p1.rule))
        put(39, UInt64(me.flags & (Flag.sentenceStart | Flag.lineStart)) ^ UInt64(me.flags & Flag.lists) << 20)
    }

    /// The weight-table bucket of a feature hash.
    @inline(__always) static func bucket(_ h: UInt64, bits: Int) -> Int { Int(truncatingIfNeeded: h >> UInt64(64 - bits)) }

    /// Mixes a feature template number with a value (splitmix64 finaliser).
    @inline(__always) static func mix(_ template: UInt64, _ v: UInt64) -> UInt64 {
        var x = v &+ template &* 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }

    /// FNV-1a hashes of the lower-cased bytes, the shape, and the first and last 2 and 3 bytes of `start..<end`.
    static func hashes(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Info {
        let basis: UInt64 = 0xCBF2_9CE4_8422_2325, prime: UInt64 = 0x100_0000_01B3
        var word = basis, shape = basis, pre2 = basis, pre3 = basis
        var lastClass: UInt8 = 0, run = 0
        for k in start..<end {
            let c = b[k]
            let l = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
            word = (word ^ UInt64(l)) &* prime
            if k - start < 2 { pre2 = (pre2 ^ UInt64(l)) &* prime }
            if k - start < 3 { pre3 = (pre3 ^ UInt64(l)) &* prime }
            // Shape: X capital, x small, d digit, u other byte of a UTF-8 letter, else the byte; runs cut at 3.
            let cls: UInt8 = c >= 0x41 && c <= 0x5A ? 0x58 : c >= 0x61 && c <= 0x7A ? 0x78 : c >= 0x30 && c <= 0x39 ? 0x64
                : c >= 0x80 ? 0x75 : c
            if cls == lastClass { run += 1 } else { run = 1; lastClass = cls }
            if run <= 3 { shape = (shape ^ UInt64(cls)) &* prime }
        }
        var suf2 = basis, suf3 = basis
        for k in max(start, end - 2)..<end { let c = b[k]; suf2 = (suf2 ^ UInt64(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)) &* prime }
        for k in max(start, end - 3)..<end { let c = b[k]; suf3 = (suf3 ^ UInt64(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)) &* prime }
        return Info(word: word, shape: shape, prefix2: pre2, prefix3: pre3, suffix2: suf2, suffix3: suf3)
    }

    /// The word-list flags of a capitalised word token (at most 15 bytes, so its strings stay inline).
    static func listFlags(_ b: UnsafeBufferPointer<UInt8>, _ tok: TextToken, lexicon: Lexicon) -> UInt32 {
        let cap = capitalised(b, tok)
        let raw = String(decoding: UnsafeBufferPointer(rebasing: b[tok.start..<tok.end]), as: UTF8.self)
        var f: UInt32 = 0
        if lexicon.firstNames.contains(cap) { f |= Flag.firstName }
        if lexicon.lastNames.contains(cap) { f |= Flag.lastName }
        if lexicon.commonWords.contains(cap) { f |= Flag.commonWord }
        if lexicon.countries.contains(cap) { f |= Flag.country }
        if lexicon.states.contains(raw) || lexicon.states.contains(cap) { f |= Flag.state }
        if lexicon.streetSuffixes.contains(raw) || lexicon.streetSuffixes.contains(cap) { f |= Flag.streetSuffix }
        if ScanContext.facilityWords.contains(cap) { f |= Flag.facility }
        if lexicon.citiesByFirstWord[cap]?.contains(where: { $0.count == 1 }) == true { f |= Flag.place }
        if tok.length <= 9 {
            let lower = cap.lowercased()
            if ScanContext.titles.contains(lower) { f |= Flag.title }
            if DateValue.month(named: raw) != nil { f |= Flag.month }
        }
        return f
    }

    /// The token written as in the word lists: first byte capital, other ASCII letters small (`SMITH` → `Smith`).
    static func capitalised(_ b: UnsafeBufferPointer<UInt8>, _ tok: TextToken) -> String {
        let s = tok.start, n = tok.length
        return String(unsafeUninitializedCapacity: n) { out in
            for k in 0..<n {
                let c = b[s + k]
                out[k] = k == 0 ? (c >= 0x61 && c <= 0x7A ? c & 0xDF : c) : (c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
            }
            return n
        }
    }

    /// Whether the token equals `word` ignoring ASCII case.
    static func equals(_ b: UnsafeBufferPointer<UInt8>, _ tok: TextToken, _ word: String) -> Bool {
        var k = tok.start
        for c in word.utf8 {
            guard k < tok.end, (b[k] >= 0x41 && b[k] <= 0x5A ? b[k] | 0x20 : b[k]) == (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) else { return false }
            k += 1
        }
        return k == tok.end
    }

    /// Index of the first token whose end is after byte `offset` (binary search; `t.count` if none).
    static func firstToken(endingAfter offset: Int, in t: [TextToken]) -> Int {
        var lo = 0, hi = t.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if t[mid].end <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
