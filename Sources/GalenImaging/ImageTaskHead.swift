import GalenClinical
import GalenData
import GalenNN
import GalenTensor

/// How an image classification task maps onto the network's outputs, targets and loss — the same rule as the
/// tabular workflow: binary → one logit, BCE with logits, positive class (label 1) weighted neg/pos when the
/// minority class is below 40 %; multiclass → one logit per class, cross-entropy, weights n / (k · count) when
/// the largest class is over 1.5× the smallest.
struct ImageTaskHead {
    let task: TaskKind
    let classCount: Int

    init(classCount: Int) {
        self.classCount = classCount
        task = classCount == 2 ? .binary : .multiclass
    }

    /// Network outputs.
    var outputs: Int { task == .binary ? 1 : classCount }

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
            return (BCEWithLogitsLoss(posWeight: w), [w], String(format: "class-weighted loss: positive images weigh %.3g (%d positive, %d negative training images)", w, pos, neg))
        }
        let present = counts.filter { $0 > 0 }
        guard balance, let lo = present.min(), let hi = present.max(), Double(hi) / Double(lo) > 1.5 else {
            return (CrossEntropyLoss(), [], nil)
        }
        let n = Float(labels.count), k = Float(classCount)
        let weights = counts.map { $0 > 0 ? n / (k * Float($0)) : 0 }
        return (CrossEntropyLoss(weight: weights), weights,
                "class-weighted loss (skewed classes): weights " + weights.map { String(format: "%.3g", $0) }.joined(separator: ", "))
    }

    /// Binary: positive-class probabilities `[n]`; multiclass: row-major probabilities `[n × classes]`.
    func scores(_ logits: Tensor) throws -> [Float] {
        task == .binary ? logits.sigmoid().scalars : try logits.softmax(axis: 1).scalars
    }

    /// The predicted class of image `i` from `scores`.
    func predictedClass(_ scores: [Float], _ i: Int, threshold: Double) -> Int {
        if task == .binary { return Double(scores[i]) >= threshold ? 1 : 0 }
        let row = scores[(i * classCount)..<((i + 1) * classCount)]
        return (row.indices.max { row[$0] < row[$1] } ?? i * classCount) - i * classCount
    }

    /// The probability the model gives its predicted class for image `i`.
    func confidence(_ scores: [Float], _ i: Int, threshold: Double) -> Float {
        if task == .binary { return predictedClass(scores, i, threshold: threshold) == 1 ? scores[i] : 1 - scores[i] }
        return scores[i * classCount + predictedClass(scores, i, threshold: threshold)]
    }

    /// Report evaluation of `scores` against `labels` with bootstrap intervals.
    func evaluate(name: String, scores: [Float], labels: [Int], threshold: Double, bootstrap: BootstrapOptions?) throws -> ReportModel {
        if task == .binary {
            let p = try BinaryPredictions(scores: scores, labels: labels)
            return ReportModel.binary(name: name, predictions: p, threshold: threshold, bootstrap: bootstrap)
        }
        let p = try MulticlassPredictions(probabilities: scores, classCount: classCount, labels: labels)
        return ReportModel.multiclass(name: name, predictions: p, bootstrap: bootstrap)
    }
}

/// Network outputs for every image of `images` (already normalised), in evaluation mode, without recording
/// gradients, `chunk` images at a time.
func logits(of network: Module, _ images: Tensor, chunk: Int = 256) throws -> Tensor {
    network.eval()
    let n = images.shape[0]
    var parts: [Tensor] = []
    try withNoGrad {
        var lo = 0
        while lo < n {
            let hi = min(n, lo + chunk)
            parts.append(try network(images.slice(axis: 0, lo..<hi)))
            lo = hi
        }
    }
    return parts.count == 1 ? parts[0] : try Tensor.concat(parts, axis: 0)
}
