import Foundation

/// Reads document collections for search from JSONL or CSV files: one document per line (JSONL) or row (CSV), an id
/// field, and one or more text fields whose values are joined (with ". ") into the indexed text.
///
/// The first text field is also the document's title. Other fields are kept as display fields. Ids must be unique
/// and present; a record whose text fields are all absent or empty is an error naming its line.
public enum DocumentCollectionReader {
    /// Reads a JSON Lines file: one JSON object per line; blank lines are skipped. String and number values are read
    /// as text; other values of non-text fields are ignored.
    /// - Parameters:
    ///   - url: the file.
    ///   - idField: the field holding each document's id (default `id`).
    ///   - textFields: the fields to index, in order (default `["text"]`).
    /// - Throws: ``DocumentReadError`` naming the file and 1-based line.
    public static func readJSONL(contentsOf url: URL, idField: String = "id", textFields: [String] = ["text"]) throws -> [TextDocument] {
        guard !textFields.isEmpty else { throw DocumentReadError.invalidArgument("give at least one text field") }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DocumentReadError.cannotRead(path: url.path, reason: error.localizedDescription)
        }
        var documents: [TextDocument] = []
        var seen: [String: Int] = [:]
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            lineNumber += 1
            let line = data[start..<end]
            start = end < data.endIndex ? data.index(after: end) : end
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let object: [String: Any]
            do {
                guard let o = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                    throw DocumentReadError.invalidJSON(path: url.path, line: lineNumber, reason: "the line is JSON but not an object")
                }
                object = o
            } catch let error as DocumentReadError {
                throw error
            } catch {
                throw DocumentReadError.invalidJSON(path: url.path, line: lineNumber, reason: "cannot parse the line as JSON")
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                if let s = scalarText(value) { fields[key] = s }
            }
            let document = try makeDocument(fields: fields, idField: idField, textFields: textFields, path: url.path,
                                            line: lineNumber, seen: &seen)
            documents.append(document)
        }
        if documents.isEmpty { throw DocumentReadError.noDocuments(path: url.path) }
        return documents
    }

    /// Reads a CSV file (RFC 4180, delimiter detected, header row) with ``CSVReader``; every field is read as text
    /// and an empty field counts as absent.
    /// - Throws: ``DocumentReadError`` naming the line, or the CSV reader's `DataError` (ragged rows, bad UTF-8…).
    public static func readCSV(contentsOf url: URL, idField: String = "id", textFields: [String] = ["text"]) throws -> [TextDocument] {
        guard !textFields.isEmpty else { throw DocumentReadError.invalidArgument("give at least one text field") }
        let header = try CSVReader.readHeader(path: url.path)
        var types: [String: ColumnType] = [:]
        for name in header { types[name] = .categorical }
        let table = try CSVReader.read(path: url.path, options: CSVReadOptions(missingTokens: [], columnTypes: types))
        for name in [idField] + textFields where table.column(named: name) == nil {
            throw table.unknownColumnError(name, role: name == idField ? "id" : "text")
        }
        var documents: [TextDocument] = []
        documents.reserveCapacity(table.rowCount)
        var seen: [String: Int] = [:]
        for row in 0..<table.rowCount {
            var fields: [String: String] = [:]
            for column in table.columns {
                if let s = column.text(at: row) { fields[column.name] = s }
            }
            let line = table.line(ofRow: row) ?? (row + 2)
            documents.append(try makeDocument(fields: fields, idField: idField, textFields: textFields, path: url.path,
                                              line: line, seen: &seen))
        }
        if documents.isEmpty { throw DocumentReadError.noDocuments(path: url.path) }
        return documents
    }

    /// Builds one document from a record's text fields, checking the id and the text.
    static func makeDocument(fields: [String: String], idField: String, textFields: [String], path: String, line: Int,
                             seen: inout [String: Int]) throws -> TextDocument {
        guard let id = fields[idField]?.trimmingCharacters(in: .whitespaces), !id.isEmpty else {
            throw DocumentReadError.missingField(path: path, line: line, field: idField)
        }
        if let first = seen[id] { throw DocumentReadError.duplicateID(path: path, line: line, firstLine: first) }
        seen[id] = line
        let parts = textFields.compactMap { fields[$0] }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !parts.isEmpty else {
            throw DocumentReadError.missingField(path: path, line: line, field: textFields.joined(separator: "/"))
        }
        var rest = fields
        rest[idField] = nil
        let title = fields[textFields[0]] ?? parts[0]
        return TextDocument(id: id, title: title, text: parts.joined(separator: ". "), fields: rest)
    }

    /// A JSON string, number or boolean as text; nil for other values.
    static func scalarText(_ value: Any) -> String? {
        if let s = value as? String { return s }
        if let n = value as? NSNumber { return n.stringValue }
        return nil
    }
}
