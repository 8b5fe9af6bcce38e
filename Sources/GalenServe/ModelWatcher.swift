import Foundation

/// Polls a registry's directory and reloads it (atomically, see ``ModelRegistry/reload()``) when a bundle
/// appears, disappears or changes. A change is seen in the names, sizes and modification times of the files of
/// every bundle folder, so a bundle still being copied is picked up again once its copy completes; a reload that
/// fails keeps the previous models served and is retried at the next change.
public struct ModelWatcher: Sendable {
    /// The outcome of one reload attempt, for logging.
    public enum Event: Sendable {
        /// The models were reloaded; the served versions as "name version" strings.
        case reloaded([String])
        /// The reload failed and the previous models stay served.
        case failed(any Error)
    }

    /// The registry reloaded.
    public let registry: ModelRegistry
    /// Time between two looks at the directory.
    public let interval: Duration
    /// Called after each reload attempt.
    public let onEvent: @Sendable (Event) -> Void

    /// A watcher of `registry`'s directory every `interval`.
    public init(registry: ModelRegistry, interval: Duration, onEvent: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.registry = registry
        self.interval = interval
        self.onEvent = onEvent
    }

    /// Watches until the task is cancelled.
    public func run() async {
        var last = Self.fingerprint(registry.directory)
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let now = Self.fingerprint(registry.directory)
            guard now != last else { continue }
            last = now
            do {
                try registry.reload()
                let s = registry.snapshot
                onEvent(.reloaded(s.names.compactMap { name in s.models[name].map { "\(name) \($0.version)" } }))
            } catch {
                onEvent(.failed(error))
            }
        }
    }

    /// Names, sizes and modification times of the files of every bundle folder of `directory`.
    static func fingerprint(_ directory: URL) -> [String] {
        let fm = FileManager.default
        var entries: [String] = []
        for folder in ModelRegistry.bundleFolders(directory) {
            let files = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
            for file in files.sorted() {
                let attributes = (try? fm.attributesOfItem(atPath: folder.appendingPathComponent(file).path)) ?? [:]
                let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                entries.append("\(folder.lastPathComponent)/\(file)\t\(size)\t\(modified)")
            }
        }
        return entries
    }
}
