import ArgumentParser
import Foundation
import GalenServe

/// `--audit-db` (alias `--database`), shared by `galen serve`, `galen keys` and `galen audit`: the SQLite file
/// or PostgreSQL URL holding API keys and the audit trail.
struct AuditDatabaseOption: ParsableArguments {
    @Option(name: [.customLong("audit-db"), .customLong("database")],
            help: ArgumentHelp("API keys and audit trail: a SQLite file, or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?host=SOCKETDIR&sslmode=disable|prefer|require] shared by several servers (password also from PGPASSWORD).",
                               valueName: "sqlite-file-or-postgres-url"))
    var auditDB: String = ServeDefaults.database

    /// Where the store is.
    /// - Throws: `ServeError.database` for a malformed PostgreSQL URL.
    func location() throws -> ServeStoreLocation { try ServeStoreLocation(auditDB) }

    /// Opens the store, runs `work` on it and closes it.
    func withStore<T>(_ work: @escaping @Sendable (any ServeStore) async throws -> T) throws -> T {
        let location = try location()
        return try Blocking.run {
            let store = try await location.open()
            do {
                let result = try await work(store)
                await store.close()
                return result
            } catch {
                await store.close()
                throw error
            }
        }
    }
}
