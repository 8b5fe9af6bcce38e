import Foundation

/// Errors raised while setting up or running the inference server (not per-request errors, which are
/// ``APIError`` values answered to the client).
public enum ServeError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The model directory does not exist or is not a directory.
    case modelDirectoryNotFound(String)
    /// The model directory holds no loadable bundle.
    case noModels(String)
    /// Two bundles in the directory declare the same model name and version.
    case duplicateModel(name: String, version: String)
    /// A bundle could not be loaded (hash mismatch, unreadable manifest, ...).
    case bundleLoadFailed(path: String, reason: String)
    /// A bundle is encrypted and no key was supplied (`--key-file` or `GALEN_KEY`).
    case encryptedBundleWithoutKey(path: String)
    /// The audit or key database could not be opened or written.
    case database(String)
    /// An API key id was not found.
    case keyNotFound(Int64)
    /// A role name is not one of the known roles.
    case unknownRole(String)
    /// A date given on the command line could not be parsed.
    case invalidDate(String)
    /// The TLS certificate or key could not be read, or only one of them was given.
    case tls(String)

    public var description: String {
        switch self {
        case .modelDirectoryNotFound(let path): return "model directory not found: \(path)"
        case .noModels(let path): return "no model bundles found in \(path)"
        case .duplicateModel(let name, let version): return "two bundles declare model \(name) version \(version)"
        case .bundleLoadFailed(let path, let reason): return "cannot load bundle \(path): \(reason)"
        case .encryptedBundleWithoutKey(let path):
            return "bundle \(path) is encrypted: pass --key-file KEYFILE or set GALEN_KEY"
        case .database(let reason): return "database error: \(reason)"
        case .keyNotFound(let id): return "no API key with id \(id)"
        case .unknownRole(let role): return "unknown role \(role) (expected predict or admin)"
        case .invalidDate(let text): return "cannot parse date \(text) (expected YYYY-MM-DD or ISO 8601)"
        case .tls(let reason): return "TLS: \(reason)"
        }
    }
}
