/// Errors of the sequence workflow: bad options, data that cannot make a cohort, or a bundle of another kind.
public enum SequenceError: Error, Equatable, CustomStringConvertible {
    /// An option out of range or options that do not fit together.
    case invalidOption(String)
    /// The data cannot make the requested cohort (too few patients or outcomes, one class only).
    case unsuitableData(String)
    /// The bundle holds another kind of model or does not fit the data.
    case incompatibleBundle(String)

    public var description: String {
        switch self {
        case let .invalidOption(m): return m
        case let .unsuitableData(m): return m
        case let .incompatibleBundle(m): return m
        }
    }
}
