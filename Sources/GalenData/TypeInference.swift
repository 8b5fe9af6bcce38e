/// Turns text columns into typed columns: inference (boolean, date, categorical) and conversions between types,
/// with a warning naming row and column for each value that does not fit (up to a limit per column).
enum TypeInference {
    /// Where the rows of a column sit in their file, for messages.
    struct RowPlaces {
        var rowOffset: Int
        var lines: [Int32]?
        var rowNumbers: [Int32]?

        func row(_ r: Int) -> Int { rowNumbers.map { Int($0[r]) } ?? rowOffset + r + 1 }
        func line(_ r: Int) -> Int? { lines.map { Int($0[r]) } }
    }

    /// Count of each level's occurrences.
    static func levelCounts(_ codes: [Int32], levels: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: levels)
        codes.withUnsafeBufferPointer { b in
            for c in b where c >= 0 { counts[Int(c)] += 1 }
        }
        return counts
    }

    /// The inferred column for text values: boolean when every level is a boolean word (0/1 allowed alongside),
    /// date when every level is a date of one family, categorical otherwise.
    static func classify(name: String, codes: [Int32], levels: [String], dayFirst: Bool?,
                         places: RowPlaces) -> (Column, [DataWarning]) {
        let counts = levelCounts(codes, levels: levels.count)
        let used = levels.indices.filter { counts[$0] > 0 }
        if !used.isEmpty {
            let anyWord = used.contains { BooleanTokens.isWord(levels[$0]) }
            if anyWord, used.allSatisfy({ BooleanTokens.value(levels[$0], allowDigits: true) != nil }) {
                return (booleanColumn(name: name, codes: codes, levels: levels, counts: counts), [])
            }
            if let parsed = DateParsing.parseColumn(used.map { levels[$0] }, dayFirst: dayFirst) {
                var dayOf = [Double](repeating: .nan, count: levels.count)
                for (k, l) in used.enumerated() { dayOf[l] = parsed.days[k]! }
                let values = codes.map { $0 < 0 ? Double.nan : dayOf[Int($0)] }
                var warnings: [DataWarning] = []
                if parsed.guessed {
                    warnings.append(DataWarning(kind: .ambiguousDateOrder, column: name, message:
                        "dates like '\(levels[used[0]])' could be day-first or month-first; read as month-first "
                        + "(MM/DD/YYYY). Set the day-first option if that is wrong"))
                }
                return (Column(name: name, values: .date(values, dayFirst: parsed.dayFirst)), warnings)
            }
        }
        return (Column(name: name, values: .categorical(codes: codes, levels: levels)), [])
    }

    /// A boolean column from text codes whose levels are all boolean spellings; labels are the most frequent
    /// spelling of each value.
    static func booleanColumn(name: String, codes: [Int32], levels: [String], counts: [Int]) -> Column {
        var valueOf = [Double](repeating: .nan, count: levels.count)
        var bestTrue: (String, Int)?, bestFalse: (String, Int)?
        for (l, text) in levels.enumerated() {
            guard let v = BooleanTokens.value(text, allowDigits: true) else { continue }
            valueOf[l] = v ? 1 : 0
            guard counts[l] > 0 else { continue }
            if v { if bestTrue == nil || counts[l] > bestTrue!.1 { bestTrue = (text, counts[l]) } } else if bestFalse == nil || counts[l] > bestFalse!.1 {
                bestFalse = (text, counts[l])
            }
        }
        let trueLabel = bestTrue?.0 ?? bestFalse.map { BooleanTokens.counterpart($0.0) } ?? "true"
        let falseLabel = bestFalse?.0 ?? BooleanTokens.counterpart(trueLabel)
        let values = codes.map { $0 < 0 ? Double.nan : valueOf[Int($0)] }
        return Column(name: name, values: .boolean(values, labels: BooleanLabels(falseLabel: falseLabel, trueLabel: trueLabel)))
    }

    /// Warnings for cells whose level is marked bad, naming up to `limit` rows and summarising the rest.
    static func badCellWarnings(name: String, codes: [Int32], bad: [Bool], levels: [String], kind: DataWarning.Kind,
                                places: RowPlaces, limit: Int, what: String) -> [DataWarning] {
        var out: [DataWarning] = []
        var total = 0
        for (r, c) in codes.enumerated() where c >= 0 && bad[Int(c)] {
            total += 1
            if out.count < limit {
                out.append(DataWarning(kind: kind, column: name, row: places.row(r), line: places.line(r),
                                       message: "a value that is not \(what) (not shown, to keep patient data out of logs); read as missing"))
            }
        }
        if total > limit {
            out.append(DataWarning(kind: kind, column: name,
                                   message: "\(total - limit) more value(s) in this column are not \(what) (\(total) in all); read as missing"))
        }
        return out
    }

    /// Converts text codes to a column of the requested type. Values that do not fit become missing with
    /// `typeMismatch` warnings naming row and column.
    static func convertText(name: String, codes: [Int32], levels: [String], to type: ColumnType, dayFirst: Bool?,
                            decimalComma: Bool, places: RowPlaces, limit: Int) -> (Column, [DataWarning]) {
        switch type {
        case .categorical:
            return (Column(name: name, values: .categorical(codes: codes, levels: levels)), [])
        case .numeric:
            var valueOf = [Double](repeating: .nan, count: levels.count)
            var bad = [Bool](repeating: false, count: levels.count)
            var infinite = [Bool](repeating: false, count: levels.count)
            for (l, text) in levels.enumerated() {
                var u = Array(text.utf8)
                let v = u.withUnsafeMutableBufferPointer { b in
                    b.isEmpty ? nil : NumberParsing.parse(b.baseAddress!, b.count, decimalComma: decimalComma)
                }
                if let v, v.isFinite { valueOf[l] = v } else if v != nil { infinite[l] = true } else { bad[l] = true }
            }
            let values = codes.map { $0 < 0 ? Double.nan : valueOf[Int($0)] }
            let warnings = badCellWarnings(name: name, codes: codes, bad: bad, levels: levels, kind: .typeMismatch,
                                           places: places, limit: limit, what: "a number")
                + badCellWarnings(name: name, codes: codes, bad: infinite, levels: levels, kind: .nonFiniteValue,
                                  places: places, limit: limit, what: "a finite number")
            return (Column(name: name, values: .numeric(values)), warnings)
        case .boolean:
            var bad = [Bool](repeating: false, count: levels.count)
            var mapped = codes
            for (l, text) in levels.enumerated() where BooleanTokens.value(text, allowDigits: true) == nil { bad[l] = true }
            for i in mapped.indices where mapped[i] >= 0 && bad[Int(mapped[i])] { mapped[i] = -1 }
            let counts = levelCounts(mapped, levels: levels.count)
            let column = booleanColumn(name: name, codes: mapped, levels: levels, counts: counts)
            return (column, badCellWarnings(name: name, codes: codes, bad: bad, levels: levels, kind: .typeMismatch,
                                            places: places, limit: limit, what: "a yes/no value"))
        case .date:
            var bad = [Bool](repeating: false, count: levels.count)
            var parsed: [DateParsing.Parsed?] = levels.map { DateParsing.parse($0) }
            let counts = levelCounts(codes, levels: levels.count)
            // Decide the order from the readable values in the most common family.
            var order = dayFirst
            if order == nil {
                let numericForm = parsed.compactMap { $0 }.filter { $0.family == .numericDMYorMDY }
                if numericForm.contains(where: { $0.first > 12 }) { order = true } else if numericForm.contains(where: { $0.second > 12 }) { order = false }
            }
            var valueOf = [Double](repeating: .nan, count: levels.count)
            for l in levels.indices {
                if let p = parsed[l], let d = DateParsing.days(p, dayFirst: order ?? false) { valueOf[l] = d } else {
                    bad[l] = counts[l] > 0
                    parsed[l] = nil
                }
            }
            let values = codes.map { $0 < 0 ? Double.nan : valueOf[Int($0)] }
            let usesNumericForm = parsed.contains { $0?.family == .numericDMYorMDY }
            return (Column(name: name, values: .date(values, dayFirst: usesNumericForm ? (order ?? false) : nil)),
                    badCellWarnings(name: name, codes: codes, bad: bad, levels: levels, kind: .typeMismatch,
                                    places: places, limit: limit, what: "a date"))
        }
    }
}

extension Column {
    /// This column converted to `type`, as when a column is read with a type override.
    ///
    /// Numbers become categories by their text (`formatNumber`), categories become numbers, booleans or dates by
    /// parsing their text, booleans become 0/1 numbers or their labels, dates become day counts or ISO text.
    /// Values that do not fit become missing, each with a `typeMismatch` warning naming row and column (up to
    /// `warningLimit` per column, then a count).
    /// - Parameters:
    ///   - rowNumbers: 1-based row numbers for messages (default: position + 1).
    ///   - dayFirst: order for ambiguous numeric dates.
    public func converted(to type: ColumnType, dayFirst: Bool? = nil, rowNumbers: [Int32]? = nil,
                          warningLimit: Int = 5) -> (column: Column, warnings: [DataWarning]) {
        if type == self.type { return (self, []) }
        let places = TypeInference.RowPlaces(rowOffset: 0, lines: nil, rowNumbers: rowNumbers)
        switch (values, type) {
        case let (.categorical(codes, levels), _):
            return TypeInference.convertText(name: name, codes: codes, levels: levels, to: type, dayFirst: dayFirst,
                                             decimalComma: false, places: places, limit: warningLimit)
        case let (.boolean(v, _), .numeric), let (.date(v, _), .numeric):
            return (Column(name: name, values: .numeric(v)), [])
        case let (.numeric(v), .boolean):
            var bad: [Int] = []
            let mapped = v.enumerated().map { (r, x) -> Double in
                if x.isNaN { return .nan }
                if x == 0 || x == 1 { return x }
                bad.append(r)
                return .nan
            }
            var warnings = bad.prefix(warningLimit).map { r in
                DataWarning(kind: .typeMismatch, column: name, row: places.row(r),
                            message: "a value that is not yes/no (not shown, to keep patient data out of logs); read as missing")
            }
            if bad.count > warningLimit {
                warnings.append(DataWarning(kind: .typeMismatch, column: name,
                                            message: "\(bad.count - warningLimit) more value(s) in this column are not yes/no values (\(bad.count) in all); read as missing"))
            }
            return (Column(name: name, values: .boolean(mapped, labels: BooleanLabels(falseLabel: "0", trueLabel: "1"))), warnings)
        default:
            // Through text: numbers, booleans and dates to categories, and the remaining pairs.
            let strings = (0..<count).map { text(at: $0) }
            let asText = Column(name: name, strings: strings)
            if type == .categorical { return (asText, []) }
            return asText.converted(to: type, dayFirst: dayFirst, rowNumbers: rowNumbers, warningLimit: warningLimit)
        }
    }
}
