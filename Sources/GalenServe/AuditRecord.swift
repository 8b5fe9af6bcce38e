import Foundation

/// One prediction request as recorded in the audit trail. Holds hashes and outputs, never the raw inputs unless
/// the server runs with `--audit-inputs`.
public struct AuditRecord: Codable, Equatable, Sendable {
    /// Row id in the store (nil before it is written).
    public var id: Int64?
    /// When the request arrived (ISO 8601, UTC, milliseconds).
    public var time: String
    /// The request id (also answered in the `X-Request-ID` header).
    public var requestID: String
    /// The API key's id.
    public var keyID: Int64?
    /// The route (`/v1/models/{name}/predict` or `/invocations`).
    public var route: String
    /// The model's name, version and bundle hash (nil when the request named no served model).
    public var model: String?
    public var modelVersion: String?
    public var bundleSHA256: String?
    /// SHA-256 of the request body's bytes.
    public var inputSHA256: String
    /// Records in the request (0 when it could not be read).
    public var rows: Int
    /// The HTTP status answered.
    public var status: Int
    /// The predictions as answered (JSON), or the error (JSON) for a refused request.
    public var outputs: String
    /// Time from arrival to the audit write, milliseconds.
    public var latencyMilliseconds: Double
    /// The raw request body (only with `--audit-inputs`).
    public var inputs: String?

    /// A record with every field given.
    public init(id: Int64? = nil, time: String, requestID: String, keyID: Int64?, route: String, model: String?,
                modelVersion: String?, bundleSHA256: String?, inputSHA256: String, rows: Int, status: Int,
                outputs: String, latencyMilliseconds: Double, inputs: String?) {
        self.id = id
        self.time = time
        self.requestID = requestID
        self.keyID = keyID
        self.route = route
        self.model = model
        self.modelVersion = modelVersion
        self.bundleSHA256 = bundleSHA256
        self.inputSHA256 = inputSHA256
        self.rows = rows
        self.status = status
        self.outputs = outputs
        self.latencyMilliseconds = latencyMilliseconds
        self.inputs = inputs
    }
}

/// Which audit records to read.
public struct AuditQuery: Sendable, Equatable {
    /// Records at or after this time (ISO 8601 text, compared as text: UTC times sort correctly).
    public var since: String?
    /// Records for this model.
    public var model: String?
    /// At most this many records, newest first.
    public var limit: Int

    /// A query; all records of every model, newest first, up to `limit`.
    public init(since: String? = nil, model: String? = nil, limit: Int = 1000) {
        self.since = since
        self.model = model
        self.limit = limit
    }
}
