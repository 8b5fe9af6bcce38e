/// Problems in the text workflow that are not already data, tensor, encoder or bundle errors. Messages name the
/// file, line and column at fault, never a text's content or a label's value beyond the class name.
public enum TextError: Error, CustomStringConvertible, Equatable {
    /// A command-line or API option out of range or unknown (exit code 1 at the command line).
    case invalidOption(String)
    /// The texts cannot support the request: a missing column, an empty text, too few classes, an unknown label.
    case unsuitableData(String)
    /// The encoder folder is missing, incomplete, or not the one the bundle was trained with.
    case encoder(String)
    /// A bundle that is not a text model, or whose parts do not fit together.
    case incompatibleBundle(String)

    public var description: String {
        switch self {
        case let .invalidOption(m), let .unsuitableData(m), let .encoder(m), let .incompatibleBundle(m): return m
        }
    }
}
