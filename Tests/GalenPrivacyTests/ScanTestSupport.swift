@testable import GalenPrivacy

/// The spans `scanner` finds in `text`, as (type, the span's text) pairs in order (shared by the rule tests).
func found(_ text: String, _ scanner: PHIScanner = PHIScanner()) -> [(PHIType, String)] {
    let bytes = Array(text.utf8)
    return scanner.scan(text).map { ($0.type, String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)) }
}

/// Whether exactly `value` is found in `text` with `type`.
func has(_ text: String, _ type: PHIType, _ value: String) -> Bool {
    found(text).contains { $0 == (type, value) }
}

/// Whether some span found in `text` contains `value`.
func covered(_ text: String, _ value: String) -> Bool {
    found(text).contains { $0.1.contains(value) }
}

/// What a joining pass (`PHIScanner.joiningParts`, `bridgingPlaces`, …) makes of `parts` — substrings of `text` with
/// their types, found in order — as `TYPE:text` strings (shared by the round tests of the joining rules).
func joinedParts(
    _ text: String, _ parts: [(PHIType, String)],
    by pass: ([PHISpan], UnsafeBufferPointer<UInt8>) -> [PHISpan]
) -> [String] {
    let bytes = Array(text.utf8)
    var spans: [PHISpan] = []
    var from = text.startIndex
    for (type, part) in parts {
        let r = text.range(of: part, range: from..<text.endIndex)!
        spans.append(PHISpan(type: type, start: text.utf8.distance(from: text.startIndex, to: r.lowerBound),
                             end: text.utf8.distance(from: text.startIndex, to: r.upperBound)))
        from = r.upperBound
    }
    return bytes.withUnsafeBufferPointer { b in
        pass(spans, b).map { "\($0.type.rawValue):" + String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }
}
