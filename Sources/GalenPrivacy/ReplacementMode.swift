/// What replaces an identifier found in a value or a text.
public enum ReplacementMode: String, Codable, Sendable, CaseIterable {
    /// A tag such as `[NAME]`; ZIP codes keep their first three digits (`000` for small areas), dates keep the
    /// year, ages over 89 become `90+`.
    case redact
    /// A consistent realistic fake value derived from the HMAC of the value under the project key.
    case surrogate
    /// The type and the HMAC-SHA-256 pseudonym of the value, such as `[NAME:3f9a0c1d2e4b5a69]`.
    case pseudonymize
}
