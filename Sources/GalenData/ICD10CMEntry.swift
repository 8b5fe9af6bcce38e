/// One code of the ICD-10-CM tabular list (a category such as `I21`, a subcategory, or a billable code), as read by
/// ``ICD10CMReader``.
public struct ICD10CMEntry: Sendable, Equatable, Codable {
    /// The code, with its dot (`I21.4`).
    public var code: String
    /// The code's title (`Non-ST elevation (NSTEMI) myocardial infarction`).
    public var description: String
    /// The chapter number as written in the file (`"9"`).
    public var chapter: String
    /// The chapter's title (`Diseases of the circulatory system (I00-I99)`).
    public var chapterTitle: String
    /// The section (block) id (`I20-I25`).
    public var section: String
    /// The section's title (`Ischemic heart diseases (I20-I25)`).
    public var sectionTitle: String
    /// The code one level up (`I21` for `I21.4`), nil for a category.
    public var parent: String?
    /// Nesting depth: 1 for a 3-character category, 2 for its children, and so on.
    public var depth: Int
    /// Whether the code has no sub-codes (a leaf of the tabular list; billable unless a 7th character is required).
    public var isLeaf: Bool
    /// Inclusion terms: synonyms and conditions coded here (`inclusionTerm/note`).
    public var inclusionTerms: [String]
    /// "Includes" notes.
    public var includes: [String]
    /// "Excludes1" notes (never coded together).
    public var excludes1: [String]
    /// "Excludes2" notes (not included here, may be coded together).
    public var excludes2: [String]
    /// "Code first" notes.
    public var codeFirst: [String]
    /// "Use additional code" notes.
    public var useAdditionalCode: [String]
    /// "Code also" notes.
    public var codeAlso: [String]
    /// 7th-character definitions given at this code (character → meaning), inherited by its sub-codes.
    public var seventhCharacters: [String: String]
    /// 1-based line of the entry's `<diag>` in the file.
    public var line: Int

    /// Creates an entry; see the properties.
    public init(code: String, description: String, chapter: String, chapterTitle: String, section: String,
                sectionTitle: String, parent: String?, depth: Int, isLeaf: Bool, inclusionTerms: [String] = [],
                includes: [String] = [], excludes1: [String] = [], excludes2: [String] = [], codeFirst: [String] = [],
                useAdditionalCode: [String] = [], codeAlso: [String] = [], seventhCharacters: [String: String] = [:],
                line: Int = 0) {
        self.code = code
        self.description = description
        self.chapter = chapter
        self.chapterTitle = chapterTitle
        self.section = section
        self.sectionTitle = sectionTitle
        self.parent = parent
        self.depth = depth
        self.isLeaf = isLeaf
        self.inclusionTerms = inclusionTerms
        self.includes = includes
        self.excludes1 = excludes1
        self.excludes2 = excludes2
        self.codeFirst = codeFirst
        self.useAdditionalCode = useAdditionalCode
        self.codeAlso = codeAlso
        self.seventhCharacters = seventhCharacters
        self.line = line
    }
}
