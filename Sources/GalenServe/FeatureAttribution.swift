import Foundation
import GalenData
import GalenNN
import GalenTabular
import GalenTensor

/// Per-record feature contributions of a tabular network, by integrated gradients.
///
/// Method: integrated gradients (Sundararajan et al., 2017) with ``steps`` fixed midpoint (Riemann) steps on the
/// preprocessed features, from the baseline `b = 0` to the record's features `x`:
/// `contribution_j = (x_j − b_j) · mean_k ∂f/∂x_j (b + (k + ½)/steps · (x − b))`. The baseline 0 is the training
/// mean of every standardised (numeric and date) feature and the absent state of one-hot, boolean and
/// missing-indicator features. Feature contributions are summed back to their input column (a categorical
/// column's one-hot and "[other]" features and any column's "[missing]" indicator count for that column), so
/// they add up, to within the integration error, to `f(x) − f(baseline)`.
///
/// `f` is the network's raw output: the log-odds of the positive class (binary), the logit of the predicted
/// class (multiclass), or the prediction in target units (regression).
public enum FeatureAttribution {
    /// Integration steps (fixed, so that answers are reproducible and cost a known number of passes).
    public static let steps = 16

    /// The contributions of every input column for every row of `table`, one dictionary per row.
    ///
    /// Gradients are taken with respect to a fresh copy of the feature matrix only: the network's parameters
    /// are excluded from the graph while this runs (and restored afterwards), so no gradient is recorded into
    /// the model. The caller must hold the model's lock, as for prediction.
    /// - Throws: `DataError` for input the preprocessor refuses, tensor errors.
    public static func contributions(model: TabularModel, table: Table) throws -> [[String: Double]] {
        let preprocessor = model.content.preprocessor
        let transformed = try preprocessor.transform(table)
        let x = transformed.features
        let rows = x.shape[0], width = x.count / max(rows, 1)
        guard rows > 0, width > 0 else { return Array(repeating: [:], count: rows) }
        let values = x.scalars

        // Which output to explain per row: the only one, or the predicted class.
        let network = model.network
        let full = try network.predict(x)
        let outputs = full.count / rows
        var chosen = [Int](repeating: 0, count: rows)
        if outputs > 1 {
            let logits = full.scalars
            for r in 0..<rows {
                let row = logits[(r * outputs)..<((r + 1) * outputs)]
                chosen[r] = (row.indices.max { row[$0] < row[$1] } ?? row.startIndex) - r * outputs
            }
        }
        let outputScale = model.content.target.task == .regression ? Float(model.content.targetStandardDeviation ?? 1) : 1

        // Every interpolation point of every row in one batch: row r, step k at index r * steps + k.
        var path = [Float](repeating: 0, count: rows * steps * width)
        for r in 0..<rows {
            for k in 0..<steps {
                let alpha = (Float(k) + 0.5) / Float(steps)
                let dst = (r * steps + k) * width, src = r * width
                for j in 0..<width { path[dst + j] = alpha * values[src + j] }
            }
        }
        var seed = [Float](repeating: 0, count: rows * steps * outputs)
        for r in 0..<rows {
            for k in 0..<steps { seed[(r * steps + k) * outputs + chosen[r]] = outputScale }
        }

        let parameters = network.parameters
        for p in parameters { p.requiresGrad = false }
        defer { for p in parameters { p.requiresGrad = true } }
        let input = try Tensor(shape: [rows * steps, width], values: path).requiringGrad()
        let output = try network(input)
        try output.backward(try Tensor(shape: output.shape, values: seed))
        guard let gradient = input.grad?.scalars else { return Array(repeating: [:], count: rows) }

        let encodings = preprocessor.encodings
        return (0..<rows).map { r in
            var perColumn: [String: Double] = [:]
            for e in encodings {
                var total = 0.0
                for j in e.firstFeature..<(e.firstFeature + e.featureCount) {
                    var g = 0.0
                    for k in 0..<steps { g += Double(gradient[(r * steps + k) * width + j]) }
                    total += Double(values[r * width + j]) * g / Double(steps)
                }
                perColumn[e.column, default: 0] += total
            }
            return perColumn
        }
    }
}
