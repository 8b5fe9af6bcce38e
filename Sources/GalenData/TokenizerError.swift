/// Errors raised while loading a WordPiece vocabulary or configuring a tokenizer.
///
/// Messages name the file and 1-based line; they never echo the text being tokenized.
public enum TokenizerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The vocabulary file could not be read (`reason` is the operating system's message).
    case cannotRead(path: String, reason: String)
    /// The vocabulary file has no tokens.
    case emptyVocabulary(path: String)
    /// The vocabulary is not valid UTF-8 at 1-based `line`.
    case invalidUTF8(path: String, line: Int)
    /// The same token appears on two lines (the ids would be ambiguous).
    case duplicateToken(path: String, line: Int, firstLine: Int)
    /// A special token the tokenizer needs ([CLS], [SEP], [PAD], [UNK]) is missing from the vocabulary.
    case missingSpecialToken(path: String, token: String)
    /// A caller-supplied setting is out of range (for example a maximum length below 2).
    case invalidArgument(String)

    /// The message, naming the file and line where the problem is.
    public var description: String {
        switch self {
        case let .cannotRead(path, reason):
            return "\(path): cannot read the vocabulary: \(reason)"
        case let .emptyVocabulary(path):
            return "\(path): the vocabulary holds no tokens"
        case let .invalidUTF8(path, line):
            return "\(path), line \(line): the vocabulary is not valid UTF-8"
        case let .duplicateToken(path, line, firstLine):
            return "\(path), line \(line): this token already appears on line \(firstLine)"
        case let .missingSpecialToken(path, token):
            return "\(path): the vocabulary has no \(token) token, which BERT tokenization needs"
        case let .invalidArgument(detail):
            return detail
        }
    }
}
