import GalenTensor

/// Errors from modules, losses, optimizers and training. Each names what was
/// being done and the shapes or names involved.
public enum NNError: Error, CustomStringConvertible {
    /// A layer received an input it cannot process.
    case badInput(layer: String, detail: String)
    /// A state dict does not fit the module (missing/unexpected keys, wrong shapes).
    case stateDict(String)
    /// Inputs to a loss do not match.
    case loss(String)
    /// Training stopped on a problem (NaN loss, empty data, bad arguments).
    case training(String)
    /// A module subclass did not override `forward`.
    case forwardNotImplemented(String)

    public var description: String {
        switch self {
        case let .badInput(layer, detail): return "\(layer): \(detail)"
        case let .stateDict(d): return "state dict: \(d)"
        case let .loss(d): return "loss: \(d)"
        case let .training(d): return "training: \(d)"
        case let .forwardNotImplemented(t): return "\(t) does not override forward(_:)"
        }
    }
}
