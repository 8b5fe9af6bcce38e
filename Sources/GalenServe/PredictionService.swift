import Crypto
import Foundation
import GalenData
import Hummingbird

/// Answers prediction requests (`POST /v1/models/{name}/predict` and `POST /invocations`): reads and validates
/// the body, scores it, and writes the audit record — committed before the answer is returned. Requests that
/// fail (bad input, unknown model) are audited too, with their status and error; if the audit write itself
/// fails the client gets a 500 and no prediction.
public struct PredictionService: Sendable {
    /// The request formats.
    public enum Format: Sendable {
        /// Galen's `{"records": [...]}`, answered with model, version and warnings.
        case galen
        /// MLflow's scoring protocol, answered as `{"predictions": [...]}`.
        case mlflow
    }

    /// The models.
    public let registry: ModelRegistry
    /// The audit trail.
    public let audit: any AuditStore
    /// Prediction counters.
    public let metrics: ServeMetrics
    /// Limits and audit settings.
    public let configuration: ServerConfiguration

    /// A service over the given parts.
    public init(registry: ModelRegistry, audit: any AuditStore, metrics: ServeMetrics, configuration: ServerConfiguration) {
        self.registry = registry
        self.audit = audit
        self.metrics = metrics
        self.configuration = configuration
    }

    /// The answer of a Galen-format prediction.
    public struct Answer: Codable, Equatable, Sendable {
        public var model: String
        public var version: String
        public var bundleSHA256: String
        public var requestID: String
        public var predictions: [Prediction]
        public var warnings: [DataWarning]

        enum CodingKeys: String, CodingKey {
            case model, version, predictions, warnings
            case bundleSHA256 = "bundle_sha256"
            case requestID = "request_id"
        }

        /// The answer as JSON, the same bytes as ``JSONResponse/encoder()`` gives, written by ``JSONWriter``.
        /// - Throws: only if the warnings cannot be encoded.
        public func json() throws -> Data {
            var w = JSONWriter()
            w.raw(#"{"bundle_sha256":"#.utf8)
            w.string(bundleSHA256)
            w.raw(#","model":"#.utf8)
            w.string(model)
            w.raw(#","predictions":"#.utf8)
            w.predictions(predictions)
            w.raw(#","request_id":"#.utf8)
            w.string(requestID)
            w.raw(#","version":"#.utf8)
            w.string(version)
            w.raw(#","warnings":"#.utf8)
            if warnings.isEmpty { w.raw("[]".utf8) } else { w.raw(try JSONResponse.encoder().encode(warnings)) }
            w.raw("}".utf8)
            return Data(w.bytes)
        }
    }

    /// The answer of an MLflow-format prediction.
    public struct MLflowAnswer: Codable, Equatable, Sendable {
        public var predictions: [Prediction]

        /// The answer as JSON, the same bytes as ``JSONResponse/encoder()`` gives, written by ``JSONWriter``.
        public func json() -> Data {
            var w = JSONWriter()
            w.raw(#"{"predictions":"#.utf8)
            w.predictions(predictions)
            w.raw("}".utf8)
            return Data(w.bytes)
        }
    }

    /// Handles one prediction request.
    /// - Parameters:
    ///   - modelName: the model named by the route or `?model=`; nil lets `/invocations` pick the only model.
    public func predict(_ request: Request, context: ServeRequestContext, route: String, modelName: String?, format: Format) async throws -> Response {
        var bytes = Data()
        var model: ServedModel?
        var rows = 0
        var stages = StageClock(metrics: metrics)
        stages.lap(.admission, since: context.started)
        do {
            let served = try resolve(modelName)
            model = served
            let explain = format == .galen ? try Self.explainFlag(request) : false
            let body = try await JSONBody.collect(request, limit: configuration.maxBodyBytes)
            bytes = body
            let value = try JSONBody.parse(body, contentType: request.headers[.contentType])
            let scoring = format == .galen
                ? try ScoringRequest.galen(value)
                : try ScoringRequest.mlflow(value, columnOrder: served.schema.columns.map(\.name))
            rows = scoring.records.count
            let validator = RecordValidator(schema: served.schema, maxRows: configuration.maxRows)
            let (table, ids) = try validator.table(from: scoring.records, field: scoring.field)
            stages.lap(.decode)
            let scored: (scores: [Float], warnings: [DataWarning])
            do {
                scored = try served.scores(table)
            } catch let error as DataError {
                throw APIError.badRequest(field: scoring.field, "cannot be scored: \(error)")
            }
            stages.lap(.score)
            let predictions = Prediction.from(scores: scored.scores, model: served, ids: ids)
            var answer: Data
            switch format {
            case .galen:
                answer = try Answer(model: served.name, version: served.version, bundleSHA256: served.bundleSHA256,
                                    requestID: context.id, predictions: explain ? [] : predictions, warnings: scored.warnings).json()
                if explain {
                    let contributions = try served.contributions(table)
                    let items = try zip(predictions, contributions).map { try ExplainedPredictions.prediction($0, contributions: $1) }
                    answer = ExplainedPredictions.splice(items, into: answer)
                }
            case .mlflow:
                answer = MLflowAnswer(predictions: predictions).json()
            }
            let audited = predictions.map { p -> Prediction in var p = p; if !configuration.auditInputs { p.id = nil }; return p }
            var outputsJSON = JSONWriter()
            outputsJSON.predictions(audited)
            let outputs = String(decoding: outputsJSON.bytes, as: UTF8.self)
            stages.lap(.encode)
            try await record(context: context, route: route, model: served, bytes: bytes, rows: rows, status: 200, outputs: outputs)
            stages.lap(.audit)
            metrics.recordPredictions(model: served.name, predictions: predictions)
            // Drift gauges are computed when /metrics is scraped, not on every request.
            served.drift?.observe(table)
            return JSONResponse.raw(answer)
        } catch let error as APIError {
            let outputs = String(decoding: try JSONResponse.encoder().encode(error.body), as: UTF8.self)
            try await record(context: context, route: route, model: model, bytes: bytes, rows: rows, status: Int(error.status.code), outputs: outputs)
            throw error
        }
    }

    /// The `explain` query parameter: `true`/`1` asks for per-feature contributions; absent, `false` or `0` not.
    /// - Throws: `APIError.badRequest` (field `explain`) for any other value.
    static func explainFlag(_ request: Request) throws -> Bool {
        guard let value = request.uri.queryParameters.get("explain") else { return false }
        switch value.lowercased() {
        case "true", "1": return true
        case "false", "0", "": return false
        default: throw APIError.badRequest(field: "explain", "must be true or false")
        }
    }

    /// The model a request is for: the named one, or the only one when none is named.
    func resolve(_ name: String?) throws -> ServedModel {
        let snapshot = registry.snapshot
        if let name {
            guard let m = snapshot.models[name] else {
                throw APIError(.notFound, field: "model", "no model of that name is served (see GET /v1/models)")
            }
            return m
        }
        guard snapshot.models.count == 1, let only = snapshot.models.values.first else {
            throw APIError.badRequest(field: "model", "several models are served (\(snapshot.names.joined(separator: ", "))); choose one with ?model=NAME")
        }
        return only
    }

    func record(context: ServeRequestContext, route: String, model: ServedModel?, bytes: Data, rows: Int, status: Int, outputs: String) async throws {
        let elapsed = ContinuousClock.now - context.started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let record = AuditRecord(time: AuditDate.string(from: context.arrival), requestID: context.id, keyID: context.apiKey?.id, route: route,
                                 model: model?.name, modelVersion: model?.version, bundleSHA256: model?.bundleSHA256,
                                 inputSHA256: Hex.string(SHA256.hash(data: bytes)),
                                 rows: rows, status: status, outputs: outputs, latencyMilliseconds: ms,
                                 inputs: configuration.auditInputs ? String(decoding: bytes, as: UTF8.self) : nil)
        do {
            try await audit.append(record)
        } catch {
            context.logger.error("audit write failed; answering 500", metadata: ["error.type": "\(type(of: error))"])
            throw APIError(.internalServerError, "the audit record could not be written, so no prediction is returned")
        }
    }

    /// Times consecutive stages of one request into ``ServeMetrics``.
    struct StageClock {
        let metrics: ServeMetrics
        var last = ContinuousClock.now

        /// Records the time since the previous lap (or since `start`) as `stage`.
        mutating func lap(_ stage: PredictionStage, since start: ContinuousClock.Instant? = nil) {
            let now = ContinuousClock.now
            metrics.recordStage(stage, duration: now - (start ?? last))
            last = now
        }
    }
}
