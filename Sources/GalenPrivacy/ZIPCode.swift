/// Safe Harbor generalisation of US ZIP codes.
public enum ZIPCode {
    /// The three-digit ZIP areas holding 20,000 people or fewer (HHS guidance, 2000 Census); they become `000`.
    public static let restrictedZIP3: Set<String> = [
        "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878", "879", "884",
        "890", "893",
    ]

    /// The first three digits of a ZIP code (`02139-4307` → `021`), or `000` for restricted areas; nil when the
    /// text does not start with three digits.
    public static func zip3(_ zip: String) -> String? {
        let digits = zip.utf8.prefix(3)
        guard digits.count == 3, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let z = String(decoding: digits, as: UTF8.self)
        return restrictedZIP3.contains(z) ? "000" : z
    }
}
