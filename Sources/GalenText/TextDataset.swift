import Foundation
import GalenData

/// Labelled (or unlabelled) texts read from a JSONL or CSV file: one text per line (JSONL object) or row (CSV),
/// with the text in `textColumn`, the label in `target` and optionally a group (`groupColumn`, e.g. a patient or
/// an ICD-10-CM code) that the split keeps together.
///
/// Labels are read as text (JSON numbers as their decimal form); class names are the distinct labels, sorted
/// numerically when all are integers ("1", "2", …, "22") and alphabetically otherwise.
public struct TextDataset: Sendable {
    /// The file's name (no directory), for reports and errors.
    public var source: String
    /// The texts, in file order.
    public var texts: [String]
    /// Each text's label as written in the file; nil when the file was read without a target.
    public var labelNames: [String]?
    /// Each text's group value, when a group column was given.
    public var groups: [String]?
    /// 1-based line of each text in the file (for messages).
    public var lines: [Int]

    /// Reads `path` (`.jsonl`/`.ndjson` as JSON Lines, anything else as CSV).
    /// - Parameters:
    ///   - textColumn: the field holding the text (default `text`).
    ///   - target: the field holding the label, or nil to read texts only (prediction).
    ///   - groupColumn: a field whose rows must stay in one split, or nil.
    /// - Throws: `TextError.unsuitableData` naming the file and line for a missing column or field, an empty text or
    ///   label, or a file without texts; `DataError` from the CSV reader (ragged rows, bad UTF-8) or for an unreadable
    ///   file.
    public static func read(path: String, textColumn: String = "text", target: String? = nil,
                            groupColumn: String? = nil) throws -> TextDataset {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        let records: [(line: Int, fields: [String: String])]
        if isJSONLines(path) {
            records = try readJSONLines(url)
        } else {
            records = try readCSV(url, required: [textColumn] + [target, groupColumn].compactMap { $0 })
        }
        guard !records.isEmpty else { throw TextError.unsuitableData("\(name) holds no texts") }
        var texts: [String] = [], labels: [String] = [], groups: [String] = [], lines: [Int] = []
        texts.reserveCapacity(records.count)
        for (line, fields) in records {
            func field(_ column: String, role: String) throws -> String {
                guard let value = fields[column] else {
                    throw TextError.unsuitableData("\(name), line \(line): no \(role) field '\(column)'"
                                                   + (role == "text" ? " (choose it with --text-column)" : ""))
                }
                guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw TextError.unsuitableData("\(name), line \(line): the \(role) field '\(column)' is empty")
                }
                return value
            }
            texts.append(try field(textColumn, role: "text"))
            if let target { labels.append(try field(target, role: "target").trimmingCharacters(in: .whitespaces)) }
            if let groupColumn { groups.append(try field(groupColumn, role: "group")) }
            lines.append(line)
        }
        return TextDataset(source: name, texts: texts, labelNames: target == nil ? nil : labels,
                           groups: groupColumn == nil ? nil : groups, lines: lines)
    }

    /// Whether `path` is read as JSON Lines (`.jsonl`, `.ndjson`, `.json` of one object per line).
    public static func isJSONLines(_ path: String) -> Bool {
        ["jsonl", "ndjson"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// The distinct labels in display order: numeric order when every label is an integer, else alphabetical.
    public static func classNames(of labels: [String]) -> [String] {
        let distinct = Array(Set(labels))
        if distinct.allSatisfy({ Int($0) != nil }) { return distinct.sorted { Int($0)! < Int($1)! } }
        return distinct.sorted()
    }

    /// Each text's class index in `classNames`.
    /// - Throws: `TextError.unsuitableData` naming the line of the first label that is not one of `classNames`
    ///   (the label itself is named, since it is a class name, not patient data).
    public func labels(classNames: [String]) throws -> [Int] {
        guard let labelNames else { throw TextError.unsuitableData("\(source) was read without a target column") }
        var index: [String: Int] = [:]
        for (i, c) in classNames.enumerated() { index[c] = i }
        return try labelNames.enumerated().map { i, label in
            guard let k = index[label] else {
                throw TextError.unsuitableData("\(source), line \(lines[i]): label '\(label)' is not one of the model's "
                                               + "\(classNames.count) classes (\(classNames.prefix(8).joined(separator: ", "))"
                                               + (classNames.count > 8 ? ", …" : "") + ")")
            }
            return k
        }
    }

    /// The texts at `indices`, in that order, with their labels, groups and lines.
    public func subset(_ indices: [Int]) -> TextDataset {
        TextDataset(source: source, texts: indices.map { texts[$0] }, labelNames: labelNames.map { l in indices.map { l[$0] } },
                    groups: groups.map { g in indices.map { g[$0] } }, lines: indices.map { lines[$0] })
    }

    /// The texts as JSON Lines: one object per text with `textColumn`, `target` (when labelled) and `groupColumn`
    /// (when grouped).
    public func jsonLines(textColumn: String, target: String, groupColumn: String?) throws -> Data {
        var out = Data()
        for i in texts.indices {
            var object: [String: String] = [textColumn: texts[i]]
            if let labelNames { object[target] = labelNames[i] }
            if let groupColumn, let groups { object[groupColumn] = groups[i] }
            out.append(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            out.append(0x0A)
        }
        return out
    }

    /// Records of a JSON Lines file: string, number and boolean values as text; blank lines skipped.
    static func readJSONLines(_ url: URL) throws -> [(line: Int, fields: [String: String])] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataError.cannotRead(source: url.path, reason: error.localizedDescription)
        }
        var out: [(line: Int, fields: [String: String])] = []
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            lineNumber += 1
            let line = data[start..<end]
            start = end < data.endIndex ? data.index(after: end) : end
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                throw TextError.unsuitableData("\(url.lastPathComponent), line \(lineNumber): not a JSON object")
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                if let s = value as? String { fields[key] = s }
                else if let n = value as? NSNumber { fields[key] = n.stringValue }
            }
            out.append((lineNumber, fields))
        }
        return out
    }

    /// Records of a CSV file (header row, delimiter detected, every column read as text; empty fields absent).
    static func readCSV(_ url: URL, required: [String]) throws -> [(line: Int, fields: [String: String])] {
        let header = try CSVReader.readHeader(path: url.path)
        var types: [String: ColumnType] = [:]
        for name in header { types[name] = .categorical }
        let table = try CSVReader.read(path: url.path, options: CSVReadOptions(missingTokens: [], columnTypes: types))
        for name in required where table.column(named: name) == nil {
            throw TextError.unsuitableData("\(url.lastPathComponent): no column '\(name)' (columns: "
                                           + header.prefix(12).joined(separator: ", ") + (header.count > 12 ? ", …" : "") + ")")
        }
        let columns = required.compactMap { table.column(named: $0) }
        return (0..<table.rowCount).map { row in
            var fields: [String: String] = [:]
            for c in columns { if let s = c.text(at: row) { fields[c.name] = s } }
            return (table.line(ofRow: row) ?? row + 2, fields)
        }
    }
}
