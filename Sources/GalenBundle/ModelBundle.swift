import CGalenPlatform
import Foundation
import GalenNN
import GalenTensor

/// The two fields read before the rest of a manifest, to refuse foreign or newer files early.
private struct BundleHeader: Decodable { var format: String?; var formatVersion: Int? }

/// A trained model on disk: a directory with `manifest.json`, weights as
/// safetensors (`model.safetensors`, optionally `baseline.safetensors`) and any
/// other files, each listed in the manifest with its SHA-256.
///
/// Writing is atomic: the bundle is assembled in a hidden sibling directory and
/// swapped into place, so readers see the old bundle or the new one, never a
/// half-written one. Reading verifies every hash and refuses a tampered or
/// truncated bundle.
///
/// Encrypted bundles (written with a `BundleFileCipher`) store every file sealed;
/// reading one needs the cipher, and the manifest's hashes are of the plaintext
/// (see `BundleFileCipher`).
public struct ModelBundle<Content: Codable> {
    /// The verified manifest.
    public let manifest: BundleManifest<Content>
    /// Where the bundle was read from.
    public let url: URL
    /// The cipher of an encrypted bundle; nil for a plain one.
    public let cipher: BundleFileCipher?

    /// Whether the bundle's files are encrypted.
    public var isEncrypted: Bool { cipher != nil }

    /// Reads and verifies the bundle at `url`; `cipher` opens an encrypted bundle (a plain bundle is read as is).
    /// - Throws: `BundleError` naming the path and the problem (missing manifest, bad JSON,
    ///   newer layout, missing file, hash mismatch, `.encrypted` when the bundle is encrypted and no cipher is
    ///   given); the cipher's errors for a wrong key or a tampered encrypted file.
    public init(contentsOf url: URL, cipher: BundleFileCipher? = nil) throws {
        let path = url.path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw BundleError.notABundle(path: path, detail: "no such directory")
        }
        let manifestURL = url.appendingPathComponent("manifest.json")
        guard var data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw BundleError.notABundle(path: path, detail: "manifest.json is missing")
        }
        let encrypted = isSealed(data)
        if encrypted {
            guard let cipher else { throw BundleError.encrypted(bundle: path) }
            data = try cipher.open(data, file: "manifest.json", path: manifestURL.path)
        }
        self.cipher = encrypted ? cipher : nil
        guard let header = try? JSONDecoder().decode(BundleHeader.self, from: data) else {
            throw BundleError.corruptManifest(bundle: path, detail: "not valid JSON")
        }
        guard header.format == "galen-model-bundle" else {
            throw BundleError.notABundle(path: path, detail: "manifest.json has format \(header.format ?? "(none)")")
        }
        if let v = header.formatVersion, v > BundleManifest<Content>.currentFormatVersion {
            throw BundleError.unsupportedVersion(bundle: path, version: v)
        }
        let manifest: BundleManifest<Content>
        do { manifest = try JSONDecoder().decode(BundleManifest<Content>.self, from: data) } catch {
            throw BundleError.corruptManifest(bundle: path, detail: Self.describe(error))
        }
        for (file, expected) in manifest.files.sorted(by: { $0.key < $1.key }) {
            try Self.checkName(file)
            let fileURL = url.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: fileURL.path) else {
                throw BundleError.missingFile(bundle: path, file: file)
            }
            let actual = try encrypted ? FileHash.sha256(Self.readMember(file, in: url, cipher: cipher))
                : FileHash.sha256(fileAt: fileURL)
            guard actual == expected.lowercased() else {
                throw BundleError.hashMismatch(bundle: path, file: file, expected: expected, actual: actual)
            }
        }
        self.manifest = manifest
        self.url = url
    }

    /// Loads `file` (e.g. "model.safetensors") into `module`'s tensors. In an encrypted bundle the file is
    /// decrypted in memory and checked against the manifest's hash first.
    /// - Throws: `BundleError.missingFile` when the manifest does not list it; the cipher's errors and
    ///   `BundleError.hashMismatch` for a damaged encrypted file; safetensors and
    ///   state-dict errors when the weights do not fit the module.
    public func loadWeights(_ file: String, into module: Module) throws {
        guard manifest.files[file] != nil else { throw BundleError.missingFile(bundle: url.path, file: file) }
        if cipher != nil {
            let data = try readFile(file)
            try module.loadStateDict(SafeTensors.readWithMetadata(bytes: data, source: url.appendingPathComponent(file).path).tensors)
            return
        }
        let tensors = try SafeTensors.read(contentsOf: url.appendingPathComponent(file))
        try module.loadStateDict(tensors)
    }

    /// The contents of bundle file `file` (e.g. "metrics.json"), decrypted when the bundle is encrypted, and
    /// checked against the manifest's SHA-256 (of the plaintext).
    /// - Throws: `BundleError.missingFile` (not present or not listed), `.hashMismatch`; the cipher's errors.
    public func readFile(_ file: String) throws -> Data {
        guard let expected = manifest.files[file] else { throw BundleError.missingFile(bundle: url.path, file: file) }
        let data = try Self.readMember(file, in: url, cipher: cipher)
        let actual = FileHash.sha256(data)
        guard actual == expected.lowercased() else {
            throw BundleError.hashMismatch(bundle: url.path, file: file, expected: expected, actual: actual)
        }
        return data
    }

    private static func readMember(_ file: String, in url: URL, cipher: BundleFileCipher?) throws -> Data {
        let fileURL = url.appendingPathComponent(file)
        guard let stored = FileManager.default.contents(atPath: fileURL.path) else {
            throw BundleError.missingFile(bundle: url.path, file: file)
        }
        guard let cipher else { return stored }
        return try cipher.open(stored, file: file, path: fileURL.path)
    }

    /// Writes a bundle atomically.
    /// - Parameters:
    ///   - url: the bundle directory; an existing bundle there is replaced, any other existing path is refused.
    ///   - name: model name.
    ///   - galenVersion: the writer's version.
    ///   - content: the domain description stored in the manifest.
    ///   - weights: file name → module whose state dict is saved there as safetensors.
    ///   - files: other file name → bytes (e.g. "metrics.json").
    ///   - cipher: when given, every file (manifest included) is written sealed; plaintext never touches the disk.
    ///   - formatVersion: the layout version recorded (1, or up to `currentFormatVersion` for content that older
    ///     readers must refuse).
    /// - Throws: `BundleError` when the path is taken by something else or writing fails; the cipher's errors.
    public static func write(to url: URL, name: String, galenVersion: String, content: Content,
                             weights: [String: Module], files: [String: Data] = [:],
                             cipher: BundleFileCipher? = nil, formatVersion: Int = 1) throws {
        let fm = FileManager.default
        let path = url.path
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            let isBundle = isDir.boolValue && fm.fileExists(atPath: url.appendingPathComponent("manifest.json").path)
            guard isBundle else {
                throw BundleError.writeFailed(path: path, detail: "it exists and is not a Galen bundle; refusing to replace it")
            }
        }
        for name in Array(weights.keys) + Array(files.keys) { try checkName(name) }
        guard (1...BundleManifest<Content>.currentFormatVersion).contains(formatVersion) else {
            throw BundleError.writeFailed(path: path, detail: "layout version \(formatVersion) is not one this Galen writes (1…\(BundleManifest<Content>.currentFormatVersion))")
        }
        let parent = url.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw BundleError.writeFailed(path: path, detail: describe(error))
        }
        do {
            var hashes: [String: String] = [:]
            for (file, module) in weights {
                let target = staging.appendingPathComponent(file)
                if let cipher {
                    let data = try SafeTensors.encoded(module.stateDict(), metadata: ["format": "pt"])
                    try cipher.seal(data, file: file).write(to: target)
                    hashes[file] = FileHash.sha256(data)
                } else {
                    try SafeTensors.write(module.stateDict(), metadata: ["format": "pt"], to: target)
                    hashes[file] = try FileHash.sha256(fileAt: target)
                }
            }
            for (file, data) in files {
                try (cipher.map { try $0.seal(data, file: file) } ?? data).write(to: staging.appendingPathComponent(file))
                hashes[file] = FileHash.sha256(data)
            }
            let formatter = ISO8601DateFormatter()
            let manifest = BundleManifest(format: "galen-model-bundle", formatVersion: formatVersion,
                                          galenVersion: galenVersion, createdAt: formatter.string(from: Date()),
                                          name: name, files: hashes, content: content)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let manifestData = try encoder.encode(manifest)
            try (cipher.map { try $0.seal(manifestData, file: "manifest.json") } ?? manifestData)
                .write(to: staging.appendingPathComponent("manifest.json"))
            try swapIntoPlace(staging, url)
        } catch {
            try? fm.removeItem(at: staging)
            if let e = error as? BundleError { throw e }
            throw BundleError.writeFailed(path: path, detail: describe(error))
        }
    }

    /// Moves `staging` to `target`, replacing an existing bundle with one atomic exchange where the OS supports it.
    private static func swapIntoPlace(_ staging: URL, _ target: URL) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: target.path) else {
            try fm.moveItem(at: staging, to: target)
            return
        }
        // renameat2(RENAME_EXCHANGE) swaps the two directories in one step where available.
        if galen_rename_exchange(staging.path, target.path) == 0 {
            try fm.removeItem(at: staging)  // now holds the old bundle
            return
        }
        let old = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(UUID().uuidString)")
        try fm.moveItem(at: target, to: old)
        do { try fm.moveItem(at: staging, to: target) } catch {
            try? fm.moveItem(at: old, to: target)
            throw error
        }
        try? fm.removeItem(at: old)
    }

    static func checkName(_ name: String) throws {
        guard !name.isEmpty, !name.contains("/"), !name.contains("\\"), name != ".", name != "..", name != "manifest.json" else {
            throw BundleError.badFileName(name)
        }
    }

    static func describe(_ error: Error) -> String {
        if let d = error as? DecodingError {
            switch d {
            case let .keyNotFound(k, c): return "missing key '\(k.stringValue)' at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
            case let .typeMismatch(_, c), let .valueNotFound(_, c), let .dataCorrupted(c):
                return "\(c.debugDescription) at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
            @unknown default: return "\(d)"
            }
        }
        return (error as NSError).localizedDescription
    }
}
