import Foundation
import GalenClinical
import GalenData

/// One record's prediction as answered: the label and class probabilities (classification) or the predicted
/// value (regression), and the record's ID when the model has an ID column.
public struct Prediction: Codable, Equatable, Sendable {
    /// The record's ID, echoed from the request (models with an ID column only).
    public var id: JSONValue?
    /// The predicted class (classification).
    public var label: String?
    /// Probability of each class, rounded to 6 decimals (classification).
    public var probabilities: [String: Double]?
    /// The predicted value (regression).
    public var value: Double?

    /// The predictions for every row of `scores` (see `TabularModel.scores`).
    public static func from(scores: [Float], model: ServedModel, ids: [JSONValue]?) -> [Prediction] {
        let target = model.content.target
        let rows: Int
        switch target.task {
        case .multiclass: rows = scores.count / max(1, target.classes.count)
        default: rows = scores.count
        }
        return (0..<rows).map { i in
            var p = Prediction()
            if let ids { p.id = ids[i] }
            switch target.task {
            case .binary:
                let positive = Double(scores[i])
                let threshold = model.content.threshold?.threshold ?? 0.5
                p.label = target.classes[positive >= threshold ? 1 : 0]
                p.probabilities = [target.classes[0]: round6(1 - positive), target.classes[1]: round6(positive)]
            case .multiclass:
                let k = target.classes.count
                let row = scores[(i * k)..<((i + 1) * k)]
                let best = row.indices.max { row[$0] < row[$1] } ?? row.startIndex
                p.label = target.classes[best - i * k]
                p.probabilities = Dictionary(uniqueKeysWithValues: zip(target.classes, row.map { round6(Double($0)) }))
            case .regression:
                p.value = Double(scores[i])
            }
            return p
        }
    }

    static func round6(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
}
