import Foundation

/// `manifest.json` of a model bundle: what the bundle holds and the SHA-256 of
/// every other file in it. `content` carries the domain's description of the
/// model (for tables: task, input schema, fitted preprocessing, architecture,
/// threshold, metrics, training-data fingerprint).
public struct BundleManifest<Content: Codable>: Codable {
    /// Always "galen-model-bundle".
    public var format: String
    /// Version of the bundle layout; readers refuse newer ones.
    public var formatVersion: Int
    /// Galen version that wrote the bundle.
    public var galenVersion: String
    /// Creation time, ISO 8601 in UTC.
    public var createdAt: String
    /// Model name (used by `galen serve` routes).
    public var name: String
    /// File name (relative, no folders) → lowercase hex SHA-256 of its bytes.
    public var files: [String: String]
    /// Domain-specific description of the model.
    public var content: Content

    /// The newest layout version this Galen reads. Bundles are written as version 1 unless their content needs a
    /// newer reader: version 2 marks content that older readers would misread (an ensemble image bundle, whose weights
    /// are not in `model.safetensors`), so that they refuse it with "upgrade Galen".
    public static var currentFormatVersion: Int { 2 }
}

/// Problems reading or writing a bundle. Each names the bundle path and the file.
public enum BundleError: Error, CustomStringConvertible {
    case notABundle(path: String, detail: String)
    case missingFile(bundle: String, file: String)
    case hashMismatch(bundle: String, file: String, expected: String, actual: String)
    case corruptManifest(bundle: String, detail: String)
    case unsupportedVersion(bundle: String, version: Int)
    case badFileName(String)
    case writeFailed(path: String, detail: String)
    /// The bundle is encrypted and no key was given.
    case encrypted(bundle: String)

    public var description: String {
        switch self {
        case let .notABundle(p, d): return "\(p) is not a Galen model bundle: \(d)"
        case let .missingFile(b, f): return "bundle \(b) is incomplete: \(f) is listed in manifest.json but missing"
        case let .hashMismatch(b, f, e, a):
            return "bundle \(b) was modified or truncated: \(f) has SHA-256 \(a.prefix(16))…, manifest.json records \(e.prefix(16))…"
        case let .corruptManifest(b, d): return "bundle \(b): manifest.json is unreadable: \(d)"
        case let .unsupportedVersion(b, v):
            return "bundle \(b) uses layout version \(v); this Galen reads up to \(BundleManifest<Int>.currentFormatVersion). Upgrade Galen."
        case let .badFileName(n): return "bundle file name '\(n)' must be a plain name without folders"
        case let .writeFailed(p, d): return "could not write bundle \(p): \(d)"
        case let .encrypted(b):
            return "bundle \(b) is encrypted: pass its key with --key-file KEYFILE or the GALEN_KEY environment variable"
        }
    }
}
