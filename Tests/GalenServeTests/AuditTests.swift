import Crypto
import Foundation
import GalenServe
import Hummingbird
import Testing

/// One committed audit record per prediction request, before the answer.
@Suite struct AuditTests {
    @Test func everyPredictionIsAuditedWithHashesAndOutputs() async throws {
        let h = try ServeHarness()
        let record = try ServeFixture.wdbcRecord()
        let body = try JSONSerialization.data(withJSONObject: ["records": [record]])
        let store = h.store
        try await h.run { c in
            let r = try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, raw: body)
            #expect(r.status == 200)
            // The record is committed before the answer: it is there as soon as the answer arrives.
            let rows = try await store.records(AuditQuery(model: "wdbc"))
            #expect(rows.count == 1)
            let a = try #require(rows.first)
            #expect(a.requestID == r.headers[HTTPFields.Element.Name("X-Request-ID")!])
            #expect(a.inputSHA256 == SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined())
            #expect(a.model == "wdbc" && a.modelVersion == r.json["version"] as? String && a.bundleSHA256 == r.json["bundle_sha256"] as? String)
            #expect(a.status == 200 && a.rows == 1 && a.route == "/v1/models/{name}/predict" && a.inputs == nil)
            #expect(a.outputs.contains("probabilities") && a.latencyMilliseconds > 0)
            #expect(a.keyID == (try store.keys().first { $0.role == .predict }?.id))

            _ = try await c.call(.post, "/invocations?model=visits", key: c.predictKey, json: ["instances": [ServeFixture.visitRecord]])
            let admin = try await c.call(.get, "/v1/audit?model=visits", key: c.adminKey)
            let listed = admin.json["records"] as? [[String: Any]] ?? []
            #expect(listed.count == 1 && listed.first?["route"] as? String == "/invocations")
            // IDs are not kept in the audit's outputs without --audit-inputs.
            #expect((listed.first?["outputs"] as? String)?.contains("Z1") == false)
            #expect(try await c.call(.get, "/v1/audit?since=2000-01-01", key: c.adminKey).json["records"].map { ($0 as? [Any])?.count } == 2)
            #expect(try await c.call(.get, "/v1/audit?since=2999-01-01", key: c.adminKey).json["records"].map { ($0 as? [Any])?.count } == 0)
            let bad = try await c.call(.get, "/v1/audit?since=yesterday", key: c.adminKey)
            #expect(bad.status == 400 && bad.errorField == "since")
        }
    }

    @Test func auditInputsKeepsTheRawBodyOnlyWhenAsked() async throws {
        var config = ServerConfiguration()
        config.auditInputs = true
        let h = try ServeHarness(configuration: config)
        let body = try JSONSerialization.data(withJSONObject: ["records": [ServeFixture.visitRecord]])
        let store = h.store
        try await h.run { c in
            #expect(try await c.call(.post, "/v1/models/visits/predict", key: c.predictKey, raw: body).status == 200)
            let a = try #require(try await store.records(AuditQuery()).first)
            #expect(a.inputs == String(decoding: body, as: UTF8.self))
            #expect(a.outputs.contains("Z1"))
        }
    }

    @Test func concurrentRequestsEachGetOneRecord() async throws {
        let h = try ServeHarness()
        let record = try ServeFixture.wdbcRecord()
        let store = h.store
        try await h.run { c in
            let predict: @Sendable () async throws -> Int = {
                try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, json: ["records": [record]]).status
            }
            let statuses = try await inFlight(Array(repeating: predict, count: 40))
            #expect(statuses.count == 40 && statuses.allSatisfy { $0 == 200 })
            let rows = try await store.records(AuditQuery())
            #expect(rows.count == 40 && Set(rows.map(\.requestID)).count == 40)
        }
    }
}
