import Foundation

/// A short-lived in-memory record of API key lookups, so that a request under load does not query the key
/// table (a database round trip and two thread hops) every time.
///
/// Only active keys are remembered, by the SHA-256 of their secret (never the secret), each for at most
/// ``lifetime`` after the database said it was active. Unknown or revoked keys are never remembered, so a new
/// key works at once and guessing fills no memory. Revocation:
/// - through the store holding this cache (``invalidate()``): at once — the store empties the cache after its
///   `UPDATE` has committed, and a lookup that was already running when the cache was emptied does not store
///   its (possibly stale) answer;
/// - by another process or server (`galen keys revoke`, or another server sharing a PostgreSQL database):
///   within ``lifetime``, when the remembered answer expires and the database is asked again.
public final class APIKeyCache: @unchecked Sendable {
    /// How long a lookup's answer is trusted (default 1 second; zero turns the cache off).
    public let lifetime: Duration
    /// Most keys remembered; when full, the cache is emptied and refills from the database.
    public let capacity: Int
    private let lock = NSLock()
    private var entries: [String: (key: APIKey, checked: ContinuousClock.Instant)] = [:]
    private var generation: UInt64 = 0

    /// A cache trusting each answer for `lifetime` (negative counts as zero), holding at most `capacity` keys.
    public init(lifetime: Duration = .seconds(1), capacity: Int = 10_000) {
        self.lifetime = max(lifetime, .zero)
        self.capacity = max(1, capacity)
    }

    /// The active key whose secret hashes to `secretSHA256`: the remembered answer while it is younger than
    /// ``lifetime``, else `lookup`'s answer (remembered when it is an active key).
    /// - Throws: whatever `lookup` throws (nothing is remembered then).
    public func activeKey(secretSHA256: String, lookup: () async throws -> APIKey?) async throws -> APIKey? {
        let now = ContinuousClock.now
        let (cached, started): (APIKey?, UInt64) = lock.withLock {
            if let entry = entries[secretSHA256], now - entry.checked < lifetime { return (entry.key, generation) }
            return (nil, generation)
        }
        if let cached { return cached }
        let key = try await lookup()
        guard let key, key.isActive, lifetime > .zero else { return key }
        lock.withLock {
            // An invalidation while the lookup ran may have revoked this key: then its answer is not kept.
            guard generation == started else { return }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[secretSHA256] = (key, now)
        }
        return key
    }

    /// Forgets every remembered key (after a key was revoked through this store).
    public func invalidate() {
        lock.withLock {
            generation &+= 1
            entries.removeAll(keepingCapacity: true)
        }
    }

    /// Keys remembered now (for tests).
    public var count: Int { lock.withLock { entries.count } }
}
