import Foundation
import GalenPrivacy

/// The MiniLM PHI tagger loaded on first use: a `PHISpanSource` that reads only the weight file's header when it is
/// made, and loads the base model and the weights (≈150 MB of memory) the first time it meets a text of at least
/// `minimumWords` words. A table whose cells are all shorter never pays for the model (`galen deid` on tables).
///
/// Made with the header checked (a missing, unreadable or foreign weight file is an error at once); a failure of the
/// full load later (a truncated file, another base model) is kept as `failure` (naming the file, never the text):
/// the load is not retried, and `TableDeidentifier` stops on it before writing anything, since texts scanned
/// without the tagger would be under-scanned. Thread-safe: the load happens once, under a lock.
public final class LazyPHITagger: PHISpanSource, @unchecked Sendable {
    /// Texts with fewer whitespace-separated words are not tagged (from the weight file's `minimum_words`).
    public let minimumWords: Int
    private let load: () throws -> PHITransformerTagger
    private let path: String
    private let lock = NSLock()
    private var tagger: PHITransformerTagger?
    private var loadFailure: PrivacyError?

    /// - Parameters:
    ///   - weights: the fine-tuned weight file (safetensors with the tagger's metadata).
    ///   - load: loads the full tagger (base model and weights); called at most once.
    /// - Throws: `PrivacyError.invalidTagger` naming the file when it is missing, unreadable or not a Galen PHI
    ///   tagger weight file of this version.
    public init(weights: URL, load: @escaping () throws -> PHITransformerTagger) throws {
        path = weights.path
        let meta = try LazyPHITagger.metadata(of: weights)
        guard meta["format"] == PHITransformerTagger.format else {
            throw PrivacyError.invalidTagger(tagger: .transformer, path: path, reason: "not a Galen PHI tagger weight file (format '\(meta["format"] ?? "none")')")
        }
        guard meta["version"] == PHITransformerTagger.version else {
            throw PrivacyError.invalidTagger(tagger: .transformer, path: path, reason: "version \(meta["version"] ?? "none"); this Galen reads version \(PHITransformerTagger.version)")
        }
        guard let m = meta["minimum_words"].flatMap(Int.init), m >= 0 else {
            throw PrivacyError.invalidTagger(tagger: .transformer, path: path, reason: "missing or invalid setting minimum_words")
        }
        minimumWords = m
        self.load = load
    }

    /// Whether the full tagger has been loaded (a text long enough was seen).
    public var isLoaded: Bool {
        lock.lock()
        defer { lock.unlock() }
        return tagger != nil
    }

    /// The identifiers the tagger finds in `bytes`; nothing (and no load) for texts shorter than `minimumWords`.
    public func spans(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [PHISpan] {
        guard PHITransformerTagger.wordCount(bytes) >= minimumWords, let tagger = loaded() else { return [] }
        return tagger.spans(inUTF8: bytes)
    }

    /// Why the full load failed (the first text long enough to tag triggered it), or nil.
    public var failure: PrivacyError? {
        lock.lock()
        defer { lock.unlock() }
        return loadFailure
    }

    /// The tagger, loading it on the first call; nil after a failed load (kept in `failure`, not retried).
    private func loaded() -> PHITransformerTagger? {
        lock.lock()
        defer { lock.unlock() }
        if let tagger { return tagger }
        if loadFailure != nil { return nil }
        do {
            tagger = try load()
        } catch let error as PrivacyError {
            loadFailure = error
        } catch {
            loadFailure = .invalidTagger(tagger: .transformer, path: path, reason: "could not be loaded on first use (\(error))")
        }
        return tagger
    }

    /// The `__metadata__` entries of a safetensors file, read from its header alone (8-byte little-endian length,
    /// then that many bytes of JSON).
    /// - Throws: `PrivacyError.invalidTagger` when the file is missing or its header unreadable.
    static func metadata(of url: URL) throws -> [String: String] {
        let path = url.path
        func fail(_ reason: String) -> PrivacyError { PrivacyError.invalidTagger(tagger: .transformer, path: path, reason: reason) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("the file does not exist or cannot be read") }
        defer { try? handle.close() }
        guard let lengthBytes = try? handle.read(upToCount: 8), lengthBytes.count == 8 else { throw fail("not a readable safetensors file (no header)") }
        var n: UInt64 = 0
        for (k, byte) in lengthBytes.enumerated() { n |= UInt64(byte) << (8 * UInt64(k)) }
        guard n >= 2, n <= 16 << 20 else { throw fail("not a readable safetensors file (header length \(n))") }
        guard let header = try? handle.read(upToCount: Int(n)), header.count == Int(n),
              let json = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw fail("not a readable safetensors file (header is no JSON object)")
        }
        return json["__metadata__"] as? [String: String] ?? [:]
    }
}
