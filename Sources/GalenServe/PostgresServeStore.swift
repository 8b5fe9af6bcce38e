import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// API keys and the audit trail in a PostgreSQL database (through postgres-nio), so that several servers share
/// one set of keys and one audit trail. The tables (`api_key`, `audit`) are created when missing, under an
/// advisory lock so that servers starting together do not race. Audit records go through an
/// ``AuditGroupCommit``: concurrent requests share one multi-row `INSERT` (one commit; with PostgreSQL's default
/// `synchronous_commit = on` the commit returns once the WAL is flushed). Active keys found by
/// ``activeKey(secretSHA256:)`` are remembered for a second (``APIKeyCache``): a key revoked through this store
/// stops working at once, one revoked by another server or `galen keys revoke` within that second.
///
/// Errors never carry query parameters (patient data) or the password: they name the operation, the database
/// (``PostgresURL/description``), PostgreSQL's error code and message.
public final class PostgresServeStore: ServeStore, @unchecked Sendable {
    /// The database.
    public let url: PostgresURL
    /// The group commit audit records go through.
    public let groupCommit: AuditGroupCommit
    /// Recently found active keys.
    public let keyCache = APIKeyCache()
    private let client: PostgresClient
    private let running: Task<Void, Never>

    /// Connects to `url`, creates the tables when missing, and starts a connection pool (up to
    /// `maxConnections`).
    /// - Throws: `ServeError.database` when the server cannot be reached, refuses the login, or the tables
    ///   cannot be created.
    public static func open(_ url: PostgresURL, maxConnections: Int = 8) async throws -> PostgresServeStore {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try connectionConfiguration(url), id: 0,
                                                              logger: quietLogger)
        } catch {
            throw ServeError.database("cannot connect to \(url): \(describe(error))")
        }
        do {
            try await migrate(connection)
        } catch {
            try? await connection.close()
            throw ServeError.database("cannot create the tables in \(url): \(describe(error))")
        }
        try? await connection.close()
        return try PostgresServeStore(url: url, maxConnections: maxConnections)
    }

    private init(url: PostgresURL, maxConnections: Int) throws {
        self.url = url
        var configuration: PostgresClient.Configuration
        if let socket = url.socketPath {
            configuration = .init(unixSocketPath: socket, username: url.user, password: url.password, database: url.database)
        } else {
            configuration = .init(host: url.host ?? "localhost", port: url.port, username: url.user, password: url.password,
                                  database: url.database, tls: Self.clientTLS(url.tls))
        }
        configuration.options.maximumConnections = max(1, maxConnections)
        configuration.options.connectTimeout = .seconds(5)
        let client = PostgresClient(configuration: configuration, backgroundLogger: Self.quietLogger)
        self.client = client
        running = Task { await client.run() }
        let description = url.description
        groupCommit = AuditGroupCommit { records in
            do {
                try await client.query(Self.insertQuery(records), logger: Self.quietLogger)
            } catch {
                throw ServeError.database("cannot write audit records to \(description): \(Self.describe(error))")
            }
        }
    }

    public var displayName: String { url.description }

    /// Stops the connection pool.
    public func close() async {
        running.cancel()
        await running.value
    }

    // MARK: schema

    static func migrate(_ connection: PostgresConnection) async throws {
        let logger = quietLogger
        try await connection.query("BEGIN", logger: logger)
        do {
            // One lock id for Galen's schema: servers starting at the same moment create the tables in turn.
            try await connection.query("SELECT pg_advisory_xact_lock(7305320251123)", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS api_key (
                    id BIGSERIAL PRIMARY KEY,
                    secret_sha256 TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    label TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                )
                """, logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS audit (
                    id BIGSERIAL PRIMARY KEY,
                    time TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    key_id BIGINT,
                    route TEXT NOT NULL,
                    model TEXT,
                    model_version TEXT,
                    bundle_sha256 TEXT,
                    input_sha256 TEXT NOT NULL,
                    rows INTEGER NOT NULL,
                    status INTEGER NOT NULL,
                    outputs TEXT NOT NULL,
                    latency_ms DOUBLE PRECISION NOT NULL,
                    inputs TEXT
                )
                """, logger: logger)
            try await connection.query("CREATE INDEX IF NOT EXISTS audit_time ON audit(time)", logger: logger)
            try await connection.query("CREATE INDEX IF NOT EXISTS audit_model_time ON audit(model, time)", logger: logger)
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    // MARK: keys

    public func createKey(role: APIKeyRole, label: String) async throws -> (key: APIKey, secret: String) {
        let secret = APIKeySecret.generate()
        let created = SQLiteServeStore.now()
        let hash = APIKeySecret.hash(secret)
        let id: Int64 = try await run("create an API key") {
            let rows = try await client.query("""
                INSERT INTO api_key (secret_sha256, role, label, created_at) VALUES (\(hash), \(role.rawValue), \(label), \(created))
                RETURNING id
                """, logger: Self.quietLogger)
            for try await row in rows { return try row.decode(Int64.self) }
            throw ServeError.database("the new API key got no id")
        }
        return (APIKey(id: id, role: role, label: label, createdAt: created, revokedAt: nil), secret)
    }

    public func revokeKey(id: Int64) async throws {
        let now = SQLiteServeStore.now()
        let exists: Bool = try await run("revoke an API key") {
            let rows = try await client.query("""
                WITH revoked AS (UPDATE api_key SET revoked_at = \(now) WHERE id = \(id) AND revoked_at IS NULL RETURNING id)
                SELECT EXISTS (SELECT 1 FROM api_key WHERE id = \(id))
                """, logger: Self.quietLogger)
            for try await row in rows { return try row.decode(Bool.self) }
            return false
        }
        keyCache.invalidate()
        if !exists { throw ServeError.keyNotFound(id) }
    }

    public func keys() async throws -> [APIKey] {
        try await run("list API keys") {
            let rows = try await client.query("SELECT id, role, label, created_at, revoked_at FROM api_key ORDER BY id",
                                              logger: Self.quietLogger)
            var keys: [APIKey] = []
            for try await row in rows { if let key = try Self.key(row) { keys.append(key) } }
            return keys
        }
    }

    public func activeKey(secretSHA256: String) async throws -> APIKey? {
        try await keyCache.activeKey(secretSHA256: secretSHA256) {
            try await run("look up an API key") {
                let rows = try await client.query("""
                    SELECT id, role, label, created_at, revoked_at FROM api_key WHERE secret_sha256 = \(secretSHA256) AND revoked_at IS NULL
                    """, logger: Self.quietLogger)
                for try await row in rows { return try Self.key(row) }
                return nil
            }
        }
    }

    static func key(_ row: PostgresRow) throws -> APIKey? {
        let (id, role, label, created, revoked) = try row.decode((Int64, String, String, String, String?).self)
        guard let role = APIKeyRole(rawValue: role) else { return nil }
        return APIKey(id: id, role: role, label: label, createdAt: created, revokedAt: revoked)
    }

    // MARK: audit

    /// Queues the record for the next group commit and returns once that commit is durable.
    /// - Throws: `ServeError.database` when the commit fails.
    public func append(_ record: AuditRecord) async throws {
        try await groupCommit.append(record)
    }

    /// One multi-row `INSERT` for `records` (13 parameters a row; at most 5,000 rows fit PostgreSQL's limit of
    /// 65,535 parameters, and ``AuditGroupCommit`` batches are smaller).
    static func insertQuery(_ records: [AuditRecord]) throws -> PostgresQuery {
        var binds = PostgresBindings(capacity: records.count * 13)
        var values: [String] = []
        values.reserveCapacity(records.count)
        for (i, r) in records.enumerated() {
            let base = i * 13
            values.append("(" + (1...13).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
            binds.append(r.time)
            binds.append(r.requestID)
            binds.append(r.keyID)
            binds.append(r.route)
            binds.append(r.model)
            binds.append(r.modelVersion)
            binds.append(r.bundleSHA256)
            binds.append(r.inputSHA256)
            binds.append(Int32(clamping: r.rows))
            binds.append(Int32(clamping: r.status))
            binds.append(r.outputs)
            binds.append(r.latencyMilliseconds)
            binds.append(r.inputs)
        }
        return PostgresQuery(unsafeSQL: """
            INSERT INTO audit (time, request_id, key_id, route, model, model_version, bundle_sha256, input_sha256,
                               rows, status, outputs, latency_ms, inputs)
            VALUES \(values.joined(separator: ", "))
            """, binds: binds)
    }

    public func records(_ query: AuditQuery) async throws -> [AuditRecord] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let since = query.since { binds.append(since); conditions.append("time >= $\(binds.count)") }
        if let model = query.model { binds.append(model); conditions.append("model = $\(binds.count)") }
        binds.append(Int64(query.limit))
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT id, time, request_id, key_id, route, model, model_version, bundle_sha256, input_sha256, rows, status,
                   outputs, latency_ms, inputs
            FROM audit \(whereClause) ORDER BY time DESC, id DESC LIMIT $\(binds.count)
            """
        let statement = PostgresQuery(unsafeSQL: sql, binds: binds)
        return try await run("read the audit trail") {
            let rows = try await client.query(statement, logger: Self.quietLogger)
            var records: [AuditRecord] = []
            for try await row in rows {
                let r = row.makeRandomAccess()
                records.append(AuditRecord(
                    id: try r["id"].decode(Int64.self), time: try r["time"].decode(String.self),
                    requestID: try r["request_id"].decode(String.self), keyID: try r["key_id"].decode(Int64?.self),
                    route: try r["route"].decode(String.self), model: try r["model"].decode(String?.self),
                    modelVersion: try r["model_version"].decode(String?.self),
                    bundleSHA256: try r["bundle_sha256"].decode(String?.self),
                    inputSHA256: try r["input_sha256"].decode(String.self), rows: try r["rows"].decode(Int.self),
                    status: try r["status"].decode(Int.self), outputs: try r["outputs"].decode(String.self),
                    latencyMilliseconds: try r["latency_ms"].decode(Double.self), inputs: try r["inputs"].decode(String?.self)))
            }
            return records
        }
    }

    // MARK: plumbing

    /// Runs `work`, turning any error into `ServeError.database` naming `what` and the database.
    private func run<T>(_ what: String, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as ServeError {
            throw error
        } catch {
            throw ServeError.database("cannot \(what) in \(url): \(Self.describe(error))")
        }
    }

    /// A message for `error` that names PostgreSQL's code and message (or the connection failure) but never
    /// query parameters, row values or the password.
    static func describe(_ error: Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo {
            let code = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return "the server answered: \(info[.message] ?? "an error")\(code)"
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    static func connectionConfiguration(_ url: PostgresURL) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socket = url.socketPath {
            configuration = .init(unixSocketPath: socket, username: url.user, password: url.password, database: url.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch url.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: clientTLSConfiguration(verify: false)))
            case .require: tls = .require(try NIOSSLContext(configuration: clientTLSConfiguration(verify: true)))
            }
            configuration = .init(host: url.host ?? "localhost", port: url.port, username: url.user, password: url.password,
                                  database: url.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    static func clientTLS(_ mode: PostgresURL.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(clientTLSConfiguration(verify: false))
        case .require: return .require(clientTLSConfiguration(verify: true))
        }
    }

    static func clientTLSConfiguration(verify: Bool) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if !verify { tls.certificateVerification = .none }
        return tls
    }

    /// postgres-nio logs queries with their parameters at debug level: keep it quiet (no PHI in logs).
    static let quietLogger: Logger = {
        var logger = Logger(label: "galen.serve.postgres")
        logger.logLevel = .critical
        return logger
    }()
}
