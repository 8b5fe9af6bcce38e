import Foundation
import GalenData

/// De-identifies a CSV file column by column according to a `DeidPolicy`, streaming it in batches so that files
/// of any length need bounded memory. Every column is read as text (nothing is re-formatted), each distinct value
/// of a batch is processed once, and the output is written atomically.
public struct TableDeidentifier {
    /// What a run did, for the command line and logs (no cell values).
    public struct Summary: Codable, Sendable {
        /// Data rows processed.
        public var rows = 0
        /// Output columns.
        public var columns: [String] = []
        /// Columns left out.
        public var dropped: [String] = []
        /// Mode per input column.
        public var modes: [String: String] = [:]
        /// Values changed per column.
        public var changed: [String: Int] = [:]
        /// Identifiers found per type in text columns.
        public var found: [String: Int] = [:]
        /// Warnings naming rows and columns (never values), at most 20 kept.
        public var warnings: [String] = []
        /// Number of warnings in all.
        public var warningCount = 0
    }

    /// The policy applied.
    public let policy: DeidPolicy
    /// The project key (needed by surrogate, pseudonymize, dateshift and keyed text modes).
    public let key: ProjectKey?
    /// Rows per batch.
    public var batchRows = 16_384

    private let scanner: PHIScanner

    /// A de-identifier.
    /// - Parameter scanner: the scanner for text columns; nil: the shipped lists with the shipped name tagger.
    /// - Throws: `PrivacyError.missingKey` when a column's mode needs a key and none is given;
    ///   `PrivacyError.invalidTagger` when `scanner` is nil and the shipped name-tagger weights cannot be loaded.
    public init(policy: DeidPolicy, key: ProjectKey?, scanner: PHIScanner? = nil) throws {
        if scanner == nil, case let .failure(error) = NameTagger.bundled { throw error }
        self.scanner = try scanner ?? PHIScanner(tagger: NameTagger.bundled.get())
        if key == nil, let c = policy.columns.first(where: { $0.mode.needsKey }) {
            throw PrivacyError.missingKey(reason: "column '\(c.name)' uses mode '\(c.mode.name)'")
        }
        if key == nil, policy.shiftTextDates {
            throw PrivacyError.missingKey(reason: "text_dates: shift derives offsets from the project key")
        }
        self.policy = policy
        self.key = key
    }

    /// De-identifies the CSV at `input`, writing CSV to `output` (atomically) or to `sink` when `output` is nil.
    /// - Throws: `PrivacyError.unknownColumns` when the policy names absent columns (or `default: error` meets an
    ///   unlisted column), `DataError` for unreadable input, `PrivacyError.cannotWrite` for output problems.
    @discardableResult
    public func run(input: String, output: String?, sink: ((String) -> Void)? = nil,
                    progress: ((Int) -> Void)? = nil) throws -> Summary {
        let probe = try CSVBatchReader(path: input, options: CSVReadOptions(missingTokens: []), chunkSize: 4096)
        let header = probe.header
        let named = policy.columns.map(\.name) + (policy.patientColumn.map { [$0] } ?? [])
        let absent = named.filter { !header.contains($0) }
        if !absent.isEmpty {
            throw PrivacyError.unknownColumns(names: Array(Set(absent)).sorted(), source: input, available: header)
        }
        var modes: [ColumnMode] = []
        for name in header {
            guard let m = policy.mode(of: name) else {
                throw PrivacyError.invalidPolicy(source: input, reason: "column '\(name)' is not in the policy and the policy's default is 'error'")
            }
            modes.append(m)
        }
        var summary = Summary()
        let kept = header.indices.filter { modes[$0] != .drop }
        summary.columns = kept.map { header[$0] }
        summary.dropped = header.indices.filter { modes[$0] == .drop }.map { header[$0] }
        for (i, n) in header.enumerated() { summary.modes[n] = modes[i].name }
        for c in header.indices where modes[c] == .keep && TableDeidentifier.looksLikeImageColumn(header[c]) {
            warn(&summary, "column '\(header[c])' looks like images or photographs (full-face photographs are identifiers); drop or review it")
        }

        var options = CSVReadOptions(missingTokens: [])
        options.columnTypes = Dictionary(uniqueKeysWithValues: header.map { ($0, ColumnType.categorical) })
        let reader = try CSVBatchReader(path: input, options: options)
        let file = try output.map { try AtomicOutputFile(path: $0) }
        let delimiter = reader.format.delimiter
        func emit(_ bytes: [UInt8]) throws {
            if let file { try file.write(bytes) } else { sink?(String(decoding: bytes, as: UTF8.self)) }
        }
        try emit(Array(CSVWriter.row(summary.columns, delimiter: delimiter).utf8))

        let shifter = key.map { DateShifter(key: $0, windowDays: policy.dateShiftDays, scanner: scanner) }
        let patientIndex = policy.patientColumn.flatMap { header.firstIndex(of: $0) }
        var textDeids: [Int: TextDeidentifier] = [:]
        for c in kept { if case let .text(r) = modes[c] { textDeids[c] = try TextDeidentifier(mode: r, key: key, scanner: scanner) } }

        while let batch = try reader.next(maxRows: batchRows) {
            let n = batch.rowCount
            var out: [[String?]] = []  // per kept column, per row
            for c in kept {
                let column = batch.columns[c]
                let name = header[c]
                guard case let .categorical(codes, levels) = column.values else { continue }
                var values = [String?](repeating: nil, count: n)
                switch modes[c] {
                case .keep:
                    for r in 0..<n where codes[r] >= 0 { values[r] = levels[Int(codes[r])] }
                case .dateshift:
                    for r in 0..<n where codes[r] >= 0 {
                        let v = levels[Int(codes[r])]
                        let patient = patientIndex.flatMap { batch.columns[$0].text(at: r) }
                        guard let patient else {
                            warn(&summary, "row \(batch.rowNumber(r)), column '\(name)': no patient ID, date redacted")
                            values[r] = DateShifter.redactedDate
                            continue
                        }
                        if let s = shifter!.shift(v, by: shifter!.offset(forPatient: patient)) { values[r] = s } else {
                            warn(&summary, "row \(batch.rowNumber(r)), column '\(name)': no date recognised, value redacted")
                            values[r] = DateShifter.redactedDate
                        }
                        summary.changed[name, default: 0] += 1
                    }
                case let .text(r) where policy.shiftTextDates:
                    // Dates in the text move with the patient, so they agree with the dateshift columns.
                    for r0 in 0..<n where codes[r0] >= 0 {
                        let v = levels[Int(codes[r0])]
                        let patient = patientIndex.flatMap { batch.columns[$0].text(at: r0) }
                        let deid = try TextDeidentifier(mode: r, key: key, dateShift: patient.map { shifter!.offset(forPatient: $0) },
                                                        scanner: scanner)
                        var types: [PHIType] = []
                        values[r0] = deid.deidentify(v) { types.append($0.type) }
                        for t in types { summary.found[t.rawValue, default: 0] += 1 }
                        if values[r0] != v { summary.changed[name, default: 0] += 1 }
                    }
                default:
                    var mapped = [String?](repeating: nil, count: levels.count)
                    var seen = [Bool](repeating: false, count: levels.count)
                    for r in 0..<n where codes[r] >= 0 {
                        let code = Int(codes[r])
                        if !seen[code] {
                            seen[code] = true
                            mapped[code] = transform(levels[code], mode: modes[c], column: name, text: textDeids[c], summary: &summary)
                        }
                        values[r] = mapped[code]
                        if mapped[code] != levels[code] { summary.changed[name, default: 0] += 1 }
                    }
                }
                out.append(values)
            }
            var bytes = [UInt8]()
            bytes.reserveCapacity(n * kept.count * 12)
            for r in 0..<n {
                for k in out.indices {
                    if k > 0 { bytes.append(delimiter) }
                    if let v = out[k][r] { bytes.append(contentsOf: CSVWriter.field(v, delimiter: delimiter).utf8) }
                }
                bytes.append(0x0A)
            }
            // A scanning source that failed (the transformer tagger's weights, loaded on the first long cell)
            // leaves this batch under-scanned: stop before it is written; the output file is never created.
            if let failure = scanner.sourceFailure { throw failure }
            try emit(bytes)
            summary.rows += n
            progress?(summary.rows)
        }
        try file?.commit()
        return summary
    }

    private func transform(_ value: String, mode: ColumnMode, column: String, text: TextDeidentifier?,
                           summary: inout Summary) -> String {
        switch mode {
        case .keep, .drop, .dateshift: return value
        case let .redact(type):
            guard let type = type ?? TableDeidentifier.typeHint(column) else { return "[REDACTED]" }
            return TextDeidentifier.redacted(value, type: type, scanner: scanner)
        case let .surrogate(type):
            return Surrogates(key: key!, lexicon: scanner.lexicon).surrogate(for: value, type: type ?? TableDeidentifier.typeHint(column) ?? .identifier)
        case .pseudonymize:
            return key!.pseudonym(value)
        case .text:
            var types: [PHIType] = []
            let result = text!.deidentify(value) { types.append($0.type) }
            for t in types { summary.found[t.rawValue, default: 0] += 1 }
            return result
        }
    }

    private func warn(_ summary: inout Summary, _ message: String) {
        summary.warningCount += 1
        if summary.warnings.count < 20 { summary.warnings.append(message) }
    }

    /// The identifier type suggested by a column name (`zip` → ZIP, `dob` → DATE, `email` → EMAIL), if any.
    public static func typeHint(_ column: String) -> PHIType? {
        let c = column.lowercased()
        let hints: [(String, PHIType)] = [("zip", .zip), ("postal", .zip), ("email", .email), ("mail", .email), ("phone", .phone),
                                          ("fax", .fax), ("ssn", .ssn), ("mrn", .mrn), ("dob", .date), ("date", .date),
                                          ("birth", .date), ("age", .age), ("name", .name), ("address", .location),
                                          ("street", .location), ("city", .location), ("county", .location), ("url", .url),
                                          ("ip", .ip), ("vin", .vehicle), ("plate", .vehicle), ("serial", .device),
                                          ("device", .device), ("account", .account), ("license", .license),
                                          ("photo", .photo), ("image", .photo)]
        return hints.first { c.contains($0.0) }?.1
    }

    /// Whether a column name suggests images or photographs.
    public static func looksLikeImageColumn(_ column: String) -> Bool {
        let c = column.lowercased()
        return ["photo", "image", "picture", "face", "portrait", "headshot"].contains { c.contains($0) }
    }
}

extension DateShifter {
    /// What replaces a value that should be a date but holds none that can be shifted.
    public static let redactedDate = "[DATE]"
}
