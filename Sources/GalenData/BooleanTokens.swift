/// Boolean spellings recognised in text columns.
enum BooleanTokens {
    /// true → 1, false → 0, nil when not a boolean word; `allowDigits` also accepts "0" and "1".
    static func value(_ text: String, allowDigits: Bool) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "t", "y": return true
        case "false", "no", "f", "n": return false
        case "1" where allowDigits: return true
        case "0" where allowDigits: return false
        default: return nil
        }
    }

    /// Whether `text` is a boolean word (not a digit).
    static func isWord(_ text: String) -> Bool { value(text, allowDigits: false) != nil }

    /// The spelling of the opposite value matching `text`'s style ("yes" → "no", "T" → "F").
    static func counterpart(_ text: String) -> String {
        let pairs = [("true", "false"), ("yes", "no"), ("t", "f"), ("y", "n"), ("1", "0")]
        let lower = text.lowercased()
        for (a, b) in pairs {
            let other: String
            if lower == a { other = b } else if lower == b { other = a } else { continue }
            if text == text.uppercased() && text != text.lowercased() { return other.uppercased() }
            if let f = text.first, f.isUppercase { return other.prefix(1).uppercased() + other.dropFirst() }
            return other
        }
        return text
    }
}
