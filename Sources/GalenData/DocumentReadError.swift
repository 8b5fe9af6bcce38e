/// Errors raised while reading a document collection (ICD-10-CM XML, JSONL or CSV).
///
/// Each message names the file and the 1-based line (and for XML the column) where the problem is; document text
/// is never echoed.
public enum DocumentReadError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened or read (`reason` is the operating system's message).
    case cannotRead(path: String, reason: String)
    /// The XML is not well formed (the parser's message, at 1-based line and column).
    case malformedXML(path: String, line: Int, column: Int, reason: String)
    /// The XML is well formed but an element lacks a part it must have (for example a `diag` without `name`).
    case missingElement(path: String, line: Int, element: String, parent: String)
    /// The XML root is not the ICD-10-CM tabular list.
    case notICD10CM(path: String, root: String)
    /// A JSONL line is not a JSON object.
    case invalidJSON(path: String, line: Int, reason: String)
    /// A record lacks the id field or every text field.
    case missingField(path: String, line: Int, field: String)
    /// Two documents share one id.
    case duplicateID(path: String, line: Int, firstLine: Int)
    /// The collection holds no documents.
    case noDocuments(path: String)
    /// A caller-supplied option is invalid (for example no text fields).
    case invalidArgument(String)

    /// The message, naming file and line.
    public var description: String {
        switch self {
        case let .cannotRead(path, reason):
            return "\(path): cannot read the file: \(reason)"
        case let .malformedXML(path, line, column, reason):
            return "\(path), line \(line), column \(column): malformed XML: \(reason)"
        case let .missingElement(path, line, element, parent):
            return "\(path), line \(line): <\(parent)> has no <\(element)>"
        case let .notICD10CM(path, root):
            return "\(path): the root element is <\(root)>, not <ICD10CM.tabular>; is this the ICD-10-CM tabular list?"
        case let .invalidJSON(path, line, reason):
            return "\(path), line \(line): not a JSON object (\(reason))"
        case let .missingField(path, line, field):
            return "\(path), line \(line): no '\(field)' field"
        case let .duplicateID(path, line, firstLine):
            return "\(path), line \(line): this id is already used on line \(firstLine); ids must be unique"
        case let .noDocuments(path):
            return "\(path): no documents"
        case let .invalidArgument(detail):
            return detail
        }
    }
}
