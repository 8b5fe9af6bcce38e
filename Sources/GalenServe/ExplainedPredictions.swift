import Foundation

/// Writes prediction answers with per-record feature contributions (`?explain=true`).
///
/// Answers are encoded with sorted keys, but contributions are listed by decreasing magnitude, so each
/// `"contributions"` object is written here in that order and spliced into the encoded answer: it is the first
/// key of each prediction object (it also sorts first), and the predictions array replaces the empty one of the
/// answer encoded without predictions.
public enum ExplainedPredictions {
    /// The contributions as a JSON object, largest magnitude first (ties by column name).
    public static func object(_ contributions: [String: Double]) throws -> Data {
        let encoder = JSONResponse.encoder()
        let ordered = contributions.sorted { (abs($0.value), $1.key) > (abs($1.value), $0.key) }
        var out = Data("{".utf8)
        for (i, (column, value)) in ordered.enumerated() {
            if i > 0 { out.append(contentsOf: Array(",".utf8)) }
            out.append(try encoder.encode(column))
            out.append(contentsOf: Array(":".utf8))
            out.append(try encoder.encode((value * 1e6).rounded() / 1e6))
        }
        out.append(contentsOf: Array("}".utf8))
        return out
    }

    /// One prediction object with its contributions as the first key.
    public static func prediction(_ prediction: Prediction, contributions: [String: Double]) throws -> Data {
        let encoded = try JSONResponse.encoder().encode(prediction)
        var out = Data(#"{"contributions":"#.utf8)
        out.append(try object(contributions))
        let rest = encoded.dropFirst()  // after "{"
        if rest.first != UInt8(ascii: "}") { out.append(contentsOf: Array(",".utf8)) }
        out.append(contentsOf: rest)
        return out
    }

    /// `answer` (encoded with an empty `predictions` array) with that array holding `items`. The first
    /// `"predictions":[]` in the bytes is the key's: a string value cannot hold that sequence unescaped.
    public static func splice(_ items: [Data], into answer: Data) -> Data {
        let marker = Data(#""predictions":[]"#.utf8)
        guard let range = answer.range(of: marker) else { return answer }
        var array = Data(#""predictions":["#.utf8)
        for (i, item) in items.enumerated() {
            if i > 0 { array.append(contentsOf: Array(",".utf8)) }
            array.append(item)
        }
        array.append(contentsOf: Array("]".utf8))
        var out = answer
        out.replaceSubrange(range, with: array)
        return out
    }
}
