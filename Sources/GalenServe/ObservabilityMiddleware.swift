import Foundation
import Hummingbird

/// Outermost middleware of every route: answers every error as a JSON error (an ``APIError`` as itself,
/// Hummingbird's `HTTPError` with its status, anything else as a 500 without details), adds the
/// `X-Request-ID` header, and counts the request with its status and duration in ``ServeMetrics``. It logs no
/// request content.
public struct ObservabilityMiddleware: RouterMiddleware {
    public typealias Context = ServeRequestContext
    /// Where requests are counted.
    public let metrics: ServeMetrics
    /// The served models: a request is labelled with its model only when it names a served one, so that
    /// arbitrary client text never becomes a metric label.
    public let registry: ModelRegistry

    /// A middleware counting into `metrics`.
    public init(metrics: ServeMetrics, registry: ModelRegistry) {
        self.metrics = metrics
        self.registry = registry
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = error.makeResponse()
        } catch let error as HTTPError {
            let message = error.status == .contentTooLarge ? "the body is larger than the limit" : (error.body ?? error.status.reasonPhrase)
            response = JSONResponse.make(APIError(error.status, message).body, status: error.status)
        } catch {
            context.logger.error("request failed", metadata: ["error.type": "\(type(of: error))"])
            response = JSONResponse.make(APIError(.internalServerError, "internal error; see the server log (request \(context.id))").body,
                                         status: .internalServerError)
        }
        response.headers[HTTPFields.Element.Name("X-Request-ID")!] = context.id
        let named = context.parameters.get("name") ?? request.uri.queryParameters.get("model")
        let model = named.map { registry.model(named: $0) == nil ? "unknown" : $0 } ?? ""
        metrics.recordRequest(route: context.endpointPath ?? "unmatched", model: model, status: Int(response.status.code),
                              duration: ContinuousClock.now - context.started)
        return response
    }
}
