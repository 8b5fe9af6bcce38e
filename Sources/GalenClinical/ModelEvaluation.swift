/// The evaluation of one model (the network or a baseline) on one split; exactly one of the task fields is set.
public struct ModelEvaluation: Codable, Sendable, Equatable {
    /// Display name, e.g. "Neural network" or "Logistic regression".
    public var name: String
    /// Whether this is a baseline shown for comparison (rather than the model being delivered).
    public var isBaseline: Bool
    /// Binary metrics, for a binary task.
    public var binary: BinaryEvaluation?
    /// Multiclass metrics, for a multiclass task.
    public var multiclass: MulticlassEvaluation?
    /// Regression metrics, for a regression task.
    public var regression: RegressionEvaluation?

    /// An evaluation from its parts.
    public init(name: String, isBaseline: Bool = false, binary: BinaryEvaluation? = nil,
                multiclass: MulticlassEvaluation? = nil, regression: RegressionEvaluation? = nil) {
        self.name = name
        self.isBaseline = isBaseline
        self.binary = binary
        self.multiclass = multiclass
        self.regression = regression
    }
}
