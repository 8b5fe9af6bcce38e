import Foundation
import Hummingbird

/// Requires `Authorization: Bearer KEY` with an active key whose role allows the route: 401 when the header is
/// missing, malformed or names no active key; 403 when the key's role is too low; 429 (with `Retry-After`)
/// when the key exceeds its rate limit.
public struct APIKeyMiddleware: RouterMiddleware {
    public typealias Context = ServeRequestContext
    /// Where keys are looked up.
    public let store: any APIKeyStore
    /// The role the routes behind this middleware require.
    public let required: APIKeyRole
    /// Per-key rate limits, if any.
    public let rateLimiter: RateLimiter?

    /// A middleware requiring `required` (or a higher role), limiting each key's rate with `rateLimiter`.
    public init(store: any APIKeyStore, required: APIKeyRole, rateLimiter: RateLimiter? = nil) {
        self.store = store
        self.required = required
        self.rateLimiter = rateLimiter
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError(.unauthorized, field: "Authorization", "an API key is required: send Authorization: Bearer KEY")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw APIError(.unauthorized, field: "Authorization", "must be of the form Bearer KEY")
        }
        guard let key = try await store.activeKey(secretSHA256: APIKeySecret.hash(String(parts[1]))) else {
            throw APIError(.unauthorized, field: "Authorization", "the API key is unknown or revoked")
        }
        guard key.role.allows(required) else {
            throw APIError(.forbidden, field: "Authorization", "this route needs a key with role \(required.rawValue); this key has role \(key.role.rawValue)")
        }
        if let wait = rateLimiter?.acquire(key: key.id) {
            var error = APIError(.tooManyRequests, field: "Authorization", "this API key is over its rate limit of \(rateLimiter!.perSecond) requests per second; retry later")
            error.retryAfterSeconds = Int(wait.rounded(.up))
            throw error
        }
        var context = context
        context.apiKey = key
        return try await next(request, context)
    }
}
