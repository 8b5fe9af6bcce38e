/// The state of one scan of a text: its bytes, tokens and the spans found so far. Matchers live in extensions
/// (`ScanContext+Dates`, `+Numbers`, `+Cues`, `+Names`, `+Places`).
struct ScanContext {
    let b: UnsafeBufferPointer<UInt8>
    let t: [TextToken]
    let lexicon: Lexicon
    var spans: [PHISpan] = []
    /// Per token: already inside a found span.
    var claimed: [Bool]

    init(bytes: UnsafeBufferPointer<UInt8>, lexicon: Lexicon) {
        b = bytes
        t = ScanContext.joiningSoftWraps(TextToken.tokenize(bytes), bytes)
        self.lexicon = lexicon
        claimed = Array(repeating: false, count: t.count)
    }

    /// The token's text.
    func text(_ i: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[t[i].start..<t[i].end]), as: UTF8.self) }

    /// The token's text with ASCII letters lowercased.
    func lower(_ i: Int) -> String {
        let s = t[i].start, n = t[i].length
        return String(unsafeUninitializedCapacity: n) { out in
            for k in 0..<n { let c = b[s + k]; out[k] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
            return n
        }
    }

    /// The token's text capitalised as in the name lists (`SMITH` → `Smith`).
    func capitalisedForm(_ i: Int) -> String {
        let s = t[i].start, n = t[i].length
        return String(unsafeUninitializedCapacity: n) { out in
            for k in 0..<n {
                let c = b[s + k]
                if k == 0 { out[k] = c >= 0x61 && c <= 0x7A ? c & 0xDF : c } else { out[k] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
            }
            return n
        }
    }

    /// Whether token `i` is the punctuation byte `c`.
    func isPunct(_ i: Int, _ c: UInt8) -> Bool { i >= 0 && i < t.count && !t[i].isWord && b[t[i].start] == c }

    /// Whether token `i` equals `word`, ignoring ASCII case (`word` must be lowercase ASCII).
    func isWord(_ i: Int, _ word: StaticString) -> Bool {
        guard i >= 0, i < t.count, t[i].isWord, t[i].length == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<t[i].length where (b[t[i].start + k] | 0x20) != w[k] { return false }
        return true
    }

    /// Whether token `i` is one of `words` (lowercase), ignoring case.
    func isAny(_ i: Int, _ words: Set<String>) -> Bool {
        guard i >= 0, i < t.count, t[i].isWord, t[i].length <= 16, t[i].digits == 0 else { return false }
        return words.contains(lower(i))
    }

    /// Whether tokens `i` and `i+1` touch (no whitespace between them).
    func adjacent(_ i: Int) -> Bool { i + 1 < t.count && !t[i + 1].spaceBefore }

    /// The digits of token `i` as numbers 0–9.
    func digitValues(_ i: Int) -> [UInt8] { b[t[i].start..<t[i].end].compactMap { $0 >= 0x30 && $0 <= 0x39 ? $0 - 0x30 : nil } }

    /// The integer value of an all-digit token (nil when longer than 9 digits).
    func intValue(_ i: Int) -> Int? {
        guard i >= 0, i < t.count, t[i].isNumber, t[i].length <= 9 else { return nil }
        var v = 0
        for k in t[i].start..<t[i].end { v = v * 10 + Int(b[k] - 0x30) }
        return v
    }

    /// Records a span over tokens `first...last` (byte range of those tokens) unless all of it is claimed.
    mutating func add(_ type: PHIType, tokens first: Int, _ last: Int) {
        guard first <= last, first >= 0, last < t.count else { return }
        if (first...last).allSatisfy({ claimed[$0] }) { return }
        for k in first...last { claimed[k] = true }
        spans.append(PHISpan(type: type, start: t[first].start, end: t[last].end))
    }

    /// Records a span over a byte range and claims the tokens inside it.
    mutating func add(_ type: PHIType, bytes start: Int, _ end: Int) {
        guard end > start else { return }
        var any = false
        for k in t.indices where t[k].start >= start && t[k].end <= end {
            if !claimed[k] { any = true }
            claimed[k] = true
        }
        if any { spans.append(PHISpan(type: type, start: start, end: end)) }
    }

    /// Index of the token starting at byte `offset`, if any (binary search).
    func token(startingAt offset: Int) -> Int? {
        let i = firstToken(where: { $0.start >= offset })
        return i < t.count && t[i].start == offset ? i : nil
    }

    /// Index of the token ending at byte `offset`, if any (binary search).
    func token(endingAt offset: Int) -> Int? {
        let i = firstToken(where: { $0.end >= offset })
        return i < t.count && t[i].end == offset ? i : nil
    }

    /// The first token index for which `reached` holds (`t.count` if none); `reached` must be false for a prefix of
    /// the tokens and true after it (tokens are in text order, so byte starts and ends both increase).
    private func firstToken(where reached: (TextToken) -> Bool) -> Int {
        var lo = 0, hi = t.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if reached(t[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Shortest line (bytes) whose line break may be a wrap.
    static let softWrapMinimumLine = 50

    /// `tokens` with the line breaks of hard-wrapped prose removed (`lineBefore` cleared), so that rules that stop at
    /// a line's end read on across a wrap (`Daughter Ruthanne⏎McAllister`, `date of birth is june second nineteen⏎fifty
    /// three`, `clinic, 14120⏎Beach Blvd.`). A break is a wrap when it is a single line break after a line of at least
    /// `softWrapMinimumLine` bytes that ends in a word or a comma (not `.` `:` `;` `!` `?` `|` or a closing bracket),
    /// and the next line starts with a word that is not a number (a log or table row) and is no label (no `:` and
    /// no dot leaders `....` among its first four tokens).
    static func joiningSoftWraps(_ tokens: [TextToken], _ b: UnsafeBufferPointer<UInt8>) -> [TextToken] {
        var t = tokens
        var lineStart = 0  // byte offset of the line holding the previous token
        for k in t.indices where k > 0 && t[k].lineBefore {
            let prev = t[k - 1]
            var breaks = 0, lastBreak = prev.end
            for p in prev.end..<t[k].start where b[p] == 0x0A { breaks += 1; lastBreak = p }
            defer { lineStart = lastBreak + 1 }
            // A line starting with a number is a log or table row ("11/19 11:47 from …"), not a continuation.
            guard breaks == 1, prev.end - lineStart >= softWrapMinimumLine, t[k].isWord, !t[k].isNumber else { continue }
            if !prev.isWord, b[prev.start] != 0x2C { continue }
            var label = false
            // A label line ("Address: …", "Age ....... 64") after the break starts something new.
            for q in k..<min(k + 4, t.count) where !t[q].isWord && (b[t[q].start] == 0x3A || b[t[q].start] == 0x2E && isDotLeader(t, q, b)) {
                label = true
                break
            }
            if label { continue }
            t[k].lineBefore = false
        }
        return t
    }

    /// Whether token `q` (a `.`) is followed right away by another `.` (dot leaders of a form).
    private static func isDotLeader(_ t: [TextToken], _ q: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        q + 1 < t.count && !t[q + 1].isWord && b[t[q + 1].start] == 0x2E && t[q + 1].start == t[q].end
    }
}
