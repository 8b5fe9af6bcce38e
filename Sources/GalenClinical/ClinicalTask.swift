/// The kind of prediction a model makes, which decides the metrics and plots.
public enum ClinicalTask: String, Codable, Sendable, CaseIterable {
    /// Two classes; the model outputs the probability of the positive class.
    case binary
    /// Three or more classes; the model outputs one probability per class.
    case multiclass
    /// A continuous target.
    case regression
}
