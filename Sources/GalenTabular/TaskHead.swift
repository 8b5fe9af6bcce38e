import Foundation
import GalenClinical
import GalenData
import GalenNN
import GalenTensor

/// How a task maps onto a network's outputs, targets and loss:
/// binary → one logit, BCE with logits (positive class weighted when skewed);
/// multiclass → one logit per class, cross-entropy (class weights when skewed);
/// regression → one output predicting the standardised target, MSE.
struct TaskHead {
    let task: TaskKind
    let classCount: Int
    /// Regression: mean and standard deviation of the training target.
    let targetMean: Double
    let targetStandardDeviation: Double

    init(target: TargetInfo, trainingLabels: [Float]) {
        task = target.task
        classCount = target.task == .regression ? 0 : target.classes.count
        if target.task == .regression {
            let n = Double(max(trainingLabels.count, 1))
            let mean = trainingLabels.reduce(0.0) { $0 + Double($1) } / n
            let variance = trainingLabels.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
            targetMean = mean
            targetStandardDeviation = variance > 0 ? variance.squareRoot() : 1
        } else {
            targetMean = 0
            targetStandardDeviation = 1
        }
    }

    init(task: TaskKind, classCount: Int, targetMean: Double, targetStandardDeviation: Double) {
        self.task = task; self.classCount = classCount
        self.targetMean = targetMean; self.targetStandardDeviation = targetStandardDeviation
    }

    /// Network outputs.
    var outputs: Int { task == .multiclass ? classCount : 1 }

    /// Targets for the loss: `[n, 1]` (binary 0/1, regression standardised) or `[n]` class indices.
    func targets(_ labels: [Float]) throws -> Tensor {
        switch task {
        case .binary: return try Tensor(shape: [labels.count, 1], values: labels)
        case .multiclass: return try Tensor(shape: [labels.count], values: labels)
        case .regression:
            let m = Float(targetMean), s = Float(targetStandardDeviation)
            return try Tensor(shape: [labels.count, 1], values: labels.map { ($0 - m) / s })
        }
    }

    /// The loss, with class weights inverse to frequency when `balance` is set and the classes are skewed
    /// (minority below 40 % for binary; largest/smallest class above 1.5 for multiclass). Returns a log line too.
    func loss(trainingLabels labels: [Float], balance: Bool) -> (Loss, String?) {
        switch task {
        case .regression:
            return (MSELoss(), nil)
        case .binary:
            let pos = labels.filter { $0 == 1 }.count, neg = labels.count - pos
            let minority = Double(min(pos, neg)) / Double(max(labels.count, 1))
            guard balance, minority < 0.4, pos > 0, neg > 0 else { return (BCEWithLogitsLoss(), nil) }
            let w = Float(neg) / Float(pos)
            return (BCEWithLogitsLoss(posWeight: w), String(format: "class-weighted loss: positive rows weigh %.3g (skewed target: %d positive, %d negative training rows)", w, pos, neg))
        case .multiclass:
            var counts = [Int](repeating: 0, count: classCount)
            for l in labels { counts[Int(l)] += 1 }
            let present = counts.filter { $0 > 0 }
            guard balance, let lo = present.min(), let hi = present.max(), Double(hi) / Double(lo) > 1.5 else {
                return (CrossEntropyLoss(), nil)
            }
            let n = Float(labels.count), k = Float(classCount)
            let weights = counts.map { $0 > 0 ? n / (k * Float($0)) : 0 }
            return (CrossEntropyLoss(weight: weights), "class-weighted loss (skewed classes): weights "
                    + weights.map { String(format: "%.3g", $0) }.joined(separator: ", "))
        }
    }

    /// Scores from raw outputs `[n, outputs]`: binary positive-class probabilities `[n]`; multiclass
    /// row-major probabilities `[n × classes]`; regression predictions in the target's units `[n]`.
    func scores(_ outputs: Tensor) throws -> [Float] {
        switch task {
        case .binary: return outputs.sigmoid().scalars
        case .multiclass: return try outputs.softmax(axis: 1).scalars
        case .regression:
            let m = Float(targetMean), s = Float(targetStandardDeviation)
            return outputs.scalars.map { $0 * s + m }
        }
    }

    /// Evaluation of `scores` against `labels` for the report, with bootstrap intervals.
    func evaluate(name: String, isBaseline: Bool, scores: [Float], labels: [Float], threshold: Double,
                  bootstrap: BootstrapOptions?) throws -> ReportModel {
        switch task {
        case .binary:
            let p = try BinaryPredictions(scores: scores, labels: labels.map { Int($0) })
            return ReportModel.binary(name: name, isBaseline: isBaseline, predictions: p, threshold: threshold, bootstrap: bootstrap)
        case .multiclass:
            let p = try MulticlassPredictions(probabilities: scores, classCount: classCount, labels: labels.map { Int($0) })
            return ReportModel.multiclass(name: name, isBaseline: isBaseline, predictions: p, bootstrap: bootstrap)
        case .regression:
            let p = try RegressionPredictions(predictions: scores, targets: labels)
            return ReportModel.regression(name: name, isBaseline: isBaseline, predictions: p, bootstrap: bootstrap)
        }
    }
}
