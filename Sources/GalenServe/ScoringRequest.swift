import Foundation

/// The records of a prediction request, from Galen's own format or one of MLflow's scoring formats, with the
/// name of the request field they came from (for error paths).
public struct ScoringRequest: Sendable {
    /// One JSON object per record.
    public var records: [[String: JSONValue]]
    /// The request field the records were read from.
    public var field: String

    /// Galen's format: `{"records": [{column: value, ...}, ...]}`.
    public static func galen(_ body: JSONValue) throws -> ScoringRequest {
        guard case .object(let top) = body else { throw APIError.badRequest(field: "body", "must be a JSON object with a \"records\" array") }
        for key in top.keys where key != "records" {
            throw APIError.badRequest(field: key, "is not a known field; the body holds only \"records\"")
        }
        guard let value = top["records"] else { throw APIError.badRequest(field: "records", "is missing; send {\"records\": [{...}, ...]}") }
        return ScoringRequest(records: try objects(value, field: "records"), field: "records")
    }

    /// MLflow's scoring protocol (`POST /invocations`): exactly one of
    /// - `dataframe_split`: `{"columns": [...], "data": [[...], ...]}` (an `index` is accepted and ignored);
    /// - `dataframe_records`: `[{column: value}, ...]`;
    /// - `instances` or `inputs`: a list of records, a list of rows in the model's input column order, or an
    ///   object of columns `{column: [values]}`.
    /// `params` is accepted and ignored (tabular models take none).
    /// - Parameter columnOrder: the model's input columns, for rows given as arrays.
    public static func mlflow(_ body: JSONValue, columnOrder: [String]) throws -> ScoringRequest {
        guard case .object(let top) = body else {
            throw APIError.badRequest(field: "body", "must be a JSON object with one of dataframe_split, dataframe_records, instances or inputs")
        }
        let formats = ["dataframe_split", "dataframe_records", "instances", "inputs"]
        for key in top.keys where !formats.contains(key) && key != "params" {
            throw APIError.badRequest(field: key, "is not a field of the MLflow scoring protocol (\(formats.joined(separator: ", ")), params)")
        }
        let present = formats.filter { top[$0] != nil }
        guard present.count == 1, let format = present.first, let value = top[format] else {
            throw APIError.badRequest(field: "body", present.isEmpty
                ? "holds none of dataframe_split, dataframe_records, instances, inputs"
                : "holds several input formats (\(present.joined(separator: ", "))); send exactly one")
        }
        switch format {
        case "dataframe_split": return ScoringRequest(records: try split(value), field: "dataframe_split.data")
        case "dataframe_records": return ScoringRequest(records: try objects(value, field: format), field: format)
        default: return ScoringRequest(records: try tensorLike(value, field: format, columnOrder: columnOrder), field: format)
        }
    }

    static func objects(_ value: JSONValue, field: String) throws -> [[String: JSONValue]] {
        guard case .array(let items) = value else { throw APIError.badRequest(field: field, "must be an array of records, not \(value.kindName)") }
        return try items.enumerated().map { i, item in
            guard case .object(let o) = item else { throw APIError.badRequest(field: "\(field)[\(i)]", "must be an object (column: value), not \(item.kindName)") }
            return o
        }
    }

    static func split(_ value: JSONValue) throws -> [[String: JSONValue]] {
        guard case .object(let o) = value else { throw APIError.badRequest(field: "dataframe_split", "must be an object with columns and data") }
        for key in o.keys where !["columns", "data", "index"].contains(key) {
            throw APIError.badRequest(field: "dataframe_split.\(key)", "is not a field of dataframe_split (columns, data, index)")
        }
        guard case .array(let names)? = o["columns"] else { throw APIError.badRequest(field: "dataframe_split.columns", "must be an array of column names") }
        let columns: [String] = try names.enumerated().map { i, n in
            guard case .string(let s) = n else { throw APIError.badRequest(field: "dataframe_split.columns[\(i)]", "must be a string, not \(n.kindName)") }
            return s
        }
        guard Set(columns).count == columns.count else { throw APIError.badRequest(field: "dataframe_split.columns", "names a column twice") }
        guard case .array(let rows)? = o["data"] else { throw APIError.badRequest(field: "dataframe_split.data", "must be an array of rows") }
        return try rows.enumerated().map { r, row in try zipRow(row, columns: columns, field: "dataframe_split.data[\(r)]") }
    }

    static func tensorLike(_ value: JSONValue, field: String, columnOrder: [String]) throws -> [[String: JSONValue]] {
        switch value {
        case .object(let columns):
            var count: Int?
            var arrays: [(String, [JSONValue])] = []
            for (name, column) in columns.sorted(by: { $0.key < $1.key }) {
                guard case .array(let values) = column else { throw APIError.badRequest(field: "\(field).\(name)", "must be an array of values, one per record") }
                if let count, count != values.count {
                    throw APIError.badRequest(field: "\(field).\(name)", "has \(values.count) values but other columns have \(count)")
                }
                count = values.count
                arrays.append((name, values))
            }
            return (0..<(count ?? 0)).map { r in Dictionary(uniqueKeysWithValues: arrays.map { ($0.0, $0.1[r]) }) }
        case .array(let items):
            return try items.enumerated().map { i, item in
                switch item {
                case .object(let o): return o
                case .array: return try zipRow(item, columns: columnOrder, field: "\(field)[\(i)]")
                default: throw APIError.badRequest(field: "\(field)[\(i)]", "must be a record object or a row array, not \(item.kindName)")
                }
            }
        default:
            throw APIError.badRequest(field: field, "must be an array of records or an object of columns, not \(value.kindName)")
        }
    }

    static func zipRow(_ row: JSONValue, columns: [String], field: String) throws -> [String: JSONValue] {
        guard case .array(let values) = row else { throw APIError.badRequest(field: field, "must be an array of values, not \(row.kindName)") }
        guard values.count == columns.count else {
            throw APIError.badRequest(field: field, "has \(values.count) values for \(columns.count) columns")
        }
        return Dictionary(uniqueKeysWithValues: zip(columns, values).map { ($0, $1) })
    }
}
