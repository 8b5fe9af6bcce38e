import Foundation

/// How `galen serve` runs.
public struct ServerConfiguration: Sendable {
    /// Address to listen on (loopback by default: put a TLS proxy in front to expose it).
    public var host: String = "127.0.0.1"
    /// Port to listen on (0: any free port, reported when the server is up).
    public var port: Int = 8080
    /// Largest request body accepted, bytes (413 above it).
    public var maxBodyBytes: Int = 1 << 20
    /// Most records one prediction request may hold (400 above it).
    public var maxRows: Int = 10_000
    /// Whether audit records keep the raw request body.
    public var auditInputs: Bool = false
    /// Requests per second allowed per API key on the authenticated routes (nil: no limit); bursts of one
    /// second's worth.
    public var rateLimitPerKey: Double?

    /// TLS: a PEM certificate chain file and its PEM private key file (both or neither; nil: plain HTTP).
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?

    /// The defaults: 127.0.0.1:8080, 1 MiB bodies, 10,000 rows, no raw inputs in the audit.
    public init() {}
}
