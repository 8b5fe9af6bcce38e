/// A record of what data preparation and preprocessing did, in order, for the report's "preprocessing log"
/// and for the model bundle.
public struct PreprocessingLog: Codable, Sendable, Equatable {
    /// The kind of step an entry records.
    public enum Step: String, Codable, Sendable {
        /// Rows without a target value were dropped.
        case dropMissingTarget
        /// Exact duplicate rows were removed.
        case removeDuplicates
        /// The task and classes of the target were decided.
        case resolveTarget
        /// A column was left out of the features.
        case excludeColumn
        /// Missing values were filled (median / most frequent).
        case impute
        /// A 0/1 missing-indicator feature was added.
        case missingIndicator
        /// A categorical column was one-hot encoded.
        case oneHot
        /// Rare categories were grouped into one "[other]" feature.
        case groupRareCategories
        /// A feature was standardised with training mean and standard deviation.
        case standardize
        /// A boolean column was encoded as 0/1.
        case encodeBoolean
        /// A date column was encoded as days since 1970-01-01.
        case encodeDate
        /// Anything else.
        case note
    }

    /// One thing that was done.
    public struct Entry: Codable, Sendable, Equatable, CustomStringConvertible {
        /// The kind of step.
        public var step: Step
        /// The column concerned, if one.
        public var column: String?
        /// What was done, as a sentence.
        public var detail: String

        /// An entry.
        public init(step: Step, column: String? = nil, detail: String) {
            self.step = step
            self.column = column
            self.detail = detail
        }

        /// The entry as one line: `'column': detail`.
        public var description: String { (column.map { "'\($0)': " } ?? "") + detail }
    }

    /// The entries in the order the steps ran.
    public var entries: [Entry]

    /// A log holding `entries`.
    public init(entries: [Entry] = []) { self.entries = entries }

    /// Appends an entry.
    public mutating func add(_ step: Step, column: String? = nil, _ detail: String) {
        entries.append(Entry(step: step, column: column, detail: detail))
    }

    /// This log followed by `other`.
    public func appending(_ other: PreprocessingLog) -> PreprocessingLog {
        PreprocessingLog(entries: entries + other.entries)
    }

    /// One line per entry, each starting with "- ".
    public func renderText() -> String {
        entries.map { "- " + $0.description }.joined(separator: "\n")
    }
}
