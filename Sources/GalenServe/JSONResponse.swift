import Foundation
import Hummingbird

/// Builds JSON HTTP responses with stable key order.
public enum JSONResponse {
    /// An encoder with sorted keys, so that answers (and the audit's copy of outputs) are byte-stable.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }

    /// A response with `value` encoded as JSON. Encoding the server's own types cannot fail; should it, the
    /// answer is a 500 JSON error without details.
    public static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        guard let data = try? encoder().encode(value) else {
            return raw(Data(#"{"error":{"message":"internal error encoding the response","status":500}}"#.utf8),
                       status: .internalServerError)
        }
        return raw(data, status: status)
    }

    /// A response with already-encoded JSON bytes.
    public static func raw(_ data: Data, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
