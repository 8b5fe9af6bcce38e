import GalenTensor

/// Row indices of a train / validation / test split (0-based, ascending).
public struct SplitIndices: Codable, Sendable, Equatable {
    /// Rows to fit on.
    public var train: [Int]
    /// Rows for early stopping and threshold choice (may be empty).
    public var validation: [Int]
    /// Held-out rows for the final evaluation (may be empty).
    public var test: [Int]

    /// A split from its three index lists.
    public init(train: [Int], validation: [Int], test: [Int]) {
        self.train = train
        self.validation = validation
        self.test = test
    }
}

/// One fold of a k-fold cross-validation: fit on `train`, evaluate on `validation`.
public struct Fold: Codable, Sendable, Equatable {
    /// 0-based fold number.
    public var index: Int
    /// Rows to fit on (0-based, ascending).
    public var train: [Int]
    /// Rows to evaluate on (0-based, ascending).
    public var validation: [Int]
}

/// Seeded, deterministic splitting of rows: stratified train/validation/test, stratified k-fold, and group-aware
/// versions of both that never put two rows of one group (patient) in different parts.
///
/// Strata are any integers per row (class indices, or `quantileBins` of a regression target; pass nil for a plain
/// random split). The same inputs and seed give the same split on every run and machine (the shuffle is
/// Fisher–Yates driven by `SeededGenerator`, not the standard library's unspecified algorithm).
public enum Splits {
    /// A uniform integer in `0..<bound` (Lemire's method with rejection; unbiased).
    static func uniform(_ bound: Int, _ g: inout SeededGenerator) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        while true {
            let x = g.next()
            let m = x.multipliedFullWidth(by: b)
            if m.low >= b || m.low >= (0 &- b) % b { return Int(m.high) }
        }
    }

    /// Shuffles `a` in place (Fisher–Yates).
    static func shuffle<T>(_ a: inout [T], _ g: inout SeededGenerator) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = uniform(i + 1, &g)
            if i != j { a.swapAt(i, j) }
        }
    }

    /// Rows grouped by stratum, in ascending order of stratum value.
    private static func byStratum(count: Int, strata: [Int]?) -> [[Int]] {
        guard let strata else { return [Array(0..<count)] }
        var groups: [Int: [Int]] = [:]
        for r in 0..<count { groups[strata[r], default: []].append(r) }
        return groups.keys.sorted().map { groups[$0]! }
    }

    private static func checkFractions(validation: Double, test: Double) throws {
        guard validation >= 0, test >= 0, validation < 1, test < 1, validation + test < 1,
              validation.isFinite, test.isFinite else {
            throw DataError.invalidArgument(
                "split fractions must be in [0, 1) and leave rows for training (validation \(validation), test \(test))")
        }
    }

    /// Apportions `total` items over parts of the given sizes in proportion (largest remainder), capped by `caps`.
    private static func apportion(total: Int, weights: [Int], caps: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return [Int](repeating: 0, count: weights.count) }
        let exact = weights.map { Double(total) * Double($0) / Double(sum) }
        var out = zip(exact, caps).map { min(Int($0.0.rounded(.down)), $0.1) }
        var left = total - out.reduce(0, +)
        let order = weights.indices.sorted { (exact[$0] - exact[$0].rounded(.down)) > (exact[$1] - exact[$1].rounded(.down)) }
        var progress = true
        while left > 0 && progress {
            progress = false
            for k in order where left > 0 && out[k] < caps[k] {
                out[k] += 1
                left -= 1
                progress = true
            }
        }
        return out
    }

    /// How many rows a fraction asks for: rounded, but at least one when the fraction is positive.
    private static func share(_ fraction: Double, of n: Int) -> Int {
        fraction > 0 ? max(1, Int((Double(n) * fraction).rounded())) : 0
    }

    /// A stratified random split of `count` rows into train, validation and test.
    ///
    /// Each stratum is shuffled and divided so that every part holds about the requested fraction of it; totals
    /// match `count × fraction` (rounded, at least one row for a positive fraction).
    /// - Throws: `DataError.invalidArgument` for bad fractions or strata length, `DataError.notEnoughData` when
    ///   no training row would remain.
    public static func trainValidationTest(count: Int, strata: [Int]? = nil, validation: Double, test: Double,
                                           seed: UInt64) throws -> SplitIndices {
        try checkFractions(validation: validation, test: test)
        if let strata, strata.count != count {
            throw DataError.invalidArgument("\(strata.count) strata for \(count) rows")
        }
        let nTest = share(test, of: count), nVal = share(validation, of: count)
        guard count - nTest - nVal >= 1 else {
            throw DataError.notEnoughData("\(count) row(s) cannot make a training set with validation \(validation) and test \(test)")
        }
        var g = SeededGenerator(seed: seed)
        var groups = byStratum(count: count, strata: strata)
        for k in groups.indices { shuffle(&groups[k], &g) }
        let sizes = groups.map(\.count)
        let testPer = apportion(total: nTest, weights: sizes, caps: sizes)
        let valPer = apportion(total: nVal, weights: sizes, caps: zip(sizes, testPer).map { $0 - $1 })
        var split = SplitIndices(train: [], validation: [], test: [])
        for (k, rows) in groups.enumerated() {
            split.test += rows[0..<testPer[k]]
            split.validation += rows[testPer[k]..<(testPer[k] + valPer[k])]
            split.train += rows[(testPer[k] + valPer[k])...]
        }
        split.train.sort(); split.validation.sort(); split.test.sort()
        return split
    }

    /// Stratified k-fold cross-validation folds over `count` rows: every row is in exactly one validation fold;
    /// fold sizes differ by at most one, and so do each stratum's counts across folds.
    /// - Throws: `DataError.invalidArgument` when `k < 2` or `k > count`.
    public static func kFold(count: Int, k: Int, strata: [Int]? = nil, seed: UInt64) throws -> [Fold] {
        guard k >= 2, k <= count else {
            throw DataError.invalidArgument("k-fold needs 2 ≤ k ≤ number of rows (k = \(k), rows = \(count))")
        }
        if let strata, strata.count != count { throw DataError.invalidArgument("\(strata.count) strata for \(count) rows") }
        var g = SeededGenerator(seed: seed)
        var groups = byStratum(count: count, strata: strata)
        var foldOf = [Int](repeating: 0, count: count)
        var offset = 0
        for s in groups.indices {
            shuffle(&groups[s], &g)
            for (j, r) in groups[s].enumerated() { foldOf[r] = (offset + j) % k }
            offset += groups[s].count
        }
        return (0..<k).map { f in
            Fold(index: f, train: (0..<count).filter { foldOf[$0] != f }, validation: (0..<count).filter { foldOf[$0] == f })
        }
    }

    /// Dense group numbers from a group column (for example `patient_id`): equal values share a number;
    /// each row with a missing value is a group of its own.
    public static func groupIDs(_ column: Column) -> [Int] {
        var ids: [String: Int] = [:]
        var next = 0
        return (0..<column.count).map { r in
            guard let key = column.text(at: r) else { next += 1; return next - 1 }
            if let id = ids[key] { return id }
            ids[key] = next
            next += 1
            return next - 1
        }
    }

    /// Groups with their rows and majority stratum, grouped by that stratum (ascending), in first-seen order.
    private static func groupsByStratum(groups: [Int], strata: [Int]?) -> [[(rows: [Int], stratum: Int)]] {
        var rowsOf: [Int: [Int]] = [:]
        var order: [Int] = []
        for (r, gid) in groups.enumerated() {
            if rowsOf[gid] == nil { order.append(gid) }
            rowsOf[gid, default: []].append(r)
        }
        var byStratum: [Int: [(rows: [Int], stratum: Int)]] = [:]
        for gid in order {
            let rows = rowsOf[gid]!
            var stratum = 0
            if let strata {
                var counts: [Int: Int] = [:]
                for r in rows { counts[strata[r], default: 0] += 1 }
                stratum = counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }!.key
            }
            byStratum[stratum, default: []].append((rows, stratum))
        }
        return byStratum.keys.sorted().map { byStratum[$0]! }
    }

    /// A group-aware train / validation / test split: all rows of a group go to the same part. Groups are
    /// stratified by their majority stratum and assigned, in seeded random order, to the part furthest below its
    /// share of that stratum's rows. Every part asked for (positive fraction) gets at least one group when there
    /// are enough groups.
    /// - Parameter groups: a group number per row (see `groupIDs`).
    /// - Throws: `DataError.invalidArgument` for bad fractions or lengths, `DataError.notEnoughData` when there
    ///   are fewer groups than non-empty parts.
    public static func grouped(groups: [Int], strata: [Int]? = nil, validation: Double, test: Double,
                               seed: UInt64) throws -> SplitIndices {
        try checkFractions(validation: validation, test: test)
        if let strata, strata.count != groups.count {
            throw DataError.invalidArgument("\(strata.count) strata for \(groups.count) rows")
        }
        let fractions = [1 - validation - test, validation, test]
        let strataGroups = groupsByStratum(groups: groups, strata: strata)
        let groupCount = strataGroups.reduce(0) { $0 + $1.count }
        let wanted = fractions.filter { $0 > 0 }.count
        guard groupCount >= wanted else {
            throw DataError.notEnoughData("\(groupCount) group(s) cannot fill \(wanted) split parts")
        }
        var g = SeededGenerator(seed: seed)
        var parts: [[[Int]]] = [[], [], []]   // part -> list of groups (row lists)
        for var list in strataGroups {
            shuffle(&list, &g)
            let total = Double(list.reduce(0) { $0 + $1.rows.count })
            var have = [0.0, 0.0, 0.0]
            for group in list {
                var best = 0, bestDeficit = -Double.infinity
                for p in 0..<3 where fractions[p] > 0 {
                    let deficit = fractions[p] * total - have[p]
                    if deficit > bestDeficit + 1e-9 { best = p; bestDeficit = deficit }
                }
                parts[best].append(group.rows)
                have[best] += Double(group.rows.count)
            }
        }
        // Every requested part gets a group: move the smallest group from the part with the most groups.
        for p in 0..<3 where fractions[p] > 0 && parts[p].isEmpty {
            let donor = (0..<3).max { parts[$0].count < parts[$1].count }!
            guard parts[donor].count > 1 else { continue }
            let k = parts[donor].indices.min { parts[donor][$0].count < parts[donor][$1].count }!
            parts[p].append(parts[donor].remove(at: k))
        }
        guard !parts[0].isEmpty else { throw DataError.notEnoughData("no group left for training") }
        return SplitIndices(train: parts[0].flatMap { $0 }.sorted(), validation: parts[1].flatMap { $0 }.sorted(),
                            test: parts[2].flatMap { $0 }.sorted())
    }

    /// Group-aware k-fold: all rows of a group are in the same validation fold. Within each majority stratum,
    /// groups are taken in seeded random order, largest first, and each goes to the fold with the fewest rows.
    /// - Throws: `DataError.invalidArgument` when `k < 2` or there are fewer than `k` groups.
    public static func groupKFold(groups: [Int], k: Int, strata: [Int]? = nil, seed: UInt64) throws -> [Fold] {
        if let strata, strata.count != groups.count {
            throw DataError.invalidArgument("\(strata.count) strata for \(groups.count) rows")
        }
        let strataGroups = groupsByStratum(groups: groups, strata: strata)
        let groupCount = strataGroups.reduce(0) { $0 + $1.count }
        guard k >= 2, k <= groupCount else {
            throw DataError.invalidArgument("group k-fold needs 2 ≤ k ≤ number of groups (k = \(k), groups = \(groupCount))")
        }
        var g = SeededGenerator(seed: seed)
        var foldRows = [Int](repeating: 0, count: k)
        var foldOf = [Int](repeating: 0, count: groups.count)
        for var list in strataGroups {
            shuffle(&list, &g)
            let ordered = list.enumerated().sorted { a, b in
                a.element.rows.count != b.element.rows.count ? a.element.rows.count > b.element.rows.count : a.offset < b.offset
            }.map(\.element)
            var stratumRows = [Int](repeating: 0, count: k)
            for group in ordered {
                let f = (0..<k).min { a, b in
                    (stratumRows[a], foldRows[a], a) < (stratumRows[b], foldRows[b], b)
                }!
                for r in group.rows { foldOf[r] = f }
                stratumRows[f] += group.rows.count
                foldRows[f] += group.rows.count
            }
        }
        return (0..<k).map { f in
            Fold(index: f, train: groups.indices.filter { foldOf[$0] != f }, validation: groups.indices.filter { foldOf[$0] == f })
        }
    }

    /// Quantile bins 0..<bins of `values` by rank (ties broken by position), for stratifying a regression
    /// target; NaN values get their own bin `bins`.
    public static func quantileBins(_ values: [Double], bins: Int) -> [Int] {
        let b = max(1, bins)
        let present = values.indices.filter { !values[$0].isNaN }.sorted { (values[$0], $0) < (values[$1], $1) }
        var out = [Int](repeating: b, count: values.count)
        for (rank, r) in present.enumerated() { out[r] = rank * b / max(1, present.count) }
        return out
    }
}
