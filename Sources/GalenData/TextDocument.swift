/// One document of a searchable collection: an identifier, a title for display, the text that is indexed, and
/// string fields carried along (for example an ICD-10-CM code's chapter and section).
public struct TextDocument: Sendable, Equatable, Codable {
    /// The document's identifier (an ICD-10-CM code, or the value of a JSONL/CSV id field); unique in a collection.
    public var id: String
    /// A short title shown in search results (the ICD-10-CM description, or the first text field).
    public var title: String
    /// The text that is indexed and embedded.
    public var text: String
    /// Other fields, by name, kept for display (never indexed).
    public var fields: [String: String]

    /// Creates a document.
    public init(id: String, title: String, text: String, fields: [String: String] = [:]) {
        self.id = id
        self.title = title
        self.text = text
        self.fields = fields
    }
}
