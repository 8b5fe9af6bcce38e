import Foundation
import Hummingbird

/// An error answered to an HTTP client as `{"error": {"field": ..., "message": ...}}`.
///
/// Messages name the field and the problem but never echo a submitted value, so that no patient data reaches a
/// response body or a log line.
public struct APIError: Error, HTTPResponseError, Equatable, Sendable, CustomStringConvertible {
    /// The HTTP status answered.
    public var status: HTTPResponse.Status
    /// The offending field as a path into the request (`records[2].age`, `dataframe_split.columns`), or nil when
    /// the problem is not tied to one field.
    public var field: String?
    /// What is wrong, in words.
    public var message: String
    /// For 429: seconds until a retry may succeed (sent as `Retry-After`).
    public var retryAfterSeconds: Int?

    /// An error with the given status, field and message.
    public init(_ status: HTTPResponse.Status, field: String? = nil, _ message: String) {
        self.status = status
        self.field = field
        self.message = message
    }

    /// 400: the request does not fit the model's schema or the protocol.
    public static func badRequest(field: String? = nil, _ message: String) -> APIError {
        APIError(.badRequest, field: field, message)
    }

    public var description: String { "\(status.code) \(field.map { "\($0): " } ?? "")\(message)" }

    /// The JSON body of the error.
    public var body: ErrorBody { ErrorBody(error: .init(status: Int(status.code), field: field, message: message)) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        makeResponse()
    }

    /// The JSON response of this error.
    public func makeResponse() -> Response {
        var response = JSONResponse.make(body, status: status)
        if let retryAfterSeconds { response.headers[.retryAfter] = String(max(1, retryAfterSeconds)) }
        return response
    }

    /// The JSON document of an error answer.
    public struct ErrorBody: Codable, Equatable, Sendable {
        /// The error.
        public var error: Detail
        /// One error: HTTP status, offending field (if any) and message.
        public struct Detail: Codable, Equatable, Sendable {
            public var status: Int
            public var field: String?
            public var message: String
        }
    }
}
