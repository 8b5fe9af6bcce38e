import GalenClinical
import GalenData
import GalenNN
import GalenTensor

/// How a text classification task maps onto the network's outputs, targets and loss — the rule of the tabular and
/// image workflows: binary → one logit (sigmoid), BCE with logits, the positive class (label 1) weighted neg/pos
/// when the minority class is below 40 %; multiclass → one logit per class (softmax), cross-entropy, weights
/// n / (k · count) when the largest class is over 1.5× the smallest (1 for a class absent from training).
public struct TextTaskHead: Sendable {
    /// Binary or multiclass.
    public let task: TaskKind
    /// Classes (2 for binary).
    public let classCount: Int

    /// The head for `classCount` classes (2 → binary).
    public init(classCount: Int) {
        self.classCount = classCount
        task = classCount == 2 ? .binary : .multiclass
    }

    /// Network outputs.
    public var outputs: Int { task == .binary ? 1 : classCount }

    /// Targets for the loss: `[n, 1]` of 0/1 (binary) or `[n]` class indices (multiclass).
    func targets(_ labels: [Int]) throws -> Tensor {
        let values = labels.map(Float.init)
        return task == .binary ? try Tensor(shape: [labels.count, 1], values: values) : try Tensor(shape: [labels.count], values: values)
    }

    /// The loss and its class weights (empty when unweighted), plus a log line when weighted.
    func loss(trainingLabels labels: [Int], balance: Bool) -> (loss: Loss, weights: [Float], note: String?) {
        var counts = [Int](repeating: 0, count: classCount)
        for l in labels { counts[l] += 1 }
        if task == .binary {
            let (neg, pos) = (counts[0], counts[1])
            let minority = Double(min(pos, neg)) / Double(max(labels.count, 1))
            guard balance, minority < 0.4, pos > 0, neg > 0 else { return (BCEWithLogitsLoss(), [], nil) }
            let w = Float(neg) / Float(pos)
            return (BCEWithLogitsLoss(posWeight: w), [w],
                    String(format: "class-weighted loss: positive texts weigh %.3g (%d positive, %d negative training texts)", w, pos, neg))
        }
        let present = counts.filter { $0 > 0 }
        guard balance, let lo = present.min(), let hi = present.max(), Double(hi) / Double(lo) > 1.5 else {
            return (CrossEntropyLoss(), [], nil)
        }
        let n = Float(labels.count), k = Float(classCount)
        // A class absent from training gets weight 1 (it has no training rows to weigh, and validation may hold it).
        let weights = counts.map { $0 > 0 ? n / (k * Float($0)) : 1 }
        return (CrossEntropyLoss(weight: weights), weights,
                "class-weighted loss (skewed classes): weights " + weights.map { String(format: "%.3g", $0) }.joined(separator: ", "))
    }

    /// Binary: positive-class probabilities `[n]`; multiclass: row-major probabilities `[n × classes]`.
    func scores(_ logits: Tensor) throws -> [Float] {
        task == .binary ? logits.sigmoid().scalars : try logits.softmax(axis: 1).scalars
    }

    /// The predicted class of text `i` from `scores`.
    func predictedClass(_ scores: [Float], _ i: Int, threshold: Double) -> Int {
        if task == .binary { return Double(scores[i]) >= threshold ? 1 : 0 }
        var best = 0
        for k in 1..<classCount where scores[i * classCount + k] > scores[i * classCount + best] { best = k }
        return best
    }

    /// Report evaluation of `scores` against `labels` with bootstrap intervals.
    func evaluate(name: String, isBaseline: Bool = false, scores: [Float], labels: [Int], threshold: Double,
                  bootstrap: BootstrapOptions?) throws -> ReportModel {
        if task == .binary {
            let p = try BinaryPredictions(scores: scores, labels: labels)
            return ReportModel.binary(name: name, isBaseline: isBaseline, predictions: p, threshold: threshold, bootstrap: bootstrap)
        }
        let p = try MulticlassPredictions(probabilities: scores, classCount: classCount, labels: labels)
        return ReportModel.multiclass(name: name, isBaseline: isBaseline, predictions: p, bootstrap: bootstrap)
    }
}
