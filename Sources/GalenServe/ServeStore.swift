import Foundation

/// Where API keys live. SQLite (``SQLiteServeStore``) is the default; a PostgreSQL store for several servers
/// implements the same protocol.
public protocol APIKeyStore: Sendable {
    /// Creates a key and returns it with its secret, which is not stored and cannot be shown again.
    func createKey(role: APIKeyRole, label: String) throws -> (key: APIKey, secret: String)
    /// Revokes a key. - Throws: `ServeError.keyNotFound`.
    func revokeKey(id: Int64) throws
    /// Every key, revoked ones included.
    func keys() throws -> [APIKey]
    /// The active key whose secret hashes to `secretSHA256`, if any.
    func activeKey(secretSHA256: String) async throws -> APIKey?
}

/// Where the audit trail lives.
public protocol AuditStore: Sendable {
    /// Writes one record durably: when this returns, the record is committed.
    func append(_ record: AuditRecord) async throws
    /// Records matching `query`, newest first.
    func records(_ query: AuditQuery) async throws -> [AuditRecord]
}
