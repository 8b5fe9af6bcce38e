import Foundation

/// Where `galen serve`, `galen keys` and `galen audit` keep API keys and the audit trail (`--audit-db`): a SQLite
/// file (the default) or a PostgreSQL database shared by several servers.
///
/// PostgreSQL is named by a URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (or `postgresql://`), port
/// 5432 by default. `?host=/path/to/socket-dir` connects over the Unix socket `/path/to/socket-dir/.s.PGSQL.PORT`
/// instead of TCP. `?sslmode=disable|prefer|require` chooses TLS (default `prefer`; `require` fails when the
/// server does not offer TLS). The password may also come from the `PGPASSWORD` environment variable, so that it
/// stays out of the process list. Anything else is a SQLite file path.
public enum ServeStoreLocation: Equatable, Sendable, CustomStringConvertible {
    /// A SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresURL)

    /// The location `text` names.
    /// - Throws: `ServeError.database` for a `postgres://` URL that cannot be read (the message never repeats
    ///   the password).
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(text, environment: environment))
        } else {
            guard !text.isEmpty else { throw ServeError.database("--audit-db is empty: give a SQLite file or a postgres:// URL") }
            self = .sqlite(path: text)
        }
    }

    /// The location for messages: the path, or the URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url): return url.description
        }
    }

    /// Whether the store already exists (a SQLite file that is there; a PostgreSQL database is assumed to).
    public var exists: Bool {
        switch self {
        case .sqlite(let path): return FileManager.default.fileExists(atPath: path)
        case .postgres: return true
        }
    }

    /// Opens the store, creating its tables when missing.
    /// - Throws: `ServeError.database` when the file or server cannot be opened, reached, logged into or migrated.
    public func open() async throws -> any ServeStore {
        switch self {
        case .sqlite(let path): return try SQLiteServeStore(path: path)
        case .postgres(let url): return try await PostgresServeStore.open(url)
        }
    }
}

/// A parsed `postgres://` URL (see ``ServeStoreLocation``). Its `description` never shows the password.
public struct PostgresURL: Equatable, Sendable, CustomStringConvertible {
    /// How TLS is used.
    public enum TLSMode: String, Sendable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it (certificates not verified), else plain TCP.
        case prefer
        /// TLS required (certificate verified against the system's roots).
        case require
    }

    /// The user to log in as.
    public var user: String
    /// The password (from the URL or `PGPASSWORD`), if any.
    public var password: String?
    /// The host name or address (TCP), or nil with `socketDirectory`.
    public var host: String?
    /// The port (5432 by default); also names the Unix socket file.
    public var port: Int
    /// The directory holding the server's Unix socket (from `?host=/dir`), if the socket is used.
    public var socketDirectory: String?
    /// The database name.
    public var database: String
    /// TLS use over TCP.
    public var tls: TLSMode

    /// Parses `text`; `environment` supplies `PGPASSWORD` when the URL has no password.
    /// - Throws: `ServeError.database` naming what is missing or malformed.
    public init(_ text: String, environment: [String: String] = [:]) throws {
        func fail(_ why: String) -> ServeError {
            .database("cannot read the PostgreSQL URL (\(why)); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        guard let components = URLComponents(string: text) else { throw fail("not a URL") }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else { throw fail("no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw fail("no database name") }
        var port = 5432
        if let p = components.port {
            guard (1...65_535).contains(p) else { throw fail("port out of range") }
            port = p
        }
        var socketDirectory: String?
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "host":
                guard let dir = item.value, dir.hasPrefix("/") else { throw fail("?host= must be a socket directory starting with /") }
                socketDirectory = dir
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else { throw fail("sslmode must be disable, prefer or require") }
                tls = mode
            default:
                throw fail("unknown parameter \(item.name)")
            }
        }
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 }
        guard host != nil || socketDirectory != nil else { throw fail("no host") }
        self.user = user
        self.password = components.password?.removingPercentEncoding ?? environment["PGPASSWORD"]
        self.host = socketDirectory == nil ? host : nil
        self.port = port
        self.socketDirectory = socketDirectory
        self.database = database
        self.tls = tls
    }

    /// The Unix socket path, when connecting through a socket.
    public var socketPath: String? { socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } }

    /// `postgres://USER@HOST:PORT/DATABASE` (or `...?host=DIR` for a socket); never the password.
    public var description: String {
        if let socketDirectory { return "postgres://\(user)@/\(database)?host=\(socketDirectory) (port \(port))" }
        return "postgres://\(user)@\(host ?? ""):\(port)/\(database)"
    }
}
