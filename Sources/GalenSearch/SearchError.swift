/// Errors raised while building, saving, loading or querying a search index.
///
/// Messages name the index folder and file; query and document text are never echoed.
public enum SearchError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The index folder or one of its files is missing.
    case missingFile(path: String)
    /// A file of the index does not match the SHA-256 its manifest records (changed or truncated).
    case hashMismatch(path: String)
    /// A file of the index cannot be decoded (`reason` says what is wrong).
    case corruptFile(path: String, reason: String)
    /// The index was written by a newer, unknown format version.
    case unsupportedVersion(path: String, version: Int)
    /// The index and the request do not fit together (for example a dense query on an index without embeddings, or
    /// an encoder other than the one the index was built with).
    case mismatch(String)
    /// The method needs a sentence encoder that is not available in this build.
    case encoderUnavailable(String)
    /// An encoder returned embeddings of the wrong shape or with non-finite values.
    case invalidEmbeddings(String)
    /// A caller-supplied argument is invalid (k < 1, an empty collection…).
    case invalidArgument(String)
    /// Writing the index failed.
    case writeFailed(path: String, reason: String)

    /// The message, naming the file or setting involved.
    public var description: String {
        switch self {
        case let .missingFile(path):
            return "\(path): missing; is this a folder written by `galen index`?"
        case let .hashMismatch(path):
            return "\(path): the file's SHA-256 differs from the index manifest; the index was changed or damaged, rebuild it with `galen index`"
        case let .corruptFile(path, reason):
            return "\(path): corrupt index file: \(reason)"
        case let .unsupportedVersion(path, version):
            return "\(path): index format version \(version) is newer than this Galen reads; rebuild the index or update Galen"
        case let .mismatch(detail), let .encoderUnavailable(detail), let .invalidEmbeddings(detail), let .invalidArgument(detail):
            return detail
        case let .writeFailed(path, reason):
            return "\(path): cannot write the index: \(reason)"
        }
    }
}
