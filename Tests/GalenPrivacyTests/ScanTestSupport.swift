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
