import Foundation
import GalenServe
import Hummingbird
import Testing

/// Bad input is refused with a 4xx JSON error naming the field and the problem, never with a 500, and never
/// repeating the submitted value.
@Suite struct ValidationTests {
    /// A value that must never appear in an answer or in the audit trail.
    static let secret = "SECRET-PATIENT-VALUE-4711"

    @Test func schemaViolationsNameTheFieldAndNeverTheValue() async throws {
        let h = try ServeHarness()
        let wdbc = try ServeFixture.wdbcRecord()
        let visit = ServeFixture.visitRecord
        @Sendable func with(_ r: [String: Any], _ key: String, _ value: Any?) -> [String: Any] { var r = r; r[key] = value; return r }
        // (description, model, record, expected field, expected words in the message)
        let cases: [(String, String, [String: Any], String, String)] = [
            ("missing numeric", "wdbc", with(wdbc, "mean radius", nil), "records[0].mean radius", "missing"),
            ("extra field", "wdbc", with(wdbc, "favourite colour", Self.secret), "records[0].favourite colour", "not an input"),
            ("string for number", "wdbc", with(wdbc, "mean radius", Self.secret), "records[0].mean radius", "must be a number"),
            ("boolean for number", "wdbc", with(wdbc, "mean radius", true), "records[0].mean radius", "must be a number"),
            ("array for number", "wdbc", with(wdbc, "mean radius", [1, 2]), "records[0].mean radius", "must be a number"),
            ("number for boolean", "visits", with(visit, "smoker", 1), "records[0].smoker", "true or false"),
            ("other string for boolean", "visits", with(visit, "smoker", Self.secret), "records[0].smoker", "true or false"),
            ("unseen category", "visits", with(visit, "site", Self.secret), "records[0].site", "categories seen in training"),
            ("boolean for category", "visits", with(visit, "sex", false), "records[0].sex", "must be a string"),
            ("bad date", "visits", with(visit, "visit_date", Self.secret), "records[0].visit_date", "ISO 8601"),
            ("impossible date", "visits", with(visit, "visit_date", "2025-02-30"), "records[0].visit_date", "ISO 8601"),
            ("number for date", "visits", with(visit, "visit_date", 20250301), "records[0].visit_date", "ISO 8601"),
        ]
        try await h.run { c in
            for (name, model, record, field, words) in cases {
                let r = try await c.call(.post, "/v1/models/\(model)/predict", key: c.predictKey, json: ["records": [record]])
                #expect(r.status == 400, "\(name): \(r.status) \(r.text)")
                #expect(r.errorField == field, "\(name): \(r.text)")
                #expect(r.errorMessage.contains(words), "\(name): \(r.text)")
                #expect(!r.text.contains(Self.secret), "\(name) echoed the value")
            }
            // The same through MLflow's protocol names the MLflow field.
            let r = try await c.call(.post, "/invocations?model=wdbc", key: c.predictKey,
                                     json: ["dataframe_records": [wdbc, with(wdbc, "mean radius", Self.secret)]])
            #expect(r.status == 400 && r.errorField == "dataframe_records[1].mean radius", "\(r.text)")
        }
        // Refused requests are audited with their status, without the value.
        let audit = try await h.store.records(AuditQuery())
        #expect(audit.count == cases.count + 1)
        #expect(audit.allSatisfy { $0.status == 400 && !$0.outputs.contains(Self.secret) && $0.inputs == nil })
    }

    @Test func nanAndInfinityAreRefusedByField() async throws {
        let h = try ServeHarness()
        var record = try ServeFixture.wdbcRecord()
        record["mean radius"] = 1.5
        let text = String(decoding: try JSONSerialization.data(withJSONObject: ["records": [record]], options: [.sortedKeys]), as: UTF8.self)
        try await h.run { c in
            for literal in ["NaN", "Infinity", "-Infinity"] {
                let body = text.replacingOccurrences(of: "\"mean radius\":1.5", with: "\"mean radius\":\(literal)")
                #expect(body != text)
                let r = try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, raw: Data(body.utf8))
                #expect(r.status == 400 && r.errorField == "records[0].mean radius", "\(literal): \(r.text)")
                #expect(r.errorMessage.contains("finite"))
            }
            let huge = text.replacingOccurrences(of: "\"mean radius\":1.5", with: "\"mean radius\":1e999")
            let r = try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, raw: Data(huge.utf8))
            #expect(r.status == 400, "\(r.text)")
        }
    }

    @Test func malformedBodiesAndLimits() async throws {
        var config = ServerConfiguration()
        config.maxBodyBytes = 8_000
        config.maxRows = 3
        let h = try ServeHarness(configuration: config)
        let record = try ServeFixture.wdbcRecord()
        try await h.run { c in
            func post(_ uri: String, _ body: Data, type: String? = "application/json") async throws -> ServeHarness.Reply {
                try await c.call(.post, uri, key: c.predictKey, raw: body, contentType: type)
            }
            func json(_ v: Any) throws -> Data { try JSONSerialization.data(withJSONObject: v) }
            let predict = "/v1/models/wdbc/predict", invocations = "/invocations?model=wdbc"
            // (description, uri, body, content type, status, field)
            let cases: [(String, String, Data, String?, Int, String?)] = [
                ("not JSON", predict, Data("{records: [".utf8), "application/json", 400, "body"),
                ("empty body", predict, Data(), "application/json", 400, "body"),
                ("not UTF-8", predict, Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]), "application/json", 415, "body"),
                ("CSV content type", predict, Data("a,b\n1,2\n".utf8), "text/csv", 415, "Content-Type"),
                ("Latin-1 charset", invocations, try json(["dataframe_records": [record]]), "application/json; charset=iso-8859-1", 415, "Content-Type"),
                ("not UTF-8 MLflow", invocations, Data([0x7B, 0xC3, 0x28, 0x7D]), "application/json", 415, "body"),
                ("array body", predict, try json([record]), "application/json", 400, "body"),
                ("records missing", predict, try json(["rows": [record]]), "application/json", 400, "rows"),
                ("records not array", predict, try json(["records": record]), "application/json", 400, "records"),
                ("record not object", predict, try json(["records": [1]]), "application/json", 400, "records[0]"),
                ("no records", predict, try json(["records": []]), "application/json", 400, "records"),
                ("too many rows", predict, try json(["records": [record, record, record, record]]), "application/json", 400, "records"),
                ("too large", predict, try json(["records": Array(repeating: record, count: 20)]), "application/json", 413, "body"),
                ("no MLflow format", invocations, try json(["records": [record]]), "application/json", 400, "records"),
                ("two MLflow formats", invocations, try json(["instances": [record], "inputs": [record]]), "application/json", 400, "body"),
                ("split row length", invocations, try json(["dataframe_split": ["columns": ["a", "b"], "data": [[1]]]]), "application/json", 400, "dataframe_split.data[0]"),
                ("split columns not strings", invocations, try json(["dataframe_split": ["columns": [1], "data": [[1]]]]), "application/json", 400, "dataframe_split.columns[0]"),
                ("columns of unequal length", invocations, try json(["inputs": ["a": [1, 2], "b": [1]]]), "application/json", 400, nil),
                ("instances scalar", invocations, try json(["instances": 3]), "application/json", 400, "instances"),
            ]
            for (name, uri, body, type, status, field) in cases {
                let r = try await post(uri, body, type: type)
                #expect(r.status == status, "\(name): \(r.status) \(r.text)")
                if let field { #expect(r.errorField == field, "\(name): \(r.text)") }
                #expect(!r.errorMessage.isEmpty, "\(name): \(r.text)")
                #expect(r.headers[.contentType] == "application/json", "\(name)")
            }
        }
    }
}
