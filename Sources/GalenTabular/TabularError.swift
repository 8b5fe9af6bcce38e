/// Problems in the tabular workflow that are not already data or model errors.
public enum TabularError: Error, CustomStringConvertible {
    /// A command-line or API option out of range.
    case invalidOption(String)
    /// The data cannot support the requested task (too few rows per class, …).
    case insufficientData(String)
    /// A bundle that is not a tabular model, or does not match the input.
    case incompatibleBundle(String)

    public var description: String {
        switch self {
        case let .invalidOption(m): return m
        case let .insufficientData(m): return m
        case let .incompatibleBundle(m): return m
        }
    }
}
