import Foundation
import GalenServe
import Testing

/// `--audit-db`: SQLite paths and PostgreSQL URLs, and group commit on SQLite.
@Suite struct StoreLocationTests {
    @Test func readsPostgresURLs() throws {
        let url = try PostgresURL("postgres://galen:p%40ss@db.example:6543/audit")
        #expect(url.user == "galen" && url.password == "p@ss" && url.host == "db.example" && url.port == 6543 && url.database == "audit")
        #expect(url.tls == .prefer && url.socketPath == nil)
        #expect(url.description == "postgres://galen@db.example:6543/audit")
        let socket = try PostgresURL("postgresql://galen@/audit?host=/tmp/pg&sslmode=disable")
        #expect(socket.socketPath == "/tmp/pg/.s.PGSQL.5432" && socket.host == nil && socket.tls == .disable)
        #expect(try PostgresURL("postgres://galen@h/db", environment: ["PGPASSWORD": "env"]).password == "env")
        #expect(try ServeStoreLocation("runs/serve.sqlite") == .sqlite(path: "runs/serve.sqlite"))
        #expect(try ServeStoreLocation("POSTGRES://u@h/d") == .postgres(try PostgresURL("postgres://u@h/d")))
    }

    @Test func refusesMalformedURLsWithoutShowingThePassword() {
        for bad in ["postgres://h:5432/db", "postgres://u:pw@h", "postgres://u:pw@h:99999/db", "postgres://u:pw@h/db?sslmode=maybe",
                    "postgres://u:pw@h/db?colour=red", "postgres://u:pw@/db", "postgres://u:pw@/db?host=relative"] {
            do {
                _ = try ServeStoreLocation(bad)
                Issue.record("accepted \(bad)")
            } catch {
                #expect("\(error)".contains("PostgreSQL URL"), "\(bad): \(error)")
                #expect(!"\(error)".contains("pw"), "\(bad): \(error)")
            }
        }
        #expect(throws: ServeError.self) { try ServeStoreLocation("") }
    }

    /// Concurrent appends on SQLite share transactions (one fsync each), and none is lost.
    @Test func sqliteGroupCommitSharesCommits() async throws {
        let store = try SQLiteServeStore(path: try ServeFixture.tempDir("group").appendingPathComponent("db.sqlite").path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<300 {
                group.addTask {
                    try await store.append(AuditRecord(time: "2026-02-01T00:00:00.000Z", requestID: "r\(i)", keyID: nil, route: "/invocations",
                                                       model: "m", modelVersion: nil, bundleSHA256: nil, inputSHA256: "x", rows: 1,
                                                       status: 200, outputs: "[]", latencyMilliseconds: 0.5, inputs: nil))
                }
            }
            try await group.waitForAll()
        }
        let stats = store.groupCommit.statistics
        #expect(stats.records == 300)
        #expect(stats.commits < 300, "no commit was shared")
        #expect(Set(try await store.records(AuditQuery(limit: 10_000)).map(\.requestID)).count == 300)
    }

    /// A failed commit fails every request in its batch (each answered 500), and later commits go on.
    @Test func failedCommitFailsItsBatchOnly() async throws {
        struct Boom: Error {}
        let failNext = LockedBox(true)
        let group = AuditGroupCommit(maxBatch: 4) { _ in
            if failNext.value { failNext.value = false; throw Boom() }
        }
        let record = AuditRecord(time: "t", requestID: "r", keyID: nil, route: "/", model: nil, modelVersion: nil, bundleSHA256: nil,
                                 inputSHA256: "x", rows: 0, status: 200, outputs: "[]", latencyMilliseconds: 0, inputs: nil)
        await #expect(throws: Boom.self) { try await group.append(record) }
        try await group.append(record)
        #expect(group.statistics.commits == 1 && group.statistics.records == 1)
    }
}
