extension ScanContext {
    /// A person's initials in brackets right after a found record or study number (`participant VOX-PD-0118 (E.K.)`,
    /// `MRN 4471902 (J.Q.)`): dotted initials (`E.K.`, `M.A.R.`) only — capitals without dots in brackets are mostly
    /// abbreviations (`(PIP)`, `(OK)`, `(ED)` stay); run after the number rules.
    mutating func matchInitialsAfterCodes() {
        for i in t.indices where i >= 1 && isPunct(i, 0x28) && claimed[i - 1] && !isPunct(i - 1, 0x29) {
            guard spans.contains(where: { $0.end == t[i - 1].end && [.identifier, .mrn, .account].contains($0.type) }) else { continue }
            var close = i + 1
            while close < t.count, close - i <= 9, !isPunct(close, 0x29), !t[close].lineBefore { close += 1 }
            guard close < t.count, isPunct(close, 0x29), close > i + 1 else { continue }
            let s = t[i + 1].start, e = t[close - 1].end
            guard !(i + 1..<close).contains(where: { claimed[$0] || t[$0].spaceBefore }) else { continue }
            if b[e - 1] == 0x2E, isInitialsCell(s, e) { add(.name, bytes: s, e) }
        }
    }
}
