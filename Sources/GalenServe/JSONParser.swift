import Foundation

/// A small, allocation-light JSON parser into ``JSONValue`` for request bodies: standard JSON (RFC 8259) plus
/// the literals `NaN`, `Infinity` and `-Infinity` (which Python's `json` writes), so that validation can name
/// the field holding them.
///
/// It exists for speed: Foundation's `JSONDecoder` reaches ``JSONValue`` by trying each type in turn, and every
/// failed try builds a `DecodingError`; for a 30-column record that was most of a prediction's CPU time. It
/// accepts a subset of what `JSONDecoder` (in JSON5 mode) accepts and gives the same value for it; anything it
/// does not accept (malformed text, JSON5 extensions such as comments or trailing commas, numbers out of range,
/// duplicate keys) it reports as `nil`, and ``JSONBody`` then falls back to `JSONDecoder`, so that what is
/// accepted and how errors are worded stay as they were.
public enum JSONParser {
    /// The value in `bytes` (UTF-8 JSON text, whitespace around it allowed), or nil when the text is not of the
    /// accepted subset.
    public static func parse(_ bytes: Data) -> JSONValue? {
        bytes.withUnsafeBytes { raw -> JSONValue? in
            var reader = Reader(bytes: raw.bindMemory(to: UInt8.self))
            guard let value = reader.value(depth: 0) else { return nil }
            reader.skipWhitespace()
            return reader.position == reader.bytes.count ? value : nil
        }
    }

    /// Deepest nesting accepted (deeper text goes to the fallback, which has its own limit).
    static let maxDepth = 512

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        /// Consumes `literal` when the text continues with it.
        mutating func consume(_ literal: StaticString) -> Bool {
            let n = literal.utf8CodeUnitCount
            guard position + n <= bytes.count else { return false }
            let p = literal.utf8Start
            for i in 0..<n where bytes[position + i] != p[i] { return false }
            position += n
            return true
        }

        mutating func value(depth: Int) -> JSONValue? {
            guard depth < JSONParser.maxDepth else { return nil }
            skipWhitespace()
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string().map(JSONValue.string)
            case UInt8(ascii: "t"): return consume("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return consume("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return consume("null") ? .null : nil
            case UInt8(ascii: "N"): return consume("NaN") ? .number(.nan) : nil
            case UInt8(ascii: "I"): return consume("Infinity") ? .number(.infinity) : nil
            case UInt8(ascii: "-"): return consume("-Infinity") ? .number(-.infinity) : number()
            default: return number()
            }
        }

        mutating func object(depth: Int) -> JSONValue? {
            position += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
                position += 1
                guard let item = value(depth: depth + 1) else { return nil }
                guard members.updateValue(item, forKey: key) == nil else { return nil }   // duplicate key
                skipWhitespace()
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                return nil
            }
        }

        mutating func array(depth: Int) -> JSONValue? {
            position += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            while true {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
                skipWhitespace()
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                return nil
            }
        }

        /// A string starting at the opening quote; nil for a raw control character, a bad escape or a lone
        /// surrogate.
        mutating func string() -> String? {
            position += 1
            let start = position
            // Fast path: no escapes.
            while position < bytes.count {
                let b = bytes[position]
                if b == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                    position += 1
                    return text
                }
                if b == UInt8(ascii: "\\") { break }
                if b < 0x20 { return nil }
                position += 1
            }
            var scalars = Array(bytes[start..<position])
            while position < bytes.count {
                let b = bytes[position]
                switch b {
                case UInt8(ascii: "\""):
                    position += 1
                    return String(decoding: scalars, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    position += 1
                    guard position < bytes.count else { return nil }
                    let e = bytes[position]
                    position += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(e)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0C)
                    case UInt8(ascii: "n"): scalars.append(0x0A)
                    case UInt8(ascii: "r"): scalars.append(0x0D)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var code = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(code) {
                            guard consume("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00..<0xE000).contains(code) {
                            return nil
                        }
                        guard let scalar = Unicode.Scalar(code) else { return nil }
                        scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default:
                        return nil
                    }
                default:
                    if b < 0x20 { return nil }
                    scalars.append(b)
                    position += 1
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var code: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[position]
                let digit: UInt8
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
                default: return nil
                }
                code = code << 4 | UInt32(digit)
                position += 1
            }
            return code
        }

        /// A number in JSON's grammar (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`), read as the nearest
        /// Double; nil when out of range (the fallback then reports it).
        mutating func number() -> JSONValue? {
            let start = position
            func digits(_ r: inout Reader) -> Int {
                let s = r.position
                while r.position < r.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(r.bytes[r.position]) { r.position += 1 }
                return r.position - s
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: "0") {
                position += 1
            } else {
                guard digits(&self) > 0 else { return nil }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard digits(&self) > 0 else { return nil }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
                guard digits(&self) > 0 else { return nil }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            guard let x = Double(text), x.isFinite else { return nil }
            return .number(x)
        }
    }
}
