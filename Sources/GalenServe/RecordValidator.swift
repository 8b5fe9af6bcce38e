import Foundation
import GalenData

/// Turns JSON records into a `Table` the model's pipeline accepts, refusing anything that does not fit the
/// schema with a 400 ``APIError`` that names the field (`records[2].age`) and the problem, never the value.
///
/// Rules, per input column type: numeric takes a finite JSON number; boolean takes `true`/`false` or one of the
/// two spellings seen in training (e.g. `"yes"`/`"no"`); categorical takes a string among the training
/// categories (a number is read as its text); date takes an ISO 8601 date or date-time string. `null` is a
/// missing value, imputed as in training. Every input column must be present in every record; the ID column
/// and training columns the model does not use are accepted; any other field is refused.
public struct RecordValidator: Sendable {
    /// The schema records are checked against.
    public let schema: InputSchema
    /// The most records one request may hold.
    public let maxRows: Int

    /// A validator for `schema` accepting at most `maxRows` records per request.
    public init(schema: InputSchema, maxRows: Int) {
        self.schema = schema
        self.maxRows = maxRows
    }

    /// The validated table and the records' IDs (when the model has an ID column and records carry it).
    /// - Parameters:
    ///   - records: the records, each a JSON object.
    ///   - field: the request field holding them, for error paths (`records`, `dataframe_records`...).
    public func table(from records: [[String: JSONValue]], field: String) throws -> (table: Table, ids: [JSONValue]?) {
        guard !records.isEmpty else { throw APIError.badRequest(field: field, "holds no records; send at least one") }
        guard records.count <= maxRows else {
            throw APIError.badRequest(field: field, "holds \(records.count) records, more than the limit of \(maxRows) per request")
        }
        let n = records.count
        let cols = schema.columns
        var numbers = cols.map { $0.type == .categorical ? [] : [Double](repeating: .nan, count: n) }
        var strings = cols.map { $0.type == .categorical ? [String?](repeating: nil, count: n) : [] }
        var ids: [JSONValue]? = schema.idColumn == nil ? nil : []
        for (r, record) in records.enumerated() {
            func path(_ name: String) -> String { "\(field)[\(r)].\(name)" }
            for key in record.keys where schema.position(of: key) == nil && key != schema.idColumn && !schema.ignoredColumns.contains(key) {
                throw APIError.badRequest(field: path(key), "is not an input of this model")
            }
            for (c, column) in cols.enumerated() {
                guard let value = record[column.name] else {
                    throw APIError.badRequest(field: path(column.name), "is missing; every record needs every input column (null for a missing value)")
                }
                if case .null = value { continue }
                switch column.type {
                case .numeric:
                    guard case .number(let x) = value else {
                        throw APIError.badRequest(field: path(column.name), "must be a number, not \(value.kindName)")
                    }
                    guard x.isFinite else {
                        throw APIError.badRequest(field: path(column.name), "must be a finite number, not NaN or Infinity (use null for a missing value)")
                    }
                    numbers[c][r] = x
                case .boolean:
                    switch value {
                    case .bool(let b): numbers[c][r] = b ? 1 : 0
                    case .string(let s) where column.booleanLabels?.trueLabel == s: numbers[c][r] = 1
                    case .string(let s) where column.booleanLabels?.falseLabel == s: numbers[c][r] = 0
                    default:
                        let labels = column.booleanLabels.map { " or \"\($0.falseLabel)\"/\"\($0.trueLabel)\"" } ?? ""
                        throw APIError.badRequest(field: path(column.name), "must be true or false\(labels), not \(value.kindName == "a string" ? "another string" : value.kindName)")
                    }
                case .categorical:
                    let text: String
                    switch value {
                    case .string(let s): text = s
                    case .number(let x) where x.isFinite: text = formatNumber(x)
                    default: throw APIError.badRequest(field: path(column.name), "must be a string (one of the training categories), not \(value.kindName)")
                    }
                    if let allowed = schema.categories[c], !allowed.contains(text) {
                        let list = (column.categories ?? []).prefix(20).map { "\"\($0)\"" }.joined(separator: ", ")
                        throw APIError.badRequest(field: path(column.name), "is not one of the \(allowed.count) categories seen in training (\(list)\(allowed.count > 20 ? ", ..." : ""))")
                    }
                    strings[c][r] = text
                case .date:
                    guard case .string(let s) = value else {
                        throw APIError.badRequest(field: path(column.name), "must be an ISO 8601 date string (YYYY-MM-DD[THH:MM[:SS]][Z]), not \(value.kindName)")
                    }
                    guard let days = ISODate.days(s) else {
                        throw APIError.badRequest(field: path(column.name), "is not an ISO 8601 date (YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM])")
                    }
                    numbers[c][r] = days
                }
            }
            if let id = schema.idColumn { ids?.append(record[id] ?? .null) }
        }
        let columns: [Column] = cols.enumerated().map { c, column in
            switch column.type {
            case .numeric: return Column(name: column.name, values: .numeric(numbers[c]))
            case .boolean: return Column(name: column.name, values: .boolean(numbers[c], labels: column.booleanLabels ?? BooleanLabels()))
            case .date: return Column(name: column.name, values: .date(numbers[c], dayFirst: column.dayFirst))
            case .categorical: return Column(name: column.name, strings: strings[c])
            }
        }
        return (try Table(columns: columns, source: "request"), ids)
    }
}
