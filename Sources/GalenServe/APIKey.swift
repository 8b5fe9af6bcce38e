import Crypto
import Foundation

/// What an API key may do. `admin` may do everything `predict` may.
public enum APIKeyRole: String, Codable, Sendable, CaseIterable {
    /// List and describe models, predict (`/v1/models...`, `/invocations`).
    case predict
    /// Everything `predict` may, and read the audit trail (`GET /v1/audit`).
    case admin

    /// Whether a key with this role may use a route that requires `required`.
    public func allows(_ required: APIKeyRole) -> Bool { self == .admin || required == .predict }
}

/// An API key as stored: never the secret, only its SHA-256.
public struct APIKey: Codable, Equatable, Sendable {
    /// The key's id (shown in audit rows and used to revoke it).
    public var id: Int64
    /// Its role.
    public var role: APIKeyRole
    /// A free-text label (who or what uses it).
    public var label: String
    /// When it was created (ISO 8601).
    public var createdAt: String
    /// When it was revoked, if it was.
    public var revokedAt: String?

    /// Whether the key is still valid.
    public var isActive: Bool { revokedAt == nil }
}

/// Making and hashing API key secrets.
public enum APIKeySecret {
    /// A new secret: `galen_` and 32 random bytes (from the system's cryptographic generator) in hex.
    public static func generate() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        return "galen_" + Hex.string(bytes)
    }

    /// The SHA-256 of a secret, in hex, as stored and looked up. (Secrets are 256 random bits, so a plain hash
    /// resists guessing; no salt or slow hash is needed.)
    public static func hash(_ secret: String) -> String {
        Hex.string(SHA256.hash(data: Data(secret.utf8)))
    }
}
