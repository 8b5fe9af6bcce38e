/// What kind of prediction a target column asks for.
public enum TaskKind: String, Codable, Sendable, CaseIterable {
    /// Two classes; the model predicts the probability of the positive class.
    case binary
    /// Three or more classes.
    case multiclass
    /// A number.
    case regression
}

/// A resolved target column: the task, the class names and their encoding.
///
/// **Task inference** (override with `task:`): 2 distinct values → binary (text, boolean or numeric);
/// text or boolean with more → multiclass (at most `maxClasses`, else an error suggesting an identifier or free
/// text); numeric with only whole numbers and at most 10 distinct values → multiclass; other numeric → regression.
/// Date targets are refused.
///
/// **Class order**: multiclass classes are sorted (numerically for numeric targets, else by text).
/// Binary classes are `[negative, positive]`, so class index 1 is the positive class.
///
/// **Positive class** (override with `positiveClass:`), first rule that decides:
/// 1. boolean columns: the true value;
/// 2. numeric labels: the larger value (`1` of 0/1, `2` of 1/2, `4` of 2/4);
/// 3. clinical and yes/no vocabulary: a class named like `1`, `yes`, `true`, `positive`, `malignant`, `disease`,
///    `abnormal`, `present`, `case`, `died`, `dead`, `event`, `recurrence`, `M` (against `B`)... is positive; a class
///    named like `0`, `no`, `false`, `negative`, `benign`, `normal`, `healthy`, `absent`, `control`, `alive`,
///    `survived` or starting with `no `/`not `/`non` is negative;
/// 4. otherwise the minority class (ties: the later name in sorted order).
public struct TargetInfo: Codable, Sendable, Equatable {
    /// The target column's name.
    public var column: String
    /// The task.
    public var task: TaskKind
    /// Class names in encoding order (class index i is `classes[i]`); binary: `[negative, positive]`;
    /// empty for regression.
    public var classes: [String]
    /// Rows per class in the data the target was resolved on (same order as `classes`); empty for regression.
    public var classCounts: [Int]
    /// How the positive class was chosen (binary only), for reports.
    public var positiveClassReason: String?

    /// The positive class name (binary only).
    public var positiveClass: String? { task == .binary ? classes[1] : nil }

    /// A target description; use `resolve(_:column:task:positiveClass:maxClasses:)` to infer one from data.
    public init(column: String, task: TaskKind, classes: [String], classCounts: [Int] = [], positiveClassReason: String? = nil) {
        self.column = column
        self.task = task
        self.classes = classes
        self.classCounts = classCounts
        self.positiveClassReason = positiveClassReason
    }

    /// Resolves the target column `column` of `table` (rows with a missing target are ignored).
    /// - Parameters:
    ///   - task: force a task instead of inferring it.
    ///   - positiveClass: force the positive class of a binary target (matched case-insensitively).
    ///   - maxClasses: the most classes an inferred multiclass target may have.
    /// - Throws: `DataError.unknownColumn` (with the available names and the closest), `targetAllMissing`,
    ///   `targetHasOneClass`, `invalidTarget` (date target, text for regression, too many classes, a positive
    ///   class that is not a class, binary asked of a target with more classes).
    public static func resolve(_ table: Table, column: String, task: TaskKind? = nil, positiveClass: String? = nil,
                               maxClasses: Int = 50) throws -> TargetInfo {
        let col = try table.column(column, role: "target")
        if col.missingCount == col.count { throw DataError.targetAllMissing(column: column) }
        if col.type == .date { throw DataError.invalidTarget(column: column, reason: "it holds dates; choose a class or numeric column") }

        if task == .regression {
            guard col.type == .numeric || col.type == .boolean else {
                let numeric = col.converted(to: .numeric)
                if numeric.warnings.isEmpty, numeric.column.missingCount == col.missingCount {
                    return TargetInfo(column: column, task: .regression, classes: [])
                }
                throw DataError.invalidTarget(column: column, reason: "it holds text, which cannot be predicted by regression")
            }
            let values = col.numbers!.filter { !$0.isNaN }
            if Set(values).count < 2 { throw DataError.targetHasOneClass(column: column, value: formatNumber(values[0])) }
            return TargetInfo(column: column, task: .regression, classes: [])
        }

        // Distinct labels with counts.
        var counts: [String: Int] = [:]
        for (value, n) in col.valueCounts() { counts[value, default: 0] += n }
        if counts.count == 1 { throw DataError.targetHasOneClass(column: column, value: counts.keys.first!) }
        let numericLabels = col.type == .numeric
        var names = Array(counts.keys)
        if numericLabels {
            names.sort { (Double($0) ?? 0) < (Double($1) ?? 0) }
        } else {
            names.sort()
        }

        var kind: TaskKind
        if let task { kind = task } else if names.count == 2 { kind = .binary } else if numericLabels {
            let values = col.numbers!.filter { !$0.isNaN }
            let integral = values.allSatisfy { $0 == $0.rounded() }
            kind = integral && names.count <= 10 ? .multiclass : .regression
        } else {
            guard names.count <= maxClasses else {
                throw DataError.invalidTarget(column: column, reason:
                    "it has \(names.count) different values (more than \(maxClasses) classes); it looks like an identifier or free text. Choose another target, or set the task explicitly")
            }
            kind = .multiclass
        }
        switch kind {
        case .regression:
            return TargetInfo(column: column, task: .regression, classes: [])
        case .multiclass:
            return TargetInfo(column: column, task: .multiclass, classes: names, classCounts: names.map { counts[$0]! })
        case .binary:
            guard names.count == 2 else {
                throw DataError.invalidTarget(column: column, reason:
                    "binary classification needs exactly 2 classes but the column has \(names.count): "
                    + names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", ..." : ""))
            }
            let (positive, reason) = try choosePositive(names: names, counts: counts, column: col,
                                                         requested: positiveClass, numeric: numericLabels)
            let negative = names[0] == positive ? names[1] : names[0]
            return TargetInfo(column: column, task: .binary, classes: [negative, positive],
                              classCounts: [counts[negative]!, counts[positive]!], positiveClassReason: reason)
        }
    }

    private static let positiveWords: Set<String> = [
        "1", "1.0", "yes", "y", "true", "t", "positive", "pos", "+", "malignant", "malignancy", "disease", "diseased",
        "abnormal", "present", "presence", "case", "cases", "died", "dead", "death", "deceased", "expired", "event",
        "sick", "ill", "cancer", "tumor", "tumour", "high risk", "readmitted", "complication", "infected", "infection",
        "detected", "confirmed", "failure", "failed", "recurrence", "recurred", "relapse", "relapsed", "progression",
        "progressed", "diabetic", "diabetes", "hypertensive", "stroke", "affected", "pathologic", "pathological",
    ]
    private static let negativeWords: Set<String> = [
        "0", "0.0", "no", "n", "false", "f", "negative", "neg", "-", "benign", "normal", "healthy", "absent", "absence",
        "control", "controls", "alive", "survived", "survival", "living", "none", "low risk", "not detected",
        "undetected", "censored", "unaffected", "non-diabetic", "nondiabetic",
    ]

    private static func isNegativeName(_ s: String) -> Bool {
        let l = s.lowercased()
        return negativeWords.contains(l) || l.hasPrefix("no ") || l.hasPrefix("not ") || l.hasPrefix("non")
            || l.hasPrefix("no_") || l.hasPrefix("not_") || l.hasPrefix("without")
    }

    private static func choosePositive(names: [String], counts: [String: Int], column: Column, requested: String?,
                                       numeric: Bool) throws -> (String, String) {
        if let requested {
            if let hit = names.first(where: { $0 == requested }) ?? names.first(where: { $0.lowercased() == requested.lowercased() }) {
                return (hit, "set by the user")
            }
            throw DataError.invalidTarget(column: column.name, reason:
                "positive class '\(requested)' is not one of its classes (" + names.joined(separator: ", ") + ")")
        }
        if case let .boolean(_, labels) = column.values, names.contains(labels.trueLabel) {
            return (labels.trueLabel, "the true value of a yes/no column")
        }
        if numeric { return (names[1], "the larger numeric label") }
        let lower = names.map { $0.lowercased() }
        if Set(lower) == ["m", "b"] { return (names[lower.firstIndex(of: "m")!], "'M' (malignant) against 'B' (benign)") }
        let pos = lower.map { positiveWords.contains($0) }
        let neg = names.map { isNegativeName($0) }
        if pos[0] != pos[1] { let k = pos[0] ? 0 : 1; return (names[k], "'\(names[k])' names the finding or event") }
        if neg[0] != neg[1] { let k = neg[0] ? 1 : 0; return (names[k], "'\(names[1 - k])' names its absence") }
        let k = counts[names[0]]! < counts[names[1]]! ? 0 : 1
        return (names[k], "the minority class")
    }

    /// The class index of each row of `column` (a target column from any table with the same labels);
    /// -1 for a missing value or a label that is not one of `classes`. Regression targets give all -1.
    public func classIndices(_ column: Column) -> [Int] {
        guard task != .regression else { return [Int](repeating: -1, count: column.count) }
        var index: [String: Int] = [:]
        for (k, c) in classes.enumerated() { index[c] = k }
        // Numeric columns may spell "1" as 1.0 in another file: match numerically too.
        var numericIndex: [Double: Int] = [:]
        for (k, c) in classes.enumerated() { if let v = Double(c) { numericIndex[v] = k } }
        func lookup(_ t: String) -> Int {
            if let k = index[t] { return k }
            if let v = Double(t), let k = numericIndex[v] { return k }
            return -1
        }
        if case let .categorical(codes, levels) = column.values {
            let classOf = levels.map(lookup)
            return codes.map { $0 < 0 ? -1 : classOf[Int($0)] }
        }
        return (0..<column.count).map { r in column.text(at: r).map(lookup) ?? -1 }
    }

    /// Labels as Floats, one per row: the class index for classification, the value for regression;
    /// NaN for a missing or unknown label.
    public func labels(_ column: Column) -> [Float] {
        if task == .regression {
            let numbers = column.numbers ?? column.converted(to: .numeric).column.numbers!
            return numbers.map { $0.isFinite ? Float($0) : .nan }
        }
        return classIndices(column).map { $0 < 0 ? .nan : Float($0) }
    }
}
