import GalenData

/// ICD-10-CM entries as searchable documents, and their inclusion terms as evaluation queries.
///
/// A document is one code: id = the code, title = its description, text = the description followed by its
/// inclusion terms (". "-separated) — or the description alone when the inclusion terms are held out for an
/// evaluation. Chapter, section, parent and leaf status are kept as display fields. Notes (includes, excludes,
/// code first…) are not indexed: they mostly name *other* conditions.
public enum ICD10CMCollection {
    /// One document per entry, in file order.
    /// - Parameter includeInclusionTerms: false for an evaluation run (the terms are the queries).
    public static func documents(_ entries: [ICD10CMEntry], includeInclusionTerms: Bool = true) -> [TextDocument] {
        entries.map { e in
            var text = e.description
            if includeInclusionTerms, !e.inclusionTerms.isEmpty { text += ". " + e.inclusionTerms.joined(separator: ". ") }
            var fields = ["chapter": e.chapter, "chapterTitle": e.chapterTitle, "section": e.section,
                          "sectionTitle": e.sectionTitle, "leaf": e.isLeaf ? "true" : "false"]
            if let parent = e.parent { fields["parent"] = parent }
            return TextDocument(id: e.code, title: e.description, text: text, fields: fields)
        }
    }

    /// Every inclusion term as a query whose answer is the code it is listed under.
    public static func evaluationQueries(_ entries: [ICD10CMEntry]) -> [EvaluationQuery] {
        entries.flatMap { e in e.inclusionTerms.map { EvaluationQuery(text: $0, answer: e.code) } }
    }
}

/// A query with the id of the one document that answers it.
public struct EvaluationQuery: Sendable, Equatable, Codable {
    /// The query text.
    public var text: String
    /// The id of the correct document.
    public var answer: String

    /// Creates a query.
    public init(text: String, answer: String) {
        self.text = text
        self.answer = answer
    }
}
