/// A table made ready for supervised learning: rows with a target, exact duplicates removed, the target
/// resolved and encoded. Split it (`Splits`) and fit a `Preprocessor` on the training rows.
public struct PreparedDataset: Sendable {
    /// The kept rows, all columns (the target column included).
    public var table: Table
    /// The resolved target.
    public var target: TargetInfo
    /// One label per row of `table`: class index (binary: 1 = positive) or regression value.
    public var labels: [Float]
    /// One class index per row for classification (for stratified splits); empty for regression.
    public var classIndices: [Int]
    /// Rows dropped because the target was missing.
    public var droppedMissingTarget: Int
    /// Exact duplicate rows dropped.
    public var droppedDuplicates: Int
    /// What was done, for the report.
    public var log: PreprocessingLog
    /// Warnings from reading the table plus those raised here.
    public var warnings: [DataWarning]

    /// Prepares `table` for predicting `target`: drops rows whose target is missing (counted), removes exact
    /// duplicate rows (counted, when `removeDuplicates`; done before any split so that copies of a row cannot land
    /// in both training and test data), then resolves the target with `TargetInfo.resolve`.
    /// - Throws: `DataError.unknownColumn`, `targetAllMissing`, `targetHasOneClass`, `invalidTarget`.
    public static func prepare(_ table: Table, target: String, task: TaskKind? = nil, positiveClass: String? = nil,
                               removeDuplicates: Bool = true, maxClasses: Int = 50) throws -> PreparedDataset {
        let targetColumn = try table.column(target, role: "target")
        var log = PreprocessingLog()
        var warnings = table.warnings
        let keep = (0..<table.rowCount).filter { !targetColumn.isMissing($0) }
        if keep.isEmpty { throw DataError.targetAllMissing(column: target) }
        var t = table
        let droppedMissing = table.rowCount - keep.count
        if droppedMissing > 0 {
            t = table.selecting(rows: keep)
            log.add(.dropMissingTarget, column: target, "dropped \(droppedMissing) row(s) with no target value")
            warnings.append(DataWarning(kind: .missingTarget, column: target,
                                        message: "\(droppedMissing) row(s) have no target value and were dropped"))
        }
        var droppedDuplicates = 0
        if removeDuplicates {
            let (deduped, removed) = t.removingDuplicateRows()
            if removed > 0 {
                t = deduped
                droppedDuplicates = removed
                log.add(.removeDuplicates, "removed \(removed) exact duplicate row(s)")
                warnings.append(DataWarning(kind: .duplicateRows, message: "\(removed) exact duplicate row(s) were removed"))
            } else {
                log.add(.removeDuplicates, "no exact duplicate rows")
            }
        }
        let info = try TargetInfo.resolve(t, column: target, task: task, positiveClass: positiveClass, maxClasses: maxClasses)
        let column = t.column(named: target)!
        let labels = info.labels(column)
        let classes = info.task == .regression ? [] : info.classIndices(column)
        switch info.task {
        case .binary:
            log.add(.resolveTarget, column: target, "binary target; positive class '\(info.classes[1])' (\(info.positiveClassReason ?? "")), "
                    + "\(info.classCounts[1]) positive and \(info.classCounts[0]) negative rows")
            let minority = Double(info.classCounts.min()!) / Double(info.classCounts.reduce(0, +))
            if minority < 0.2 {
                warnings.append(DataWarning(kind: .note, column: target, message: String(
                    format: "the classes are imbalanced (minority class %.1f%% of rows)", minority * 100)))
            }
        case .multiclass:
            log.add(.resolveTarget, column: target, "multiclass target with \(info.classes.count) classes: "
                    + zip(info.classes, info.classCounts).map { "\($0) (\($1))" }.joined(separator: ", "))
        case .regression:
            log.add(.resolveTarget, column: target, "regression target")
        }
        return PreparedDataset(table: t, target: info, labels: labels, classIndices: classes,
                               droppedMissingTarget: droppedMissing, droppedDuplicates: droppedDuplicates,
                               log: log, warnings: warnings)
    }

    /// Strata for stratified splitting: the class index for classification; for regression, the quantile bin
    /// (`regressionBins` bins of about equal size) of the target value.
    public func strata(regressionBins: Int = 5) -> [Int] {
        if target.task != .regression { return classIndices }
        return Splits.quantileBins(labels.map(Double.init), bins: regressionBins)
    }
}
