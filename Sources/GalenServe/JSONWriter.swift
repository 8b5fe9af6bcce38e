import Foundation

/// Writes the server's answers as JSON text byte for byte as ``JSONResponse/encoder()`` would (sorted keys,
/// slashes unescaped, `NaN`/`Infinity`/`-Infinity` as strings), without `JSONEncoder`'s per-value machinery,
/// which cost a large share of a single-row prediction's CPU time. Tests compare both outputs.
public struct JSONWriter {
    /// The text written so far (UTF-8).
    public private(set) var bytes: [UInt8] = []

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    /// Appends already-encoded JSON text.
    public mutating func raw(_ text: some Sequence<UInt8>) { bytes.append(contentsOf: text) }

    /// Appends a string literal: `"`, `\` and control characters escaped as `JSONEncoder` escapes them.
    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
            case 0x08: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "b"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0C: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "f"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(b >> 4)])
                bytes.append(hex[Int(b & 0xF)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a number: the shortest text that reads back as `x` (Swift's `description`, without a trailing
    /// `.0`); NaN and infinities as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    public mutating func number(_ x: Double) {
        if x.isNaN { string("NaN"); return }
        if x.isInfinite { string(x > 0 ? "Infinity" : "-Infinity"); return }
        var text = x.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends any JSON value, object keys sorted.
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: raw("null".utf8)
        case .bool(let b): raw((b ? "true" : "false").utf8)
        case .number(let x): number(x)
        case .string(let s): string(s)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                value(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                string(key)
                bytes.append(UInt8(ascii: ":"))
                value(members[key]!)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends one prediction as `Prediction`'s `Codable` form: `id`, `label`, `probabilities` (classes
    /// sorted), `value`, each only when present.
    public mutating func prediction(_ p: Prediction) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        func key(_ name: String, _ w: inout JSONWriter) {
            if !first { w.bytes.append(UInt8(ascii: ",")) }
            first = false
            w.string(name)
            w.bytes.append(UInt8(ascii: ":"))
        }
        if let id = p.id { key("id", &self); value(id) }
        if let label = p.label { key("label", &self); string(label) }
        if let probabilities = p.probabilities {
            key("probabilities", &self)
            bytes.append(UInt8(ascii: "{"))
            for (i, name) in probabilities.keys.sorted().enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                string(name)
                bytes.append(UInt8(ascii: ":"))
                number(probabilities[name]!)
            }
            bytes.append(UInt8(ascii: "}"))
        }
        if let x = p.value { key("value", &self); number(x) }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Appends an array of predictions.
    public mutating func predictions(_ list: [Prediction]) {
        bytes.append(UInt8(ascii: "["))
        for (i, p) in list.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            prediction(p)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
