import Foundation
import Hummingbird

/// The per-request context: Hummingbird's core storage, the authenticated API key, and when the request
/// arrived.
public struct ServeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The key that authenticated the request (set by ``APIKeyMiddleware``).
    public var apiKey: APIKey?
    /// When the request arrived.
    public var started: ContinuousClock.Instant
    /// Wall-clock arrival time, for audit records.
    public var arrival: Date

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        started = ContinuousClock.now
        arrival = Date()
    }
}
