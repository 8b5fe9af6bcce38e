import Foundation
import GalenTensor

/// A column the fitted pipeline reads, with its type and allowed values: the input schema of a model.
public struct InputColumn: Codable, Sendable, Equatable {
    /// Column name.
    public var name: String
    /// Type the column must have (values are converted, with warnings, when a file types it differently).
    public var type: ColumnType
    /// Categorical: every category seen in training, sorted. Others are "unseen" at prediction time.
    public var categories: [String]?
    /// Boolean: the spellings seen in training.
    public var booleanLabels: BooleanLabels?
    /// Date: whether ambiguous numeric dates were read day-first.
    public var dayFirst: Bool?
}

/// How one input column becomes feature columns.
public struct ColumnEncoding: Codable, Sendable, Equatable {
    /// The input column.
    public var column: String
    /// Its type.
    public var type: ColumnType
    /// Index of its first feature in the output matrix.
    public var firstFeature: Int
    /// Numeric, boolean, date: the value put in place of a missing one (median; boolean: most frequent).
    public var fill: Double?
    /// Categorical: the category put in place of a missing one (most frequent).
    public var fillCategory: String?
    /// Whether a "[missing]" 0/1 feature follows (the column had missing values in training).
    public var missingIndicator: Bool
    /// Standardisation: subtract `center`, divide by `scale` (numeric and date; nil for no scaling).
    public var center: Double?
    /// Standardisation divisor (training standard deviation, 1 when that was 0).
    public var scale: Double?
    /// Categorical: the categories with their own one-hot feature, in feature order.
    public var categories: [String]
    /// Categorical: categories seen in training that share the "[other]" feature (rare or beyond the cap).
    public var otherCategories: [String]

    /// Number of features this column produces.
    public var featureCount: Int {
        let base = type == .categorical ? categories.count + (otherCategories.isEmpty ? 0 : 1) : 1
        return base + (missingIndicator ? 1 : 0)
    }
}

/// A column left out of the features, and why.
public struct ExcludedColumn: Codable, Sendable, Equatable {
    /// Why a column was left out.
    public enum Reason: String, Codable, Sendable {
        /// It is the target column.
        case target
        /// Listed in `PreprocessingOptions.excludeColumns`.
        case excludedByUser
        /// Looks like an identifier (see `IDColumnDetection`).
        case idLike
        /// No value in the training rows.
        case allMissing
        /// A single value in the training rows.
        case constant
        /// Text with about one distinct value per row (free text).
        case highCardinality
    }
    /// Column name.
    public var name: String
    /// Why.
    public var reason: Reason
    /// Explanation for the log.
    public var detail: String
}

/// What `Preprocessor.transform` returns.
public struct TransformResult: Sendable {
    /// The feature matrix, shape `[rows, featureCount]`, Float32, row-major; one row per input row, same order.
    public var features: Tensor
    /// Names of the feature columns (`age`, `age [missing]`, `sex=female`, `sex [other]`...).
    public var featureNames: [String]
    /// Warnings about the input rows used (type mismatches, non-finite numbers, unseen categories): the input
    /// table's own warnings for the columns the pipeline reads, then those raised by the transform.
    public var warnings: [DataWarning]
}

/// The preprocessing pipeline: fitted once on training rows, stored with the model (it is `Codable`), and
/// replayed exactly on any later data.
///
/// Fitting (`fit`) decides, per column: exclusion (target, user list, identifiers, all missing, constant, free
/// text), imputation (median for numeric and date columns, most frequent value for boolean and categorical),
/// a missing-indicator feature for columns with missing values in training, one-hot encoding of categories
/// (rare ones and those beyond `maxCategories` share an "[other]" feature), and standardisation of numeric and
/// date features (mean and population standard deviation after imputation; 0 → 1). Dates become days since
/// 1970-01-01. Booleans become 0/1. Everything it did is in `log`.
///
/// Transforming (`transform`) checks the input against the fitted schema: missing required columns are an error
/// naming them; extra columns are ignored; a column typed differently is converted with a warning per value
/// that does not fit (row and column named); a category not seen in training is encoded as all zeros with a
/// warning; non-finite numbers are treated as missing with a warning.
public struct Preprocessor: Codable, Sendable, Equatable {
    /// Version of this structure's JSON layout.
    public var formatVersion: Int
    /// The options used to fit.
    public var options: PreprocessingOptions
    /// Columns the pipeline reads (the model's input schema), in feature order.
    public var inputColumns: [InputColumn]
    /// How each input column is encoded, same order as `inputColumns`.
    public var encodings: [ColumnEncoding]
    /// Columns of the training table that are not used, with reasons.
    public var excludedColumns: [ExcludedColumn]
    /// Output feature names, in matrix column order.
    public var featureNames: [String]
    /// Number of training rows the pipeline was fitted on.
    public var trainingRows: Int
    /// What fitting decided, for the report.
    public var log: PreprocessingLog
    /// Warnings raised while fitting (excluded columns...).
    public var warnings: [DataWarning]

    /// Number of output features.
    public var featureCount: Int { featureNames.count }

    /// Fits the pipeline on `table` (the training rows only).
    /// - Parameters:
    ///   - target: the target column, left out of the features (need not be present).
    ///   - options: fitting choices.
    /// - Throws: `DataError.notEnoughData` for an empty table, `DataError.unknownColumn` for names in
    ///   `options.excludeColumns`/`keepColumns` that do not exist, `DataError.noFeatures` when no column is usable.
    public static func fit(_ table: Table, target: String? = nil, options: PreprocessingOptions = PreprocessingOptions()) throws -> Preprocessor {
        guard table.rowCount > 0 else { throw DataError.notEnoughData("no training rows to fit preprocessing on") }
        for name in options.excludeColumns + options.keepColumns where table.column(named: name) == nil {
            throw table.unknownColumnError(name, role: "listed")
        }
        let n = table.rowCount
        var log = PreprocessingLog()
        var warnings: [DataWarning] = []
        var inputs: [InputColumn] = []
        var encodings: [ColumnEncoding] = []
        var excluded: [ExcludedColumn] = []
        var names: [String] = []
        let exclude = Set(options.excludeColumns), keep = Set(options.keepColumns)

        func leaveOut(_ name: String, _ reason: ExcludedColumn.Reason, _ detail: String, warn kind: DataWarning.Kind?) {
            excluded.append(ExcludedColumn(name: name, reason: reason, detail: detail))
            log.add(.excludeColumn, column: name, "not used: \(detail)")
            if let kind { warnings.append(DataWarning(kind: kind, column: name, message: "not used as a feature: \(detail)")) }
        }

        for column in table.columns {
            let name = column.name
            if name == target { leaveOut(name, .target, "it is the target", warn: nil); continue }
            if exclude.contains(name) { leaveOut(name, .excludedByUser, "excluded by request", warn: nil); continue }
            let missing = countMissingOrNonFinite(column)
            let present = n - missing
            if present == 0 { leaveOut(name, .allMissing, "every value is missing", warn: .allMissingColumn); continue }
            if !keep.contains(name) && options.detectIDColumns, let why = IDColumnDetection.reason(for: column) {
                leaveOut(name, .idLike, "it looks like an identifier (\(why))", warn: .idLikeColumn)
                continue
            }
            let distinct = column.distinctCount
            if distinct <= 1 && missing == 0 {
                leaveOut(name, .constant, "it has a single value ('\(column.text(at: 0) ?? "")')", warn: .constantColumn)
                continue
            }
            let indicator = options.missingIndicators && missing > 0
            var encoding = ColumnEncoding(column: name, type: column.type, firstFeature: names.count, fill: nil,
                                          fillCategory: nil, missingIndicator: indicator, center: nil, scale: nil,
                                          categories: [], otherCategories: [])
            var input = InputColumn(name: name, type: column.type)
            switch column.values {
            case let .numeric(v), let .date(v, _):
                let values = v.filter { $0.isFinite }
                let median = Preprocessor.median(values)
                encoding.fill = median
                if case let .date(_, dayFirst) = column.values {
                    input.dayFirst = dayFirst
                    log.add(.encodeDate, column: name, "dates as days since 1970-01-01")
                }
                if missing > 0 {
                    log.add(.impute, column: name, "\(missing) missing value(s) (\(percent(missing, n))) filled with the median \(formatNumber(median))")
                }
                if options.standardize {
                    // Statistics after imputation, as the model will see the column.
                    // Running mean and sum of squares (Welford): no overflow for large magnitudes.
                    var mean = 0.0, m2 = 0.0, k = 0.0
                    for x in v {
                        let y = x.isFinite ? x : median
                        k += 1
                        let d = y - mean
                        mean += d / k
                        m2 += d * (y - mean)
                    }
                    var sd = (m2 / Double(n)).squareRoot()
                    if !mean.isFinite { mean = median }
                    if !(sd > 0) || !sd.isFinite { sd = 1 }
                    encoding.center = mean
                    encoding.scale = sd
                    log.add(.standardize, column: name, "standardised with mean \(formatStat(mean)) and standard deviation \(formatStat(sd))")
                }
                names.append(name)
            case let .boolean(v, labels):
                var ones = 0, zeros = 0
                for x in v where !x.isNaN { if x != 0 { ones += 1 } else { zeros += 1 } }
                let fill: Double = ones > zeros ? 1 : 0
                encoding.fill = fill
                input.booleanLabels = labels
                log.add(.encodeBoolean, column: name, "'\(labels.trueLabel)' as 1, '\(labels.falseLabel)' as 0")
                if missing > 0 {
                    log.add(.impute, column: name, "\(missing) missing value(s) (\(percent(missing, n))) filled with the most frequent value '\(fill == 1 ? labels.trueLabel : labels.falseLabel)'")
                }
                names.append(name)
            case let .categorical(codes, levels):
                let counts = TypeInference.levelCounts(codes, levels: levels.count)
                let used = levels.indices.filter { counts[$0] > 0 }
                if !keep.contains(name), used.count > options.maxCategories,
                   Double(used.count) > options.highCardinalityRatio * Double(present) {
                    leaveOut(name, .highCardinality,
                             "\(used.count) different values in \(present) rows; it looks like free text or an identifier",
                             warn: .highCardinalityColumn)
                    continue
                }
                // Most frequent first, ties by name, so the encoding does not depend on row order.
                let ranked = used.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : levels[$0] < levels[$1] }
                var kept = ranked.filter { counts[$0] >= options.minCategoryCount }.prefix(max(1, options.maxCategories)).map { $0 }
                if kept.isEmpty { kept = [ranked[0]] }
                let keptSet = Set(kept)
                let other = ranked.filter { !keptSet.contains($0) }
                encoding.categories = kept.map { levels[$0] }
                encoding.otherCategories = other.map { levels[$0] }.sorted()
                encoding.fillCategory = levels[ranked[0]]
                input.categories = used.map { levels[$0] }.sorted()
                log.add(.oneHot, column: name, "one-hot encoded into \(kept.count) categor\(kept.count == 1 ? "y" : "ies")"
                        + (kept.count <= 8 ? " (" + encoding.categories.joined(separator: ", ") + ")" : ""))
                if !other.isEmpty {
                    let rows = other.reduce(0) { $0 + counts[$1] }
                    log.add(.groupRareCategories, column: name,
                            "\(other.count) rare categor\(other.count == 1 ? "y" : "ies") (\(rows) row(s)) share one '[other]' feature")
                    warnings.append(DataWarning(kind: .rareCategories, column: name, message:
                        "\(other.count) categor\(other.count == 1 ? "y is" : "ies are") too rare for a feature of its own and share '[other]'"))
                }
                if missing > 0 {
                    log.add(.impute, column: name, "\(missing) missing value(s) (\(percent(missing, n))) filled with the most frequent category '\(levels[ranked[0]])'")
                }
                names += encoding.categories.map { "\(name)=\($0)" }
                if !other.isEmpty { names.append("\(name) [other]") }
            }
            if indicator {
                names.append("\(name) [missing]")
                log.add(.missingIndicator, column: name, "added the 0/1 feature '\(name) [missing]'")
            }
            inputs.append(input)
            encodings.append(encoding)
        }
        guard !encodings.isEmpty else {
            let why = excluded.filter { $0.reason != .target }.map { "'\($0.name)' (\($0.detail))" }.prefix(10).joined(separator: "; ")
            throw DataError.noFeatures(reason: why.isEmpty ? "the table has no column besides the target" : "every column was left out: \(why)")
        }
        return Preprocessor(formatVersion: 1, options: options, inputColumns: inputs, encodings: encodings,
                            excludedColumns: excluded, featureNames: uniqueNames(names), trainingRows: n, log: log,
                            warnings: warnings)
    }

    private static func countMissingOrNonFinite(_ column: Column) -> Int {
        guard let v = column.numbers else { return column.missingCount }
        var k = 0
        for x in v where !x.isFinite { k += 1 }
        return k
    }

    /// The median of `values` (mean of the middle two for an even count); 0 for none.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = values.sorted()
        let m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }

    private static func percent(_ k: Int, _ n: Int) -> String {
        let p = 100 * Double(k) / Double(max(1, n))
        return p < 0.1 && k > 0 ? "<0.1%" : "\(formatStat(p))%"
    }

    private static func uniqueNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.map { name in
            var candidate = name
            var k = 2
            while seen.contains(candidate) { candidate = "\(name) (\(k))"; k += 1 }
            seen.insert(candidate)
            return candidate
        }
    }

    /// Options for reading files to transform: `base` with every input column's type set (and the day-first
    /// order of date columns), so that files are typed as in training and bad values are flagged per cell.
    public func readOptions(base: CSVReadOptions = CSVReadOptions()) -> CSVReadOptions {
        var o = base
        for c in inputColumns { o.columnTypes[c.name] = c.type }
        if o.dayFirst == nil, let d = inputColumns.first(where: { $0.dayFirst != nil })?.dayFirst { o.dayFirst = d }
        return o
    }

    /// Applies the fitted pipeline to `table`.
    /// - Parameter strict: throw `DataError.strictWarning` for the first warning instead of returning it.
    /// - Returns: the feature matrix `[table.rowCount, featureCount]` (Float32), names, and warnings.
    /// - Throws: `DataError.missingColumns` naming every required column that is absent;
    ///   `DataError.strictWarning` in strict mode.
    public func transform(_ table: Table, strict: Bool = false) throws -> TransformResult {
        let required = inputColumns.map(\.name)
        let absent = required.filter { table.column(named: $0) == nil }
        if !absent.isEmpty { throw DataError.missingColumns(names: absent, source: table.source) }
        let used = Set(required)
        var warnings = table.warnings.filter { w in
            guard let c = w.column else { return false }
            return used.contains(c) && [.typeMismatch, .nonFiniteValue, .ambiguousDateOrder].contains(w.kind)
        }
        if strict, let first = warnings.first { throw DataError.strictWarning(first) }
        var collector = WarningCollector(perColumnLimit: 5)
        let rows = table.rowCount
        let width = featureNames.count
        let storage = TensorStorage(count: max(0, rows * width), repeating: 0)
        let out = storage.pointer
        var rowNumbers: [Int32]?
        func numbersForRows() -> [Int32] {
            if let rowNumbers { return rowNumbers }
            let r = (0..<rows).map { Int32(truncatingIfNeeded: table.rowNumber($0)) }
            rowNumbers = r
            return r
        }

        for (k, encoding) in encodings.enumerated() {
            let spec = inputColumns[k]
            var column = table.column(named: encoding.column)!
            if column.type != encoding.type {
                let converted = column.converted(to: encoding.type, dayFirst: spec.dayFirst, rowNumbers: numbersForRows())
                column = converted.column
                for w in converted.warnings { collector.add(w) }
            }
            let o = encoding.firstFeature
            switch column.values {
            case let .numeric(v), let .date(v, _), let .boolean(v, _):
                let fill = encoding.fill ?? 0
                let center = encoding.center ?? 0, scale = encoding.scale ?? 1
                let scaled = encoding.center != nil
                v.withUnsafeBufferPointer { vb in
                    for r in 0..<rows {
                        var x = vb[r]
                        var isMissing = x.isNaN
                        if !isMissing && !x.isFinite {
                            isMissing = true
                            collector.addCell(DataWarning(kind: .nonFiniteValue, column: encoding.column,
                                                          row: table.rowNumber(r), line: table.line(ofRow: r),
                                                          message: "'\(formatNumber(x))' is not a finite number; treated as missing"))
                        }
                        if isMissing { x = fill }
                        if encoding.type == .boolean { x = x != 0 ? 1 : 0 }
                        if scaled { x = (x - center) / scale }
                        out[r * width + o] = Float(x)
                        if encoding.missingIndicator && isMissing { out[r * width + o + 1] = 1 }
                    }
                }
            case let .categorical(codes, levels):
                // Map this table's levels to feature offsets: >= 0 a one-hot slot, -1 unseen.
                var slotOf: [String: Int] = [:]
                for (i, c) in encoding.categories.enumerated() { slotOf[c] = i }
                let otherSlot = encoding.otherCategories.isEmpty ? -1 : encoding.categories.count
                for c in encoding.otherCategories { slotOf[c] = otherSlot }
                let levelSlot = levels.map { slotOf[$0] ?? -1 }
                let fillSlot = encoding.fillCategory.flatMap { slotOf[$0] } ?? 0
                let indicatorOffset = encoding.categories.count + (otherSlot >= 0 ? 1 : 0)
                codes.withUnsafeBufferPointer { cb in
                    for r in 0..<rows {
                        let c = cb[r]
                        let base = r * width + o
                        if c < 0 {
                            out[base + fillSlot] = 1
                            if encoding.missingIndicator { out[base + indicatorOffset] = 1 }
                            continue
                        }
                        let slot = levelSlot[Int(c)]
                        if slot >= 0 {
                            out[base + slot] = 1
                        } else {
                            collector.addCell(DataWarning(kind: .unseenCategory, column: encoding.column,
                                                          row: table.rowNumber(r), line: table.line(ofRow: r),
                                                          message: "a category not seen in training (value not shown, to keep patient data out of logs); encoded as all zeros"))
                        }
                    }
                }
            }
        }
        warnings += collector.finished()
        if strict, let first = warnings.first { throw DataError.strictWarning(first) }
        let features = Tensor(shape: [rows, width], storage: storage)
        return TransformResult(features: features, featureNames: featureNames, warnings: warnings)
    }
}

/// A statistic printed with four significant digits.
func formatStat(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e9 { return String(Int64(x)) }
    let s = String(format: "%.4g", x)
    return s
}
