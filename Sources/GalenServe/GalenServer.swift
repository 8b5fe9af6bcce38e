import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL

/// The inference server: routes, middleware and the Hummingbird application around a model registry, a key
/// store and an audit store.
///
/// Routes (see ``OpenAPIDocument``): `GET /health`, `GET /openapi.json`, `GET /metrics` (open);
/// `GET /v1/models`, `GET /v1/models/{name}`, `GET /v1/models/{name}/drift`, `POST /v1/models/{name}/predict`,
/// `POST /invocations` (role
/// predict); `GET /v1/audit` and `POST /v1/admin/reload` (role admin).
public struct GalenServer: Sendable {
    /// The models.
    public let registry: ModelRegistry
    /// API keys.
    public let keys: any APIKeyStore
    /// The audit trail.
    public let audit: any AuditStore
    /// Metrics.
    public let metrics: ServeMetrics
    /// Address, limits and audit settings.
    public let configuration: ServerConfiguration

    /// A server over the given parts.
    public init(registry: ModelRegistry, keys: any APIKeyStore, audit: any AuditStore,
                metrics: ServeMetrics = ServeMetrics(), configuration: ServerConfiguration = ServerConfiguration()) {
        self.registry = registry
        self.keys = keys
        self.audit = audit
        self.metrics = metrics
        self.configuration = configuration
    }

    /// The router with every route and middleware.
    public func makeRouter() -> Router<ServeRequestContext> {
        let router = Router(context: ServeRequestContext.self)
        router.add(middleware: ObservabilityMiddleware(metrics: metrics, registry: registry))
        let predictions = PredictionService(registry: registry, audit: audit, metrics: metrics, configuration: configuration)
        let registry = self.registry, metrics = self.metrics, audit = self.audit
        let limiter = configuration.rateLimitPerKey.map { RateLimiter(perSecond: $0) }

        router.get("health") { _, _ in
            JSONResponse.make(Health(status: "ok", models: registry.snapshot.models.count))
        }
        router.get("openapi.json") { _, _ in
            JSONResponse.raw(Data(OpenAPIDocument.json.utf8))
        }
        router.get("metrics") { _, _ in
            // Drift per feature is brought up to date at scrape time (cheaper than on every prediction).
            let snapshot = registry.snapshot
            for (name, model) in snapshot.models {
                if let drift = model.drift { metrics.recordDrift(model: name, features: drift.report().features) }
            }
            return JSONResponse.raw(Data(metrics.render().utf8), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }

        router.group("v1/audit")
            .add(middleware: APIKeyMiddleware(store: keys, required: .admin, rateLimiter: limiter))
            .get { request, _ in
                let q = request.uri.queryParameters
                var query = AuditQuery()
                if let since = q.get("since") {
                    guard let normalized = AuditDate.normalize(since) else {
                        throw APIError.badRequest(field: "since", "must be an ISO 8601 date (YYYY-MM-DD) or date-time")
                    }
                    query.since = normalized
                }
                query.model = q.get("model")
                if let limit = q.get("limit") {
                    guard let n = Int(limit), (1...10_000).contains(n) else {
                        throw APIError.badRequest(field: "limit", "must be an integer from 1 to 10000")
                    }
                    query.limit = n
                }
                return JSONResponse.make(AuditPage(records: try await audit.records(query)))
            }

        router.group("v1/admin/reload")
            .add(middleware: APIKeyMiddleware(store: keys, required: .admin, rateLimiter: limiter))
            .post { _, context in
                do {
                    try registry.reload()
                } catch let error as ServeError {
                    context.logger.error("model reload failed; the previous models stay served")
                    throw APIError(.conflict, field: "models", "reload failed, the previous models stay served: \(error)")
                }
                let s = registry.snapshot
                return JSONResponse.make(ModelList(models: s.names.compactMap { name in
                    s.models[name].map { ModelSummary($0, older: Array((s.versions[name] ?? []).dropFirst())) }
                }))
            }

        let v1 = router.group("v1/models").add(middleware: APIKeyMiddleware(store: keys, required: .predict, rateLimiter: limiter))
        v1.get { _, _ in
            let s = registry.snapshot
            return JSONResponse.make(ModelList(models: s.names.compactMap { name in
                s.models[name].map { ModelSummary($0, older: Array((s.versions[name] ?? []).dropFirst())) }
            }))
        }
        v1.get("{name}") { _, context in
            let name = try context.parameters.require("name")
            let s = registry.snapshot
            guard let model = s.models[name] else {
                throw APIError(.notFound, field: "name", "no model of that name is served (see GET /v1/models)")
            }
            return JSONResponse.make(ModelDescription(model, older: Array((s.versions[name] ?? []).dropFirst())))
        }
        v1.get("{name}/drift") { _, context in
            let name = try context.parameters.require("name")
            guard let model = registry.model(named: name) else {
                throw APIError(.notFound, field: "name", "no model of that name is served (see GET /v1/models)")
            }
            guard let drift = model.drift else {
                throw APIError(.conflict, field: "name", "this bundle holds no training reference (written before drift references were added); retrain it to monitor drift")
            }
            let (rows, features) = drift.report()
            return JSONResponse.make(DriftAnswer(model: model.name, version: model.version, rows: rows, trainingRows: drift.reference.rows, features: features))
        }
        v1.post("{name}/predict") { request, context in
            try await predictions.predict(request, context: context, route: "/v1/models/{name}/predict",
                                          modelName: try context.parameters.require("name"), format: .galen)
        }
        router.group("invocations")
            .add(middleware: APIKeyMiddleware(store: keys, required: .predict, rateLimiter: limiter))
            .post { request, context in
                try await predictions.predict(request, context: context, route: "/invocations",
                                              modelName: request.uri.queryParameters.get("model"), format: .mlflow)
            }
        return router
    }

    /// The application listening on the configured host and port, over TLS when a certificate and key are
    /// configured. `onRunning` receives the bound port (useful with port 0).
    /// - Throws: `ServeError.tls` when the certificate or key cannot be read or only one is given.
    public func makeApplication(logger: Logger? = nil, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws
        -> some ApplicationProtocol {
        var log = logger ?? Logger(label: "galen.serve")
        if logger == nil { log.logLevel = .info }
        return Application(router: makeRouter(),
                           server: try serverBuilder(),
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "galen"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
                           logger: log)
    }

    func serverBuilder() throws -> HTTPServerBuilder {
        switch (configuration.tlsCertificatePath, configuration.tlsKeyPath) {
        case (nil, nil):
            return .http1()
        case (let cert?, let key?):
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(cert)
                let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
                let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                   privateKey: .privateKey(privateKey))
                return try .tls(.http1(), tlsConfiguration: tls)
            } catch {
                throw ServeError.tls("cannot use certificate \(cert) with key \(key): \(error)")
            }
        default:
            throw ServeError.tls("give both a certificate and a private key file")
        }
    }

    struct DriftAnswer: Codable {
        var model: String
        var version: String
        var rows: Int
        var trainingRows: Int
        var features: [DriftMonitor.FeatureDrift]
        enum CodingKeys: String, CodingKey { case model, version, rows, features; case trainingRows = "training_rows" }
    }

    struct Health: Codable { var status: String; var models: Int }
    struct ModelList: Codable { var models: [ModelSummary] }
    struct AuditPage: Codable { var records: [AuditRecord] }
}
