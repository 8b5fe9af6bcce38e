/// Replaces the identifiers `PHIScanner` finds in free text.
public struct TextDeidentifier: Sendable {
    /// The scanner used.
    public let scanner: PHIScanner
    /// How identifiers are replaced.
    public let mode: ReplacementMode
    /// The project key (needed for `surrogate` and `pseudonymize`, and for date shifting).
    public let key: ProjectKey?
    /// Days to move every date by instead of redacting it (the patient's offset, when known).
    public let dateShift: Int?

    /// A de-identifier.
    /// - Parameter scanner: the scanner to use; nil: the shipped lists with the shipped name tagger.
    /// - Throws: `PrivacyError.missingKey` when `mode` needs a key and none is given; `PrivacyError.invalidTagger`
    ///   when `scanner` is nil and the shipped name-tagger weights cannot be loaded.
    public init(mode: ReplacementMode = .redact, key: ProjectKey? = nil, dateShift: Int? = nil,
                scanner: PHIScanner? = nil) throws {
        if mode != .redact, key == nil { throw PrivacyError.missingKey(reason: "mode '\(mode.rawValue)' needs a project key") }
        self.mode = mode
        self.key = key
        self.dateShift = dateShift
        self.scanner = try scanner ?? PHIScanner(tagger: NameTagger.bundled.get())
    }

    /// `text` with every identifier replaced.
    public func deidentify(_ text: String) -> String {
        deidentify(text, found: nil)
    }

    /// `text` with every identifier replaced; `found` receives the spans.
    public func deidentify(_ text: String, found: ((PHISpan) -> Void)?) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            let spans = scanner.scan(bytes: bytes)
            if spans.isEmpty { return text }
            if let found { spans.forEach(found) }
            var out = [UInt8]()
            out.reserveCapacity(bytes.count + 16)
            var pos = 0
            for s in spans {
                out.append(contentsOf: bytes[pos..<s.start])
                let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[s.start..<s.end]), as: UTF8.self)
                out.append(contentsOf: replacement(for: value, type: s.type).utf8)
                pos = s.end
            }
            out.append(contentsOf: bytes[pos...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The replacement of one identifier `value` of `type` under this de-identifier's mode.
    public func replacement(for value: String, type: PHIType) -> String {
        if type == .date, let dateShift, let d = scanner.dates(in: value).first {
            return d.value.shifted(by: dateShift).text
        }
        switch mode {
        case .redact:
            return TextDeidentifier.redacted(value, type: type, scanner: scanner)
        case .surrogate:
            return Surrogates(key: key!, lexicon: scanner.lexicon).surrogate(for: value, type: type)
        case .pseudonymize:
            if type == .age { return "90+" }
            return "[\(type.rawValue):\(key!.pseudonym(value))]"
        }
    }

    /// The Safe Harbor redaction of `value`: ZIP → first three digits (`000` for small areas), date → year (or
    /// `[DATE]` without a year), age over 89 → `90+`, anything else → its tag.
    public static func redacted(_ value: String, type: PHIType, scanner: PHIScanner = PHIScanner()) -> String {
        switch type {
        case .zip: return ZIPCode.zip3(value) ?? type.tag
        case .age:
            if let v = Int(value.prefix { $0.isNumber }), v <= 89 { return value }
            return "90+"
        case .date:
            if let y = scanner.dates(in: value).first?.value.year { return String(y) }
            return type.tag
        default: return type.tag
        }
    }
}
