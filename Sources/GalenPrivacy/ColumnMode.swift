/// What a policy does with one column.
public enum ColumnMode: Equatable, Sendable {
    /// Copy the column unchanged.
    case keep
    /// Leave the column out of the output.
    case drop
    /// Replace each value by its Safe Harbor redaction for `type` (`[NAME]`, ZIP3, year of a date, `90+`); with no
    /// type, `[REDACTED]`.
    case redact(PHIType?)
    /// Replace each value by a consistent realistic fake value of `type` (format-preserving when nil).
    case surrogate(PHIType?)
    /// Replace each value by its HMAC-SHA-256 pseudonym (16 hex digits).
    case pseudonymize
    /// Move every date in the value by the patient's offset.
    case dateshift
    /// Scan the value as free text and replace what is found with `replacement`.
    case text(ReplacementMode)

    /// The mode's name as written in a policy.
    public var name: String {
        switch self {
        case .keep: return "keep"
        case .drop: return "drop"
        case .redact: return "redact"
        case .surrogate: return "surrogate"
        case .pseudonymize: return "pseudonymize"
        case .dateshift: return "dateshift"
        case .text: return "text"
        }
    }

    /// Whether the mode needs the project key.
    public var needsKey: Bool {
        switch self {
        case .surrogate, .pseudonymize, .dateshift: return true
        case let .text(r): return r != .redact
        default: return false
        }
    }
}
