import Foundation

/// A category and how often it occurs.
public struct CategoryCount: Codable, Sendable, Equatable {
    /// The category as written in the data.
    public var value: String
    /// Rows holding it.
    public var count: Int
    /// Share of the column's present values, 0...1.
    public var fraction: Double
}

/// Summary of one column for `galen inspect`.
public struct ColumnSummary: Codable, Sendable, Equatable {
    /// Column name.
    public var name: String
    /// Its type.
    public var type: ColumnType
    /// Missing values.
    public var missingCount: Int
    /// Share of rows missing, 0...1.
    public var missingFraction: Double
    /// Distinct present values.
    public var distinctCount: Int
    /// Numeric and boolean columns: smallest value (booleans: 0/1).
    public var min: Double?
    /// Numeric and boolean columns: largest value.
    public var max: Double?
    /// Numeric and boolean columns: mean (booleans: share of true).
    public var mean: Double?
    /// Numeric columns: population standard deviation.
    public var standardDeviation: Double?
    /// Date columns: earliest date (ISO 8601).
    public var earliest: String?
    /// Date columns: latest date (ISO 8601).
    public var latest: String?
    /// Categorical and boolean columns: the most frequent values (at most 5), most frequent first.
    public var topValues: [CategoryCount]
    /// Remarks: "identifier-like", "constant", "all missing", "free text", "target".
    public var notes: [String]
}

/// Summary of the target column.
public struct TargetSummary: Codable, Sendable, Equatable {
    /// Target column name.
    public var column: String
    /// Inferred (or given) task.
    public var task: TaskKind
    /// Classification: rows per class, in class order (binary: negative then positive).
    public var classBalance: [CategoryCount]
    /// Binary: the positive class and why it was chosen.
    public var positiveClass: String?
    /// Binary: how the positive class was chosen.
    public var positiveClassReason: String?
    /// Rows whose target is missing.
    public var missingCount: Int
    /// Regression: smallest target value.
    public var min: Double?
    /// Regression: largest target value.
    public var max: Double?
    /// Regression: mean target value.
    public var mean: Double?
}

/// The schema report printed by `galen inspect data.csv` (plain text with `renderText()`, JSON through `Codable`).
public struct SchemaReport: Codable, Sendable, Equatable {
    /// The file or label the table came from.
    public var source: String
    /// Data rows.
    public var rowCount: Int
    /// Columns.
    public var columnCount: Int
    /// Delimiter name ("comma", "semicolon", "tab"...) when read from CSV.
    public var delimiter: String?
    /// Exact duplicate rows (beyond the first copy).
    public var duplicateRowCount: Int
    /// One summary per column, in file order.
    public var columns: [ColumnSummary]
    /// The target, when one was named.
    public var target: TargetSummary?
    /// When a target was named but cannot be used: the reason (the report is still produced).
    public var targetProblem: String?
    /// Warnings from reading plus remarks on the target.
    public var warnings: [DataWarning]

    /// Builds the report for `table`, describing `target` when given.
    /// - Throws: `DataError.unknownColumn` when `target` names no column (listing columns, suggesting the closest).
    ///   Other target problems (one class, all missing...) are reported in `targetProblem` rather than thrown, so
    ///   that `inspect` still shows the data.
    public static func make(_ table: Table, target: String? = nil, task: TaskKind? = nil,
                            positiveClass: String? = nil) throws -> SchemaReport {
        if let target, table.column(named: target) == nil { throw table.unknownColumnError(target, role: "target") }
        let n = table.rowCount
        var columns: [ColumnSummary] = []
        for column in table.columns {
            let missing = column.missingCount
            var s = ColumnSummary(name: column.name, type: column.type, missingCount: missing,
                                  missingFraction: n == 0 ? 0 : Double(missing) / Double(n),
                                  distinctCount: column.distinctCount, min: nil, max: nil, mean: nil,
                                  standardDeviation: nil, earliest: nil, latest: nil, topValues: [], notes: [])
            switch column.values {
            case let .numeric(v), let .boolean(v, _):
                let values = v.filter { $0.isFinite }
                if !values.isEmpty {
                    s.min = values.min()
                    s.max = values.max()
                    let (mean, sd) = meanAndStandardDeviation(values)
                    s.mean = mean.isFinite ? mean : nil
                    if column.type == .numeric { s.standardDeviation = sd.isFinite ? sd : nil }
                }
            case let .date(v, _):
                let values = v.filter { $0.isFinite }
                if let lo = values.min(), let hi = values.max() {
                    s.earliest = DateParsing.format(days: lo)
                    s.latest = DateParsing.format(days: hi)
                }
            case .categorical:
                break
            }
            if column.type == .categorical || column.type == .boolean {
                let present = max(1, n - missing)
                s.topValues = column.valueCounts().prefix(5).map {
                    CategoryCount(value: $0.value, count: $0.count, fraction: Double($0.count) / Double(present))
                }
            }
            if column.name == target { s.notes.append("target") }
            if missing == n { s.notes.append("all missing") } else if s.distinctCount == 1 { s.notes.append("constant") }
            if column.name != target, missing < n, IDColumnDetection.reason(for: column) != nil {
                s.notes.append("identifier-like")
            } else if column.type == .categorical, s.distinctCount > 50, Double(s.distinctCount) > 0.9 * Double(n - missing) {
                s.notes.append("free text")
            }
            columns.append(s)
        }
        var report = SchemaReport(source: table.source, rowCount: n, columnCount: table.columnCount,
                                  delimiter: table.format?.delimiterName, duplicateRowCount: table.duplicateRowIndices().count,
                                  columns: columns, target: nil, targetProblem: nil, warnings: table.warnings)
        if let target {
            let column = table.column(named: target)!
            do {
                let info = try TargetInfo.resolve(table, column: target, task: task, positiveClass: positiveClass)
                var t = TargetSummary(column: target, task: info.task, classBalance: [], positiveClass: info.positiveClass,
                                      positiveClassReason: info.positiveClassReason, missingCount: column.missingCount,
                                      min: nil, max: nil, mean: nil)
                let total = Double(info.classCounts.reduce(0, +))
                t.classBalance = zip(info.classes, info.classCounts).map {
                    CategoryCount(value: $0, count: $1, fraction: total > 0 ? Double($1) / total : 0)
                }
                if info.task == .regression {
                    let values = info.labels(column).filter { $0.isFinite }.map(Double.init)
                    t.min = values.min(); t.max = values.max()
                    let mean = meanAndStandardDeviation(values).mean
                    t.mean = values.isEmpty || !mean.isFinite ? nil : mean
                }
                if let minority = t.classBalance.map(\.fraction).min(), info.task != .regression, minority < 0.2 {
                    report.warnings.append(DataWarning(kind: .note, column: target, message: String(
                        format: "the target classes are imbalanced (smallest class %.1f%% of rows); a class-weighted loss is advised", minority * 100)))
                }
                if t.missingCount > 0 {
                    report.warnings.append(DataWarning(kind: .missingTarget, column: target,
                                                       message: "\(t.missingCount) row(s) have no target value; they will be dropped for training"))
                }
                report.target = t
            } catch let error as DataError {
                report.targetProblem = error.description
            }
        }
        return report
    }

    /// The report as aligned plain text for a terminal.
    public func renderText() -> String {
        var lines: [String] = []
        lines.append("\(source): \(rowCount) rows × \(columnCount) columns" + (delimiter.map { ", \($0)-separated" } ?? ""))
        if duplicateRowCount > 0 { lines.append("exact duplicate rows: \(duplicateRowCount)") }
        lines.append("")
        let nameWidth = min(32, max(6, columns.map { $0.name.count }.max() ?? 6))
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        func clip(_ s: String, _ w: Int) -> String { s.count <= w ? s : String(s.prefix(w - 1)) + "…" }
        lines.append(pad("column", nameWidth) + "  " + pad("type", 11) + "  " + pad("missing", 8) + "  " + pad("distinct", 8) + "  summary")
        for c in columns {
            var summary: String
            switch c.type {
            case .numeric:
                if let lo = c.min, let hi = c.max, let mean = c.mean {
                    summary = "range \(formatStat(lo)) – \(formatStat(hi)), mean \(formatStat(mean))"
                    if let sd = c.standardDeviation { summary += ", sd \(formatStat(sd))" }
                } else { summary = "" }
            case .date:
                summary = c.earliest.map { "\($0) – \(c.latest ?? "")" } ?? ""
            case .categorical, .boolean:
                summary = c.topValues.map { "\(clip($0.value, 24)) \(formatStat($0.fraction * 100))%" }.joined(separator: ", ")
                if c.distinctCount > c.topValues.count { summary += ", …" }
            }
            if !c.notes.isEmpty { summary += (summary.isEmpty ? "" : "  ") + "[" + c.notes.joined(separator: ", ") + "]" }
            let missing = c.missingCount == 0 ? "0" : (c.missingFraction < 0.001 ? "<0.1%" : "\(formatStat(c.missingFraction * 100))%")
            lines.append(pad(clip(c.name, nameWidth), nameWidth) + "  " + pad(c.type.rawValue, 11) + "  "
                         + pad(missing, 8) + "  " + pad(String(c.distinctCount), 8) + "  " + summary)
        }
        if let t = target {
            lines.append("")
            lines.append("target '\(t.column)': \(t.task.rawValue)")
            for c in t.classBalance {
                let mark = c.value == t.positiveClass ? "  (positive class: \(t.positiveClassReason ?? ""))" : ""
                lines.append("  \(c.value): \(c.count) (\(formatStat(c.fraction * 100))%)\(mark)")
            }
            if t.task == .regression, let lo = t.min, let hi = t.max, let mean = t.mean {
                lines.append("  range \(formatStat(lo)) – \(formatStat(hi)), mean \(formatStat(mean))")
            }
            if t.missingCount > 0 { lines.append("  missing target: \(t.missingCount) row(s)") }
        }
        if let p = targetProblem {
            lines.append("")
            lines.append("target problem: \(p)")
        }
        if !warnings.isEmpty {
            lines.append("")
            lines.append("warnings:")
            for w in warnings.prefix(50) { lines.append("  - \(w.description)") }
            if warnings.count > 50 { lines.append("  - ... \(warnings.count - 50) more") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Mean and population standard deviation by Welford's running update (no overflow for large magnitudes).
func meanAndStandardDeviation(_ values: [Double]) -> (mean: Double, sd: Double) {
    var mean = 0.0, m2 = 0.0, k = 0.0
    for x in values {
        k += 1
        let d = x - mean
        mean += d / k
        m2 += d * (x - mean)
    }
    return (mean, k > 0 ? (m2 / k).squareRoot() : 0)
}
