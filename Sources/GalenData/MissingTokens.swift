/// Recognises missing-value tokens in raw field bytes, case-insensitively, without allocating.
/// The empty field is always missing.
struct MissingTokenMatcher {
    private let tokens: [[UInt8]]
    private let startsToken: [Bool]
    private let maxLength: Int

    init(_ list: [String]) {
        let toks = list.map { Array($0.trimmingSpaces.lowercased().utf8) }.filter { !$0.isEmpty }
        tokens = toks
        var starts = [Bool](repeating: false, count: 256)
        for t in toks {
            starts[Int(t[0])] = true
            if t[0] >= 0x61 && t[0] <= 0x7A { starts[Int(t[0] - 0x20)] = true }
        }
        startsToken = starts
        maxLength = toks.map(\.count).max() ?? 0
    }

    @inline(__always) func isMissing(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        if n == 0 { return true }
        if n > maxLength || !startsToken[Int(b[0])] { return false }
        return matchSlow(b)
    }

    private func matchSlow(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        outer: for t in tokens where t.count == b.count {
            for k in 0..<t.count {
                var x = b[k]
                if x >= 0x41 && x <= 0x5A { x += 0x20 }
                if x != t[k] { continue outer }
            }
            return true
        }
        return false
    }

    /// Whether a String is a missing token (for values built in code).
    func isMissing(_ s: String) -> Bool {
        var u = Array(s.trimmingSpaces.utf8)
        return u.withUnsafeMutableBufferPointer { isMissing(UnsafeBufferPointer($0)) }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
