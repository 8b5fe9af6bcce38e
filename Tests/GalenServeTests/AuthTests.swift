import Foundation
import GalenServe
import Hummingbird
import Testing

/// API keys: required on /v1 and /invocations, checked by role, revocable, stored only as hashes.
@Suite struct AuthTests {
    @Test func keysAreRequiredAndCheckedByRole() async throws {
        let h = try ServeHarness()
        let record = try ServeFixture.wdbcRecord()
        try await h.run { c in
            let protected: [(HTTPRequest.Method, String)] = [(.get, "/v1/models"), (.get, "/v1/models/wdbc"), (.post, "/v1/models/wdbc/predict"),
                                                             (.post, "/invocations?model=wdbc"), (.get, "/v1/audit")]
            for (method, uri) in protected {
                let body: [String: Any]? = method == .post ? ["records": [record]] : nil
                let none = try await c.call(method, uri, json: body)
                #expect(none.status == 401 && none.errorField == "Authorization", "\(uri): \(none.text)")
                let wrong = try await c.call(method, uri, key: "galen_not-a-key", json: body)
                #expect(wrong.status == 401, "\(uri)")
                var headers = HTTPFields()
                headers[.authorization] = "Basic abc"
                let basic = try await c.send(uri, method, headers, nil)
                #expect(basic.status.code == 401, "\(uri)")
            }
            // predict may not read the audit; admin may do everything.
            let forbidden = try await c.call(.get, "/v1/audit", key: c.predictKey)
            #expect(forbidden.status == 403 && forbidden.errorMessage.contains("admin"))
            #expect(try await c.call(.get, "/v1/audit", key: c.adminKey).status == 200)
            #expect(try await c.call(.post, "/v1/models/wdbc/predict", key: c.adminKey, json: ["records": [record]]).status == 200)
            #expect(try await c.call(.get, "/v1/models", key: c.predictKey).status == 200)
        }
    }

    @Test func revokedKeysStopWorkingAndOnlyHashesAreStored() async throws {
        let h = try ServeHarness()
        let (key, secret) = try h.store.createKey(role: .predict, label: "to revoke")
        #expect(secret.hasPrefix("galen_") && secret.count == 6 + 64)
        try await h.run { c in
            #expect(try await c.call(.get, "/v1/models", key: secret).status == 200)
            try h.store.revokeKey(id: key.id)
            #expect(try await c.call(.get, "/v1/models", key: secret).status == 401)
        }
        #expect(throws: ServeError.keyNotFound(999)) { try h.store.revokeKey(id: 999) }
        #expect(try h.store.keys().first { $0.id == key.id }?.revokedAt != nil)
        let file = try Data(contentsOf: URL(fileURLWithPath: h.store.path))
        + ((try? Data(contentsOf: URL(fileURLWithPath: h.store.path + "-wal"))) ?? Data())
        #expect(file.range(of: Data(secret.utf8)) == nil)
        #expect(file.range(of: Data(APIKeySecret.hash(secret).utf8)) != nil)
    }
}

/// Per-key rate limits.
@Suite struct RateLimitTests {
    @Test func bucketRefillsAtTheConfiguredRate() {
        let limiter = RateLimiter(perSecond: 2)
        let t0 = ContinuousClock.now
        #expect(limiter.acquire(key: 1, now: t0) == nil)
        #expect(limiter.acquire(key: 1, now: t0) == nil)
        let wait = limiter.acquire(key: 1, now: t0)
        #expect(wait != nil && abs(wait! - 0.5) < 1e-9)
        #expect(limiter.acquire(key: 2, now: t0) == nil)   // keys are limited separately
        #expect(limiter.acquire(key: 1, now: t0 + .milliseconds(600)) == nil)
    }

    @Test func overTheLimitIs429WithRetryAfter() async throws {
        // One request per hour (a bucket of one): the second request is refused however slowly a loaded
        // machine runs the test (a faster rate refilled between requests on a busy CI machine).
        var config = ServerConfiguration()
        config.rateLimitPerKey = 1.0 / 3600
        let h = try ServeHarness(configuration: config)
        try await h.run { c in
            var statuses: [Int] = []
            var retryAfter: String?
            for _ in 0..<3 {
                let r = try await c.call(.get, "/v1/models", key: c.predictKey)
                statuses.append(r.status)
                if r.status == 429 { retryAfter = r.headers[.retryAfter]; #expect(r.errorField == "Authorization") }
            }
            #expect(statuses == [200, 429, 429])
            let wait = Int(retryAfter ?? "") ?? 0
            #expect(wait >= 1 && wait <= 3600)
            // Another key has its own bucket.
            #expect(try await c.call(.get, "/v1/models", key: c.adminKey).status == 200)
        }
    }
}
