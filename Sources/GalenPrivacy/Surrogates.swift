/// Realistic fake values that stand in for identifiers: the same value gives the same surrogate under the same
/// project key; names and cities come from the bundled lists, numbers keep their format with other digits.
public struct Surrogates: Sendable {
    /// The project key surrogates are derived from.
    public let key: ProjectKey
    /// The lists names and cities are drawn from.
    public let lexicon: Lexicon

    /// Surrogates under `key`.
    public init(key: ProjectKey, lexicon: Lexicon = .shared) {
        self.key = key
        self.lexicon = lexicon
    }

    /// The surrogate of `value`, an identifier of `type`.
    public func surrogate(for value: String, type: PHIType) -> String {
        let h = key.number(value, purpose: "surrogate:\(type.rawValue)")
        switch type {
        case .name:
            let words = value.split(separator: " ").count
            let first = lexicon.firstNameList.isEmpty ? "Alex" : lexicon.firstNameList[Int(h % UInt64(lexicon.firstNameList.count))]
            let last = lexicon.lastNameList.isEmpty ? "Doe" : lexicon.lastNameList[Int((h >> 20) % UInt64(lexicon.lastNameList.count))]
            return words >= 2 ? "\(first) \(last)" : (value.first?.isUppercase == true && h & 1 == 0 ? last : first)
        case .location:
            if value.first?.isNumber == true {
                let street = lexicon.lastNameList.isEmpty ? "Main" : lexicon.lastNameList[Int(h % UInt64(lexicon.lastNameList.count))]
                return "\(100 + h % 9000) \(street) Street"
            }
            return lexicon.cityList.isEmpty ? "Springfield" : lexicon.cityList[Int(h % UInt64(lexicon.cityList.count))]
        case .email:
            return "user\(h % 1_000_000)@example.org"
        case .url:
            return "https://example.org/\(h % 1_000_000)"
        case .zip:
            return ZIPCode.zip3(value).map { "\($0)\(h % 10)\((h >> 8) % 10)" } ?? "00000"
        case .phone, .fax:
            return "555-01\(String(format2: Int(h % 100)))"
        case .age:
            return "90+"
        case .date:
            let offset = Int(h % 731) - 365
            return PHIScanner(lexicon: lexicon).dates(in: value).first.map { $0.value.shifted(by: offset).text } ?? "[DATE]"
        default:
            return formatPreserving(value, h: key.mac(value, purpose: "surrogate-digits"))
        }
    }

    /// `value` with each digit and letter replaced by one derived from `h`, keeping case and punctuation.
    func formatPreserving(_ value: String, h: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count)
        for (i, c) in value.utf8.enumerated() {
            let r = h[i % h.count] &+ UInt8(truncatingIfNeeded: i / h.count)
            if c >= 0x30 && c <= 0x39 { out.append(0x30 + r % 10) } else if c >= 0x41 && c <= 0x5A { out.append(0x41 + r % 26) } else if c >= 0x61 && c <= 0x7A { out.append(0x61 + r % 26) } else { out.append(c) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// Two-digit zero-padded form of 0–99.
    init(format2 v: Int) { self = v < 10 ? "0\(v)" : "\(v)" }
}
