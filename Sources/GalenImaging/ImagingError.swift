/// Problems in the image workflow that are not already data, tensor or bundle errors.
public enum ImagingError: Error, CustomStringConvertible, Equatable {
    /// A command-line or API option out of range or unknown (exit code 1 at the command line).
    case invalidOption(String)
    /// The images cannot support the request (one class only, too few images, wrong size for the architecture).
    case unsuitableData(String)
    /// A bundle that is not an image model, or whose input does not fit the images given.
    case incompatibleBundle(String)

    public var description: String {
        switch self {
        case let .invalidOption(m), let .unsuitableData(m), let .incompatibleBundle(m): return m
        }
    }
}
