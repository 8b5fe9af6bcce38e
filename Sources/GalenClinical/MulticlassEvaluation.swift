/// Metrics of one class of a multiclass classifier, treating that class as positive and all others negative.
public struct ClassMetrics: Codable, Sendable, Equatable {
    /// The class, `0..<classCount`.
    public var classIndex: Int
    /// Rows whose true class is this one.
    public var support: Int
    /// Rows predicted as this class.
    public var predictedCount: Int
    /// Precision (PPV) for the class; value `nil` when it is never predicted.
    public var precision: MetricEstimate
    /// Recall (sensitivity) for the class; value `nil` when it never occurs.
    public var recall: MetricEstimate
    /// F1 score for the class; value `nil` when it neither occurs nor is predicted.
    public var f1: MetricEstimate
    /// One-vs-rest ROC AUC from the class's score; value `nil` without scores or when the class is absent or is
    /// every row.
    public var rocAUC: MetricEstimate
}

/// Every metric of a multiclass classifier on one split, with bootstrap intervals.
///
/// Follows scikit-learn's `classification_report(labels=range(classCount))`: the confusion matrix has true
/// classes as rows and predicted classes as columns; macro averages are plain means over all classes and weighted
/// averages weight each class by its support, an undefined per-class precision, recall or F1 counting as 0
/// (scikit-learn's `zero_division=0`). The macro ROC AUC is the mean one-vs-rest AUC over the classes where it is
/// defined — scikit-learn's `roc_auc_score(multi_class="ovr", average="macro")` when every class occurs.
public struct MulticlassEvaluation: Codable, Sendable, Equatable {
    /// Number of classes.
    public var classCount: Int
    /// Rows evaluated.
    public var rowCount: Int
    /// `confusionMatrix[t][p]`: rows of true class `t` predicted as class `p`.
    public var confusionMatrix: [[Int]]
    /// Per-class metrics, indexed by class.
    public var perClass: [ClassMetrics]
    /// The bootstrap that produced the intervals, or `nil` when none was run.
    public var bootstrap: BootstrapOptions?
    /// Fraction of rows whose predicted class is the true one.
    public var accuracy: MetricEstimate
    /// Mean per-class precision.
    public var macroPrecision: MetricEstimate
    /// Mean per-class recall (equals balanced accuracy).
    public var macroRecall: MetricEstimate
    /// Mean per-class F1.
    public var macroF1: MetricEstimate
    /// Support-weighted mean precision.
    public var weightedPrecision: MetricEstimate
    /// Support-weighted mean recall (equals accuracy).
    public var weightedRecall: MetricEstimate
    /// Support-weighted mean F1.
    public var weightedF1: MetricEstimate
    /// Mean one-vs-rest ROC AUC (value `nil` without scores).
    public var macroROCAUC: MetricEstimate

    /// The summary metrics with display names, in report order.
    public var summary: [(name: String, estimate: MetricEstimate)] {
        [("Accuracy", accuracy), ("Macro precision", macroPrecision), ("Macro recall", macroRecall),
         ("Macro F1", macroF1), ("Weighted precision", weightedPrecision), ("Weighted recall", weightedRecall),
         ("Weighted F1", weightedF1), ("Macro ROC AUC (one-vs-rest)", macroROCAUC)]
    }

    /// Evaluates `predictions`, with percentile bootstrap intervals when `bootstrap` is given (rows resampled
    /// with replacement; a resample where a metric is undefined is skipped for that metric).
    public init(_ predictions: MulticlassPredictions, bootstrap: BootstrapOptions? = BootstrapOptions()) {
        let kernel = MulticlassKernel(predictions)
        let n = predictions.count, classes = predictions.classCount
        let point = kernel.evaluate(counts: [Int](repeating: 1, count: n))
        let summaryCount = 8, perClassCount = 4
        let metricCount = summaryCount + perClassCount * classes
        var estimates: [MetricEstimate]
        if let options = bootstrap, options.resamples > 0 {
            var samples = [[Double]](repeating: [], count: metricCount)
            var sampler = BootstrapSampler(rowCount: n, seed: options.seed)
            for _ in 0..<options.resamples {
                sampler.draw()
                let values = kernel.evaluate(counts: sampler.counts).values
                for m in 0..<metricCount { if let v = values[m] { samples[m].append(v) } }
            }
            estimates = (0..<metricCount).map {
                MetricEstimate(value: point.values[$0], resampled: &samples[$0], level: options.confidenceLevel)
            }
            self.bootstrap = options
        } else {
            estimates = point.values.map { MetricEstimate(value: $0) }
            self.bootstrap = nil
        }
        classCount = classes
        rowCount = n
        confusionMatrix = (0..<classes).map { t in Array(point.confusion[(t * classes)..<((t + 1) * classes)]) }
        perClass = (0..<classes).map { k in
            let base = summaryCount + perClassCount * k
            return ClassMetrics(classIndex: k, support: point.support[k], predictedCount: point.predicted[k],
                                precision: estimates[base], recall: estimates[base + 1], f1: estimates[base + 2],
                                rocAUC: estimates[base + 3])
        }
        accuracy = estimates[0]; macroPrecision = estimates[1]; macroRecall = estimates[2]; macroF1 = estimates[3]
        weightedPrecision = estimates[4]; weightedRecall = estimates[5]; weightedF1 = estimates[6]
        macroROCAUC = estimates[7]
    }
}

/// All multiclass metrics of a weighted copy of the rows, one pass per class over data sorted once. Internal.
struct MulticlassKernel {
    struct Result {
        /// Row-major `classCount × classCount` counts.
        var confusion: [Int]
        var support: [Int]
        var predicted: [Int]
        /// 8 summary metrics, then (precision, recall, F1, AUC) per class.
        var values: [Double?]
    }

    private let classCount: Int
    /// `trueClass * classCount + predictedClass` per row.
    private let cell: [Int]
    /// One-vs-rest ranking per class (empty without scores).
    private let rankings: [RankedScores]

    init(_ predictions: MulticlassPredictions) {
        classCount = predictions.classCount
        cell = (0..<predictions.count).map {
            predictions.labels[$0] * predictions.classCount + predictions.predictedLabels[$0]
        }
        rankings = predictions.probabilities == nil ? [] : (0..<predictions.classCount).map { k in
            RankedScores(scores: predictions.scores(ofClass: k)!, labels: predictions.labels.map { $0 == k ? 1 : 0 })
        }
    }

    /// Metrics when row `i` appears `counts[i]` times.
    func evaluate(counts: [Int]) -> Result {
        let k = classCount
        var confusion = [Int](repeating: 0, count: k * k)
        for i in 0..<cell.count { confusion[cell[i]] += counts[i] }
        var support = [Int](repeating: 0, count: k), predicted = [Int](repeating: 0, count: k)
        var correct = 0, total = 0
        for t in 0..<k {
            for p in 0..<k {
                let c = confusion[t * k + p]
                support[t] += c
                predicted[p] += c
                total += c
            }
            correct += confusion[t * k + t]
        }
        var values = [Double?](repeating: nil, count: 8 + 4 * k)
        var sums = [0.0, 0.0, 0.0], weighted = [0.0, 0.0, 0.0]
        var aucSum = 0.0, aucCount = 0
        for c in 0..<k {
            let tp = confusion[c * k + c]
            let precision: Double? = predicted[c] > 0 ? Double(tp) / Double(predicted[c]) : nil
            let recall: Double? = support[c] > 0 ? Double(tp) / Double(support[c]) : nil
            let f1: Double? = support[c] + predicted[c] > 0
                ? 2 * Double(tp) / Double(support[c] + predicted[c]) : nil
            let auc = rankings.isEmpty ? nil : rankings[c].rankingAreas { counts[rankings[c].order[$0]] }.rocAUC
            for (m, v) in [precision, recall, f1].enumerated() {
                sums[m] += v ?? 0
                weighted[m] += Double(support[c]) * (v ?? 0)
            }
            if let auc { aucSum += auc; aucCount += 1 }
            values[8 + 4 * c] = precision
            values[8 + 4 * c + 1] = recall
            values[8 + 4 * c + 2] = f1
            values[8 + 4 * c + 3] = auc
        }
        if total > 0 {
            values[0] = Double(correct) / Double(total)
            for m in 0..<3 {
                values[1 + m] = sums[m] / Double(k)
                values[4 + m] = weighted[m] / Double(total)
            }
        }
        values[7] = aucCount > 0 ? aucSum / Double(aucCount) : nil
        return Result(confusion: confusion, support: support, predicted: predicted, values: values)
    }
}
