import Foundation
import Hummingbird

/// Reads and decodes a JSON request body within the server's limits.
///
/// - 413 when the body is larger than the limit (by `Content-Length` or while reading);
/// - 415 when the declared content type is not JSON, the declared charset is not UTF-8, or the bytes are not
///   valid UTF-8;
/// - 400 when the text is not JSON. `NaN` and `Infinity` literals (which Python's `json` writes) are accepted
///   by the parser so that validation can name the field holding them.
public enum JSONBody {
    /// The body's bytes, at most `limit` of them.
    public static func collect(_ request: Request, limit: Int) async throws -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge(limit)
        }
        var bytes = Data()
        for try await chunk in request.body {
            guard bytes.count + chunk.readableBytes <= limit else { throw tooLarge(limit) }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }

    /// Parses `bytes` as JSON after checking the declared content type and the encoding.
    public static func parse(_ bytes: Data, contentType: String?) throws -> JSONValue {
        if let type = contentType {
            let parts = type.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let media = parts.first ?? ""
            guard media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json")) else {
                throw APIError(.unsupportedMediaType, field: "Content-Type", "the body must be JSON (Content-Type: application/json)")
            }
            for p in parts.dropFirst() where p.hasPrefix("charset=") {
                let charset = p.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                guard charset == "utf-8" || charset == "utf8" else {
                    throw APIError(.unsupportedMediaType, field: "Content-Type", "the body must be UTF-8 encoded JSON")
                }
            }
        }
        guard isUTF8(bytes) else {
            throw APIError(.unsupportedMediaType, field: "body", "the body is not valid UTF-8")
        }
        guard !bytes.isEmpty else { throw APIError.badRequest(field: "body", "the body is empty; expected a JSON object") }
        // The fast parser takes plain JSON (nearly every request); anything else goes to JSONDecoder as before.
        if let value = JSONParser.parse(bytes) { return value }
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        do {
            return try decoder.decode(JSONValue.self, from: bytes)
        } catch {
            throw APIError.badRequest(field: "body", "the body is not valid JSON (or holds a number out of range)")
        }
    }

    static func isUTF8(_ bytes: Data) -> Bool {
        String(data: bytes, encoding: .utf8) != nil
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, field: "body", "the body is larger than the limit of \(limit) bytes")
    }
}
