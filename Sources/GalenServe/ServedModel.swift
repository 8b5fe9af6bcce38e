import Crypto
import Foundation
import GalenBundle
import GalenData
import GalenPrivacy
import GalenTabular

/// One loaded, verified model bundle as the server serves it: its name, version and hash, its input schema, and
/// the model itself behind a lock (the network's buffers are not shared between concurrent predictions).
public final class ServedModel: @unchecked Sendable {
    /// Model name, from the manifest.
    public let name: String
    /// Version: the manifest's creation time (compact ISO 8601) and the first 12 hex digits of `bundleSHA256`,
    /// e.g. `20261123T094512Z-3f2a9c0b1d4e`.
    public let version: String
    /// SHA-256 of the bundle's `manifest.json`, which itself holds the SHA-256 of every other file.
    public let bundleSHA256: String
    /// The bundle folder.
    public let url: URL
    /// The input schema that requests are validated against.
    public let schema: InputSchema
    /// Drift of incoming records against the training distribution (nil for bundles without a reference).
    public let drift: DriftMonitor?
    private let model: TabularModel
    private let lock = NSLock()

    /// Whether the bundle's files are stored encrypted (decrypted in memory only when loaded).
    public let isEncrypted: Bool

    /// Loads and verifies the bundle at `url`; `key` opens an encrypted bundle (a plain bundle loads with or
    /// without one). `bundleSHA256` of an encrypted bundle is that of its stored (sealed) `manifest.json`.
    /// - Throws: `ServeError.encryptedBundleWithoutKey` for an encrypted bundle and no key;
    ///   `ServeError.bundleLoadFailed` when the bundle is missing, tampered with, not tabular, or the key is wrong.
    public init(contentsOf url: URL, key: EncryptionKey? = nil) throws {
        isEncrypted = isEncryptedBundle(at: url)
        if isEncrypted && key == nil { throw ServeError.encryptedBundleWithoutKey(path: url.path) }
        do {
            model = try TabularModel(contentsOf: url, key: key)
            let manifest = try Data(contentsOf: url.appendingPathComponent("manifest.json"))
            bundleSHA256 = SHA256.hash(data: manifest).map { String(format: "%02x", $0) }.joined()
        } catch {
            throw ServeError.bundleLoadFailed(path: url.path, reason: "\(error)")
        }
        self.url = url
        name = model.bundle.manifest.name
        let created = model.bundle.manifest.createdAt.filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        version = "\(created)-\(bundleSHA256.prefix(12))"
        schema = InputSchema(content: model.content)
        drift = model.content.reference.map(DriftMonitor.init)
    }

    /// The manifest's content (target, preprocessing, metrics, training data fingerprint).
    public var content: TabularModelContent { model.content }
    /// The manifest's creation time as written (ISO 8601).
    public var createdAt: String { model.bundle.manifest.createdAt }
    /// The Galen version that wrote the bundle.
    public var galenVersion: String { model.bundle.manifest.galenVersion }
    /// SHA-256 of every file in the bundle, from the verified manifest.
    public var fileHashes: [String: String] { model.bundle.manifest.files }

    /// Scores a validated table (see ``TabularModel/scores(_:strict:useBaseline:)``), one prediction at a time.
    public func scores(_ table: Table) throws -> (scores: [Float], warnings: [DataWarning]) {
        lock.lock()
        defer { lock.unlock() }
        return try model.scores(table)
    }

    /// Per-record contributions of each input column (see ``FeatureAttribution``), under the same lock as
    /// prediction; gradients go to a copy of the features only, never into the served parameters.
    public func contributions(_ table: Table) throws -> [[String: Double]] {
        lock.lock()
        defer { lock.unlock() }
        return try FeatureAttribution.contributions(model: model, table: table)
    }
}
