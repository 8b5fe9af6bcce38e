import Foundation
import GalenBundle
import GalenPrivacy

/// The models a server answers for, loaded from a directory: the directory itself when it is a bundle, else
/// each visible subfolder that is a bundle (holds a `manifest.json`). When several bundles share a name, the
/// newest (by creation time, then version) is served and the others are listed as older versions.
///
/// The set of models is an immutable snapshot swapped under a lock, so ``reload()`` replaces it atomically:
/// a request in flight keeps the model it started with.
public final class ModelRegistry: @unchecked Sendable {
    /// A loaded set of models.
    public struct Snapshot: Sendable {
        /// Served model per name.
        public var models: [String: ServedModel]
        /// Every loaded version per name, newest first (the first is the served one).
        public var versions: [String: [ServedModel]]
        /// Names in sorted order.
        public var names: [String] { models.keys.sorted() }
    }

    /// The directory scanned.
    public let directory: URL
    /// The key that opens encrypted bundles, if one was supplied.
    private let key: EncryptionKey?
    private var current: Snapshot
    private let lock = NSLock()

    /// Loads every bundle in `directory`; `key` opens encrypted bundles (also on every reload).
    /// - Throws: `ServeError.modelDirectoryNotFound`, `.noModels`, `.bundleLoadFailed` (a tampered or unreadable
    ///   bundle, or a wrong key, stops the server from starting rather than being skipped silently),
    ///   `.encryptedBundleWithoutKey` (naming the bundle), `.duplicateModel`.
    public init(directory: URL, key: EncryptionKey? = nil) throws {
        self.directory = directory
        self.key = key
        current = try ModelRegistry.load(directory, key: key)
    }

    /// Whether `directory` is, or holds, an encrypted bundle (so that a key is needed to serve it).
    public static func containsEncryptedBundle(_ directory: URL) -> Bool {
        bundleFolders(directory).contains(where: isEncryptedBundle(at:))
    }

    /// The current snapshot.
    public var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// The served model named `name`, if any.
    public func model(named name: String) -> ServedModel? { snapshot.models[name] }

    /// Scans the directory again and swaps in the new set of models; on error the current set stays.
    public func reload() throws {
        let next = try ModelRegistry.load(directory, key: key)
        lock.lock()
        current = next
        lock.unlock()
    }

    /// The bundle folders of `directory`: itself when it is a bundle, else its visible bundle subfolders, sorted.
    static func bundleFolders(_ directory: URL) -> [URL] {
        let fm = FileManager.default
        func isBundle(_ url: URL) -> Bool { fm.fileExists(atPath: url.appendingPathComponent("manifest.json").path) }
        var folders: [URL] = []
        if isBundle(directory) {
            folders = [directory]
        } else {
            let entries = (try? fm.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])) ?? []
            folders = entries.filter(isBundle).sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
        return folders
    }

    static func load(_ directory: URL, key: EncryptionKey?) throws -> Snapshot {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDir), isDir.boolValue else {
            throw ServeError.modelDirectoryNotFound(directory.path)
        }
        let folders = bundleFolders(directory)
        guard !folders.isEmpty else { throw ServeError.noModels(directory.path) }
        var byName: [String: [ServedModel]] = [:]
        for folder in folders {
            let model = try ServedModel(contentsOf: folder, key: key)
            if byName[model.name, default: []].contains(where: { $0.version == model.version }) {
                throw ServeError.duplicateModel(name: model.name, version: model.version)
            }
            byName[model.name, default: []].append(model)
        }
        let versions = byName.mapValues { list in
            list.sorted { ($0.createdAt, $0.version) > ($1.createdAt, $1.version) }
        }
        return Snapshot(models: versions.compactMapValues(\.first), versions: versions)
    }
}
