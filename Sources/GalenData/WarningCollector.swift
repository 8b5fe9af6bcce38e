/// Collects warnings with a cap on per-cell reports, so that a million bad cells give a few named examples and
/// one summary instead of a million lines.
struct WarningCollector {
    /// How many per-cell warnings to keep for one (kind, column) pair before summarising.
    var perColumnLimit: Int = 5
    private(set) var warnings: [DataWarning] = []
    private var counts: [String: Int] = [:]
    private var order: [String] = []
    private var columnOf: [String: (DataWarning.Kind, String)] = [:]

    init(perColumnLimit: Int = 5) { self.perColumnLimit = perColumnLimit }

    /// Adds a warning that is not about one cell; always kept.
    mutating func add(_ w: DataWarning) { warnings.append(w) }

    /// Adds a per-cell warning; only the first `perColumnLimit` per (kind, column) are kept, the rest counted.
    mutating func addCell(_ w: DataWarning) {
        let key = w.kind.rawValue + "\u{1}" + (w.column ?? "")
        let n = counts[key, default: 0]
        if n == 0 { order.append(key); columnOf[key] = (w.kind, w.column ?? "") }
        counts[key] = n + 1
        if n < perColumnLimit { warnings.append(w) }
    }

    /// All warnings, with one summary per (kind, column) whose per-cell reports exceeded the limit.
    func finished() -> [DataWarning] {
        var out = warnings
        for key in order {
            let n = counts[key] ?? 0
            guard n > perColumnLimit, let (kind, column) = columnOf[key] else { continue }
            out.append(DataWarning(kind: kind, column: column,
                                   message: "\(n - perColumnLimit) more value(s) like the above in this column (\(n) in all)"))
        }
        return out
    }
}
