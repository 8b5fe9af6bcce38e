/// Problems with differentially private training (DP-SGD) and its accounting. Each case names the option or layer at fault.
public enum DifferentialPrivacyError: Error, CustomStringConvertible, Equatable {
    /// A privacy parameter out of range (ε ≤ 0, δ outside (0, 1), a clipping norm ≤ 0, …).
    case invalidParameter(String)
    /// The model holds a layer whose per-sample gradients Galen cannot compute.
    case unsupportedLayer(String)
    /// The loss does not split into one term per row, so per-sample gradients are undefined.
    case unsupportedLoss(String)
    /// No noise multiplier reaches the requested ε (the budget is too small for the steps).
    case budgetTooSmall(String)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case let .invalidParameter(m): return m
        case let .unsupportedLayer(m): return "differential privacy: \(m)"
        case let .unsupportedLoss(m): return "differential privacy: \(m)"
        case let .budgetTooSmall(m): return m
        }
    }
}
