import Foundation
import GalenServe
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The PostgreSQL store against a real server. `scripts/with_postgres.sh` (run by `make test`) starts a throwaway
/// cluster and sets `GALEN_TEST_POSTGRES_URL`; without it these tests are skipped (the script says why when the
/// server cannot start). Tests share the database, so each uses its own model names and key labels.
@Suite(.enabled(if: PostgresTestDatabase.url != nil,
                "GALEN_TEST_POSTGRES_URL is not set: run the tests through scripts/with_postgres.sh (make test does)"))
struct PostgresStoreTests {
    @Test func keysAndAuditRoundTrip() async throws {
        let store = try await PostgresTestDatabase.open()
        let tag = UUID().uuidString.prefix(8)
        let (key, secret) = try await store.createKey(role: .admin, label: "pg \(tag)")
        #expect(key.role == .admin && key.isActive)
        #expect(try await store.activeKey(secretSHA256: APIKeySecret.hash(secret))?.id == key.id)
        #expect(try await store.activeKey(secretSHA256: APIKeySecret.hash("galen_nope")) == nil)
        #expect(try await store.keys().contains { $0.id == key.id && $0.label == "pg \(tag)" })
        try await store.revokeKey(id: key.id)
        #expect(try await store.activeKey(secretSHA256: APIKeySecret.hash(secret)) == nil)
        #expect(try await store.keys().first { $0.id == key.id }?.revokedAt != nil)
        try await store.revokeKey(id: key.id)   // revoking twice is fine
        await #expect(throws: ServeError.keyNotFound(Int64.max)) { try await store.revokeKey(id: Int64.max) }

        let model = "pg-roundtrip-\(tag)"
        let early = AuditRecord(time: "2026-01-01T00:00:00.000Z", requestID: "a-\(tag)", keyID: key.id, route: "/invocations", model: model,
                                modelVersion: "v1", bundleSHA256: "ab", inputSHA256: "cd", rows: 2, status: 200,
                                outputs: #"[{"label":"M"}]"#, latencyMilliseconds: 1.25, inputs: nil)
        var late = early
        late.time = "2026-06-01T00:00:00.000Z"
        late.requestID = "b-\(tag)"
        late.keyID = nil
        late.status = 400
        late.inputs = #"{"records":[]}"#
        try await store.append(early)
        try await store.append(late)
        let all = try await store.records(AuditQuery(model: model))
        #expect(all.map(\.requestID) == ["b-\(tag)", "a-\(tag)"])
        var expected = early
        expected.id = all.last?.id
        #expect(all.last == expected)
        #expect(all.first?.inputs == #"{"records":[]}"# && all.first?.keyID == nil && all.first?.status == 400)
        #expect(try await store.records(AuditQuery(since: "2026-03-01T00:00:00.000Z", model: model)).map(\.requestID) == ["b-\(tag)"])
        #expect(try await store.records(AuditQuery(model: model, limit: 1)).count == 1)
        await store.close()
    }

    /// Concurrent appends share commits, and every one is there afterwards.
    @Test func concurrentAppendsShareCommits() async throws {
        let store = try await PostgresTestDatabase.open()
        let model = "pg-group-\(UUID().uuidString.prefix(8))"
        let before = store.groupCommit.statistics
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask {
                    try await store.append(AuditRecord(time: "2026-02-01T00:00:00.000Z", requestID: "r\(i)", keyID: nil, route: "/invocations",
                                                       model: model, modelVersion: nil, bundleSHA256: nil, inputSHA256: "x", rows: 1,
                                                       status: 200, outputs: "[]", latencyMilliseconds: 0.5, inputs: nil))
                }
            }
            try await group.waitForAll()
        }
        let after = store.groupCommit.statistics
        #expect(after.records - before.records == 200)
        #expect(after.commits - before.commits < 200, "no commit was shared")
        #expect(Set(try await store.records(AuditQuery(model: model)).map(\.requestID)).count == 200)
        await store.close()
    }

    /// Two servers on one database: a key made through one works on the other, and both write one trail.
    @Test func twoServersShareKeysAndTrail() async throws {
        let a = try await PostgresTestDatabase.open(), b = try await PostgresTestDatabase.open()
        let predict = try await a.createKey(role: .predict, label: "two servers").secret
        let admin = try await b.createKey(role: .admin, label: "two servers").secret
        let registry = try ModelRegistry(directory: try ServeFixture.modelsDirectory())
        let serverA = GalenServer(registry: registry, keys: a, audit: a), serverB = GalenServer(registry: registry, keys: b, audit: b)
        var logger = Logger(label: "galen.serve.test")
        logger.logLevel = .warning
        let body = try JSONSerialization.data(withJSONObject: ["records": [try ServeFixture.wdbcRecord()]])
        let appA = try serverA.makeApplication(logger: logger), appB = try serverB.makeApplication(logger: logger)
        try await appA.test(.ahc(.http)) { clientA in
            try await appB.test(.ahc(.http)) { clientB in
                var ids: [String] = []
                for client in [clientA, clientB, clientA, clientB] {
                    var headers = HTTPFields()
                    headers[.authorization] = "Bearer \(predict)"
                    headers[.contentType] = "application/json"
                    let r = try await client.execute(uri: "/v1/models/wdbc/predict", method: .post, headers: headers, body: ByteBuffer(bytes: body))
                    #expect(r.status == .ok)
                    ids.append(try #require(r.headers[HTTPFields.Element.Name("X-Request-ID")!]))
                }
                // Either server's audit route lists what both wrote.
                var headers = HTTPFields()
                headers[.authorization] = "Bearer \(admin)"
                let page = try await clientA.execute(uri: "/v1/audit?model=wdbc&limit=10000", method: .get, headers: headers)
                let records = (try JSONSerialization.jsonObject(with: Data(page.body.readableBytesView)) as? [String: Any])?["records"] as? [[String: Any]] ?? []
                #expect(Set(ids).isSubset(of: Set(records.compactMap { $0["requestID"] as? String })))
            }
        }
        await a.close()
        await b.close()
    }

    @Test func unreachableServerIsAClearError() async throws {
        let url = try PostgresURL("postgres://nobody:secret-pw@127.0.0.1:1/none?sslmode=disable")
        do {
            _ = try await PostgresServeStore.open(url)
            Issue.record("connected to port 1")
        } catch let error as ServeError {
            let text = "\(error)"
            #expect(text.contains("cannot connect to postgres://nobody@127.0.0.1:1/none"), "\(text)")
            #expect(!text.contains("secret-pw"))
        }
    }
}

/// The test database named by `GALEN_TEST_POSTGRES_URL`.
enum PostgresTestDatabase {
    static var url: String? { ProcessInfo.processInfo.environment["GALEN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    static func open() async throws -> PostgresServeStore {
        try await PostgresServeStore.open(try PostgresURL(try #require(url)))
    }
}
