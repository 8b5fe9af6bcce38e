/// Errors raised by de-identification, policies, keys and risk reports.
///
/// Messages name files, rows and columns, never a cell value, so they can be logged safely.
public enum PrivacyError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The policy file could not be read.
    case unreadablePolicy(path: String, reason: String)
    /// The policy file is not valid YAML or does not have the expected shape.
    case invalidPolicy(source: String, reason: String)
    /// The policy names columns that the data does not have.
    case unknownColumns(names: [String], source: String, available: [String])
    /// A mode that needs a project key was requested and no key was given.
    case missingKey(reason: String)
    /// The key file could not be read or holds too few bytes.
    case invalidKey(source: String, reason: String)
    /// A value could not be processed; `row` is 1-based, the value itself is never reported.
    case invalidValue(row: Int, column: String, reason: String)
    /// A caller-supplied argument is out of range.
    case invalidArgument(String)
    /// The evaluation corpus is missing files or has malformed annotations.
    case invalidCorpus(path: String, reason: String)
    /// An output file could not be written.
    case cannotWrite(path: String, reason: String)
    /// A learned tagger's weight file (which tagger: `tagger`) is missing, truncated, corrupt or made for other
    /// features or another base model.
    case invalidTagger(tagger: TaggerKind, path: String, reason: String)

    /// The learned taggers whose weight files `invalidTagger` names.
    public enum TaggerKind: String, Equatable, Sendable {
        /// The hashed-feature name and place tagger of GalenPrivacy (`NameTagger`, `name_tagger.bin`).
        case name
        /// The MiniLM PHI tagger of GalenText (`PHITransformerTagger`, `phi_tagger.safetensors`).
        case transformer

        /// What the message calls the file's contents.
        public var weightsDescription: String {
            switch self {
            case .name: return "name-tagger weights"
            case .transformer: return "MiniLM PHI-tagger weights"
            }
        }
    }

    /// The message, naming file, row or column — never a value.
    public var description: String {
        switch self {
        case let .unreadablePolicy(path, reason):
            return "\(path): cannot read the policy: \(reason)"
        case let .invalidPolicy(source, reason):
            return "\(source): invalid policy: \(reason)"
        case let .unknownColumns(names, source, available):
            let shown = available.prefix(40).map { "'\($0)'" }.joined(separator: ", ")
            return "\(source): the policy names column\(names.count == 1 ? "" : "s") "
                + names.map { "'\($0)'" }.joined(separator: ", ") + " that the data does not have. Available columns: \(shown)"
        case let .missingKey(reason):
            return "no project key: \(reason). Give --key-file FILE or set GALEN_DEID_KEY"
        case let .invalidKey(source, reason):
            return "\(source): unusable project key: \(reason)"
        case let .invalidValue(row, column, reason):
            return "row \(row), column '\(column)': \(reason)"
        case let .invalidArgument(detail):
            return detail
        case let .invalidCorpus(path, reason):
            return "\(path): invalid corpus: \(reason)"
        case let .cannotWrite(path, reason):
            return "\(path): cannot write: \(reason)"
        case let .invalidTagger(tagger, path, reason):
            return "\(path): unusable \(tagger.weightsDescription): \(reason)"
        }
    }
}
