import Foundation
@testable import GalenServe
import Hummingbird
import Testing

/// The API key cache: active keys are remembered for a short time, revocation still takes effect.
@Suite struct KeyCacheTests {
    /// Counts database lookups and answers with a fixed key (or none).
    final class Lookups: @unchecked Sendable {
        let lock = NSLock()
        var count = 0
        var answer: APIKey?
        init(_ answer: APIKey?) { self.answer = answer }
        func lookup() -> APIKey? { lock.withLock { count += 1; return answer } }
    }

    static let key = APIKey(id: 7, role: .predict, label: "k", createdAt: "2026-11-23T00:00:00Z", revokedAt: nil)

    @Test func remembersActiveKeysForItsLifetimeOnly() async throws {
        let cache = APIKeyCache(lifetime: .milliseconds(200))
        let db = Lookups(Self.key)
        #expect(try await cache.activeKey(secretSHA256: "a") { db.lookup() } == Self.key)
        #expect(try await cache.activeKey(secretSHA256: "a") { db.lookup() } == Self.key)
        #expect(db.count == 1)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await cache.activeKey(secretSHA256: "a") { db.lookup() } == Self.key)
        #expect(db.count == 2)
    }

    @Test func unknownKeysAndErrorsAreNotRemembered() async throws {
        let cache = APIKeyCache(lifetime: .seconds(60))
        let db = Lookups(nil)
        #expect(try await cache.activeKey(secretSHA256: "b") { db.lookup() } == nil)
        #expect(try await cache.activeKey(secretSHA256: "b") { db.lookup() } == nil)
        #expect(db.count == 2 && cache.count == 0)
        await #expect(throws: ServeError.self) {
            try await cache.activeKey(secretSHA256: "c") { throw ServeError.database("down") }
        }
        #expect(cache.count == 0)
    }

    @Test func anInvalidationDuringALookupKeepsItsAnswerOut() async throws {
        let cache = APIKeyCache(lifetime: .seconds(60))
        let db = Lookups(Self.key)
        // The key is revoked (and the cache emptied) while the lookup that still saw it active runs.
        _ = try await cache.activeKey(secretSHA256: "d") { cache.invalidate(); return db.lookup() }
        #expect(cache.count == 0)
        _ = try await cache.activeKey(secretSHA256: "d") { db.lookup() }
        #expect(db.count == 2 && cache.count == 1)
        cache.invalidate()
        #expect(cache.count == 0)
    }

    @Test func zeroLifetimeAlwaysAsksTheDatabase() async throws {
        let cache = APIKeyCache(lifetime: .zero)
        let db = Lookups(Self.key)
        for _ in 0..<3 { _ = try await cache.activeKey(secretSHA256: "e") { db.lookup() } }
        #expect(db.count == 3 && cache.count == 0)
    }

    /// `galen keys revoke` in another process (another store on the same file) while the server runs: the server
    /// refuses the key once the cached answer expires; a revocation through the server's own store is at once.
    @Test func revocationByAnotherProcessTakesEffectWithinTheLifetime() async throws {
        let db = try ServeFixture.tempDir("keycache").appendingPathComponent("galen.sqlite").path
        let serverStore = try SQLiteServeStore(path: db, keyCacheLifetime: .milliseconds(300))
        let cli = try SQLiteServeStore(path: db)
        let (first, firstSecret) = try cli.createKey(role: .predict, label: "revoked elsewhere")
        let (second, secondSecret) = try cli.createKey(role: .predict, label: "revoked here")
        let admin = try cli.createKey(role: .admin, label: "admin").secret
        let server = GalenServer(registry: try ModelRegistry(directory: try ServeFixture.modelsDirectory()), keys: serverStore, audit: serverStore)
        try await ServeHarness(server: server, store: serverStore, predictKey: firstSecret, adminKey: admin).run { c in
            #expect(try await c.call(.get, "/v1/models", key: firstSecret).status == 200)
            #expect(try await c.call(.get, "/v1/models", key: secondSecret).status == 200)
            try cli.revokeKey(id: first.id)
            try serverStore.revokeKey(id: second.id)
            #expect(try await c.call(.get, "/v1/models", key: secondSecret).status == 401)
            let revoked = ContinuousClock.now
            var status = 200
            while status == 200, ContinuousClock.now - revoked < .seconds(5) {
                status = try await c.call(.get, "/v1/models", key: firstSecret).status
                if status == 200 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(status == 401)
            #expect(ContinuousClock.now - revoked < .milliseconds(300) + .seconds(1))
            #expect(try await c.call(.get, "/v1/models", key: admin).status == 200)
        }
    }
}
