import Foundation
import GalenServe
import Testing

/// Dates, MLflow formats and JSON values without a server.
@Suite struct ParsingTests {
    @Test func isoDates() {
        #expect(ISODate.days("1970-01-01") == 0)
        #expect(ISODate.days("1970-01-02T12:00") == 1.5)
        #expect(ISODate.days("1970-01-02T12:00:00Z") == 1.5)
        #expect(ISODate.days("1970-01-02T13:00:00+01:00") == 1.5)
        #expect(ISODate.days("1970-01-02 12:00:00.5") == 1.5 + 0.5 / 86_400)
        #expect(ISODate.days("2024-02-29") != nil)
        for bad in ["2023-02-29", "2024-13-01", "2024-1-01", "01/02/2024", "2024-01-01T25:00", "2024-01-01T10:00junk", "", "2024-01-01T"] {
            #expect(ISODate.days(bad) == nil, "\(bad)")
        }
        #expect(AuditDate.normalize("2026-11-01") == "2026-11-01T00:00:00.000Z")
        #expect(AuditDate.normalize("2026-11-01T10:00:00+02:00") == "2026-11-01T08:00:00.000Z")
        #expect(AuditDate.string(from: Date(timeIntervalSince1970: 1_795_000_000.25)) == "2026-11-18T11:06:40.250Z")
    }

    @Test func mlflowFormatsBecomeRecords() throws {
        func parse(_ json: String) throws -> ScoringRequest {
            try ScoringRequest.mlflow(JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)), columnOrder: ["a", "b"])
        }
        let expected: [[String: JSONValue]] = [["a": .number(1), "b": .string("x")], ["a": .null, "b": .bool(true)]]
        #expect(try parse(#"{"dataframe_split": {"columns": ["a", "b"], "data": [[1, "x"], [null, true]]}}"#).records == expected)
        #expect(try parse(#"{"dataframe_records": [{"a": 1, "b": "x"}, {"a": null, "b": true}]}"#).records == expected)
        #expect(try parse(#"{"instances": [[1, "x"], [null, true]]}"#).records == expected)
        #expect(try parse(#"{"inputs": {"a": [1, null], "b": ["x", true]}}"#).records == expected)
        #expect(try parse(#"{"inputs": [{"a": 1, "b": "x"}, {"a": null, "b": true}], "params": {"k": 1}}"#).records == expected)
        #expect(try parse(#"{"dataframe_split": {"columns": ["a", "b"], "data": []}}"#).field == "dataframe_split.data")
        #expect(throws: APIError.self) { try parse(#"{"dataframe_split": {"columns": ["a", "a"], "data": [[1, 2]]}}"#) }
        #expect(throws: APIError.self) { try parse(#"{"dataframe_split": {"columns": ["a"], "data": [[1]], "extra": 1}}"#) }
        #expect(throws: APIError.self) { try parse(#"[1, 2]"#) }
    }

    @Test func jsonValuesKeepTheirKinds() throws {
        let v = try JSONDecoder().decode(JSONValue.self, from: Data(#"[true, 1, 1.5, "1", null, {"a": []}]"#.utf8))
        #expect(v == .array([.bool(true), .number(1), .number(1.5), .string("1"), .null, .object(["a": .array([])])]))
        let again = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(v))
        #expect(again == v)
    }
}
