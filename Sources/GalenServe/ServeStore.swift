import Foundation

/// Where API keys live: SQLite (``SQLiteServeStore``, the default) or PostgreSQL (``PostgresServeStore``, for
/// several servers sharing one set of keys).
public protocol APIKeyStore: Sendable {
    /// Creates a key and returns it with its secret, which is not stored and cannot be shown again.
    func createKey(role: APIKeyRole, label: String) async throws -> (key: APIKey, secret: String)
    /// Revokes a key. - Throws: `ServeError.keyNotFound`.
    func revokeKey(id: Int64) async throws
    /// Every key, revoked ones included.
    func keys() async throws -> [APIKey]
    /// The active key whose secret hashes to `secretSHA256`, if any.
    func activeKey(secretSHA256: String) async throws -> APIKey?
}

/// Where the audit trail lives.
public protocol AuditStore: Sendable {
    /// Writes one record durably: when this returns, the record is committed (concurrent appends may share one
    /// commit, see ``AuditGroupCommit``).
    func append(_ record: AuditRecord) async throws
    /// Records matching `query`, newest first.
    func records(_ query: AuditQuery) async throws -> [AuditRecord]
}

/// API keys and the audit trail in one database, as `galen serve`, `galen keys` and `galen audit` use it.
/// Open one with ``ServeStoreLocation/open()``.
public protocol ServeStore: APIKeyStore, AuditStore {
    /// Where the store is, for messages (a PostgreSQL URL without its password).
    var displayName: String { get }
    /// Releases the store's connections; it must not be used afterwards.
    func close() async
}
