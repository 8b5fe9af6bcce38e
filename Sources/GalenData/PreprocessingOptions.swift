/// Settings for fitting a `Preprocessor`. Stored inside the fitted pipeline so a bundle records how it was made.
public struct PreprocessingOptions: Codable, Sendable, Equatable {
    /// Columns never used as features (besides the target), for example a group column.
    public var excludeColumns: [String]
    /// Columns used as features even if they look like identifiers or free text.
    public var keepColumns: [String]
    /// Whether to exclude identifier-like columns (see `IDColumnDetection`). Default true.
    public var detectIDColumns: Bool
    /// Whether to add a 0/1 "[missing]" feature for each column that had missing values in training. Default true.
    public var missingIndicators: Bool
    /// Whether to standardise numeric and date features to mean 0, standard deviation 1 (training statistics;
    /// a standard deviation of 0 is replaced by 1). Default true.
    public var standardize: Bool
    /// The most one-hot columns one categorical column may produce (most frequent categories first); the rest
    /// share an "[other]" column. Default 50.
    public var maxCategories: Int
    /// Categories seen in fewer training rows than this share the "[other]" column. Default 2.
    public var minCategoryCount: Int
    /// A text column with more distinct values than this share of its present values, and more than
    /// `maxCategories` of them, is treated as free text and excluded. Default 0.9.
    public var highCardinalityRatio: Double

    /// Options; see the properties for the meaning and default of each.
    public init(excludeColumns: [String] = [], keepColumns: [String] = [], detectIDColumns: Bool = true,
                missingIndicators: Bool = true, standardize: Bool = true, maxCategories: Int = 50,
                minCategoryCount: Int = 2, highCardinalityRatio: Double = 0.9) {
        self.excludeColumns = excludeColumns
        self.keepColumns = keepColumns
        self.detectIDColumns = detectIDColumns
        self.missingIndicators = missingIndicators
        self.standardize = standardize
        self.maxCategories = maxCategories
        self.minCategoryCount = minCategoryCount
        self.highCardinalityRatio = highCardinalityRatio
    }
}
