extension ScanContext {
    /// Words naming a social network or a user handle before an `@handle`.
    static let handleCues: Set<String> = ["instagram", "twitter", "tiktok", "facebook", "snapchat", "threads", "reddit",
                                          "youtube", "telegram", "discord", "handle", "ig", "x", "username", "social",
                                          "media", "account", "dm", "dms", "venmo", "cashapp", "mastodon", "bluesky"]

    /// Social-media handles (`@marisol.runs`, `Instagram @kofi_b`), typed ID: an `@` that starts a word (not inside
    /// an e-mail address) followed by 3–30 letters, digits, `.` or `_`; taken when a network or handle word is among
    /// the three words before it, or when the handle holds a `.`, `_` or digit. `@ 3pm`, `@home` alone are not taken.
    mutating func matchHandles() {
        let n = b.count
        var i = 0
        while i < n {
            defer { i += 1 }
            guard b[i] == 0x40, i == 0 || b[i - 1] == 0x20 || b[i - 1] == 0x28 || b[i - 1] == 0x0A || b[i - 1] == 0x22 else { continue }
            var e = i + 1, marks = false
            while e < n, e - i <= 31, TextToken.isWordByte(b[e]) && b[e] < 0x80 || b[e] == 0x2E || b[e] == 0x5F {
                if b[e] == 0x2E || b[e] == 0x5F || b[e] >= 0x30 && b[e] <= 0x39 { marks = true }
                e += 1
            }
            while e > i + 1, b[e - 1] == 0x2E { e -= 1 }  // a full stop after the handle
            guard e - i - 1 >= 3, e - i - 1 <= 30, e >= n || !TextToken.isWordByte(b[e]) && b[e] != 0x40 else { continue }
            var cued = false
            if let k = token(startingAt: i) {
                for p in max(0, k - 3)..<k where isAny(p, ScanContext.handleCues) { cued = true }
            }
            guard cued || marks else { continue }
            add(.identifier, bytes: i, e)
            i = e
        }
    }
}
