import Foundation

/// Per-key request rate limits: a token bucket per API key id holding up to `burst` requests, refilled at
/// `perSecond`. Kept in memory, so each server process limits on its own.
public final class RateLimiter: @unchecked Sendable {
    /// Requests per second allowed per key, on average.
    public let perSecond: Double
    /// Requests a key may make at once after being idle.
    public let burst: Double
    private var buckets: [Int64: (tokens: Double, updated: ContinuousClock.Instant)] = [:]
    private let lock = NSLock()

    /// A limiter allowing `perSecond` requests per second per key, with bursts of `burst` (default: one
    /// second's worth, at least 1).
    public init(perSecond: Double, burst: Double? = nil) {
        self.perSecond = perSecond
        self.burst = max(1, burst ?? perSecond)
    }

    /// Takes one request from `key`'s bucket; returns nil when allowed, else the seconds until a request will be.
    public func acquire(key: Int64, now: ContinuousClock.Instant = .now) -> Double? {
        lock.lock()
        defer { lock.unlock() }
        var bucket = buckets[key] ?? (burst, now)
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        bucket.tokens = min(burst, bucket.tokens + seconds * perSecond)
        bucket.updated = now
        defer { buckets[key] = bucket }
        guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / perSecond }
        bucket.tokens -= 1
        return nil
    }
}
