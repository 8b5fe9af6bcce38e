import Foundation
import GRDB

/// API keys and the audit trail in one SQLite database (through GRDB), in WAL mode with `synchronous = FULL`,
/// so that a committed audit record survives the process being killed and keys can be managed by
/// `galen keys` while a server runs. Audit records go through an ``AuditGroupCommit``: concurrent requests
/// share one transaction (one fsync of the WAL). Active keys found by ``activeKey(secretSHA256:)`` are
/// remembered for a second (``APIKeyCache``): a key revoked through this store stops working at once, one revoked
/// by another process (`galen keys revoke`) within that second.
public final class SQLiteServeStore: ServeStore, @unchecked Sendable {
    /// The database file.
    public let path: String
    private let pool: DatabasePool
    /// The group commit audit records go through (its statistics show how many records shared a commit).
    public let groupCommit: AuditGroupCommit
    /// Recently found active keys.
    public let keyCache: APIKeyCache

    /// Opens (creating if needed) the database at `path` and brings its tables up to date. `keyCacheLifetime`
    /// is how long a found active key is trusted without asking the database again (zero: always ask).
    /// - Throws: `ServeError.database` when the file cannot be opened or migrated.
    public init(path: String, keyCacheLifetime: Duration = .seconds(1)) throws {
        self.path = path
        keyCache = APIKeyCache(lifetime: keyCacheLifetime)
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            let pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
            self.pool = pool
            groupCommit = AuditGroupCommit { records in try await Self.insert(records, into: pool) }
        } catch {
            throw ServeError.database("\(path): \(error)")
        }
    }

    public var displayName: String { path }

    /// Nothing to release: GRDB closes the database when the store is freed.
    public func close() async {}

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: api keys and audit") { db in
            try db.execute(sql: """
                CREATE TABLE api_key (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    secret_sha256 TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    label TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                );
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    time TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    key_id INTEGER,
                    route TEXT NOT NULL,
                    model TEXT,
                    model_version TEXT,
                    bundle_sha256 TEXT,
                    input_sha256 TEXT NOT NULL,
                    rows INTEGER NOT NULL,
                    status INTEGER NOT NULL,
                    outputs TEXT NOT NULL,
                    latency_ms REAL NOT NULL,
                    inputs TEXT
                );
                CREATE INDEX audit_time ON audit(time);
                CREATE INDEX audit_model_time ON audit(model, time);
                """)
        }
        return m
    }

    static func now() -> String { AuditDate.string(from: Date()) }

    // MARK: keys

    public func createKey(role: APIKeyRole, label: String) throws -> (key: APIKey, secret: String) {
        let secret = APIKeySecret.generate()
        let created = Self.now()
        do {
            let id: Int64 = try pool.write { db in
                try db.execute(sql: "INSERT INTO api_key (secret_sha256, role, label, created_at) VALUES (?, ?, ?, ?)",
                               arguments: [APIKeySecret.hash(secret), role.rawValue, label, created])
                return db.lastInsertedRowID
            }
            return (APIKey(id: id, role: role, label: label, createdAt: created, revokedAt: nil), secret)
        } catch {
            throw ServeError.database("\(error)")
        }
    }

    public func revokeKey(id: Int64) throws {
        let changed: Int
        do {
            changed = try pool.write { db in
                try db.execute(sql: "UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [Self.now(), id])
                return db.changesCount
            }
        } catch {
            throw ServeError.database("\(error)")
        }
        keyCache.invalidate()
        if changed == 0, try !keys().contains(where: { $0.id == id }) { throw ServeError.keyNotFound(id) }
    }

    public func keys() throws -> [APIKey] {
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, role, label, created_at, revoked_at FROM api_key ORDER BY id").compactMap(Self.key)
            }
        } catch {
            throw ServeError.database("\(error)")
        }
    }

    public func activeKey(secretSHA256: String) async throws -> APIKey? {
        let pool = self.pool
        return try await keyCache.activeKey(secretSHA256: secretSHA256) {
            do {
                return try await pool.read { db in
                    try Row.fetchOne(db, sql: "SELECT id, role, label, created_at, revoked_at FROM api_key WHERE secret_sha256 = ? AND revoked_at IS NULL",
                                     arguments: [secretSHA256]).flatMap(Self.key)
                }
            } catch {
                throw ServeError.database("\(error)")
            }
        }
    }

    static func key(_ row: Row) -> APIKey? {
        guard let role = APIKeyRole(rawValue: row["role"]) else { return nil }
        return APIKey(id: row["id"], role: role, label: row["label"], createdAt: row["created_at"], revokedAt: row["revoked_at"])
    }

    // MARK: audit

    /// Queues the record for the next group commit and returns once that commit is durable.
    /// - Throws: `ServeError.database` when the commit fails.
    public func append(_ record: AuditRecord) async throws {
        try await groupCommit.append(record)
    }

    /// Inserts `records` in one transaction (one WAL fsync with `synchronous = FULL`).
    static func insert(_ records: [AuditRecord], into pool: DatabasePool) async throws {
        do {
            try await pool.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT INTO audit (time, request_id, key_id, route, model, model_version, bundle_sha256, input_sha256,
                                       rows, status, outputs, latency_ms, inputs)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for r in records {
                    try statement.execute(arguments: [r.time, r.requestID, r.keyID, r.route, r.model, r.modelVersion, r.bundleSHA256,
                                                      r.inputSHA256, r.rows, r.status, r.outputs, r.latencyMilliseconds, r.inputs])
                }
            }
        } catch {
            throw ServeError.database("\(error)")
        }
    }

    public func records(_ query: AuditQuery) async throws -> [AuditRecord] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let since = query.since { conditions.append("time >= ?"); arguments += [since] }
        if let model = query.model { conditions.append("model = ?"); arguments += [model] }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [query.limit]
        let sql = "SELECT * FROM audit \(whereClause) ORDER BY time DESC, id DESC LIMIT ?"
        let bound = arguments
        do {
            return try await pool.read { db in
                try Row.fetchAll(db, sql: sql, arguments: bound).map { row in
                    AuditRecord(id: row["id"], time: row["time"], requestID: row["request_id"], keyID: row["key_id"],
                                route: row["route"], model: row["model"], modelVersion: row["model_version"],
                                bundleSHA256: row["bundle_sha256"], inputSHA256: row["input_sha256"], rows: row["rows"],
                                status: row["status"], outputs: row["outputs"], latencyMilliseconds: row["latency_ms"],
                                inputs: row["inputs"])
                }
            }
        } catch {
            throw ServeError.database("\(error)")
        }
    }
}
