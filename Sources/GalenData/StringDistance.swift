/// Levenshtein edit distance between two strings, compared case-insensitively by Unicode scalars.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var prev = Array(0...y.count), cur = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        cur[0] = i
        for j in 1...y.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[y.count]
}

/// The name in `names` closest to `name` (case-insensitive edit distance, or a case-insensitive containment),
/// or nil when none is within about a third of the name's length.
public func closestName(to name: String, among names: [String]) -> String? {
    let lower = name.lowercased()
    if let exact = names.first(where: { $0.lowercased() == lower }) { return exact }
    var best: (String, Int)?
    for n in names {
        let d = editDistance(name, n)
        if best == nil || d < best!.1 { best = (n, d) }
    }
    if let best, best.1 <= max(2, name.count / 3) { return best.0 }
    let trimmed = lower.filter { $0.isLetter || $0.isNumber }
    if trimmed.count >= 3, let hit = names.first(where: {
        let t = $0.lowercased().filter { $0.isLetter || $0.isNumber }
        return t.contains(trimmed) || (t.count >= 3 && trimmed.contains(t))
    }) { return hit }
    return nil
}
