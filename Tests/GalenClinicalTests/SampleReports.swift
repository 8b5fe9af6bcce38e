import Foundation
import GalenTensor
@testable import GalenClinical

/// Realistic report contents for the three tasks, built from seeded synthetic predictions.
enum SampleReports {
    static func logistic(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    static func binary() throws -> ReportContent {
        var g = SeededGenerator(seed: 42)
        func scores(rows: Int, separation: Double, labels: inout [Int]) -> [Double] {
            (0..<rows).map { i in
                let y = labels[i]
                return logistic(Double(g.nextNormal()) * 1.3 + (y == 1 ? separation : -separation))
            }
        }
        var validationLabels = (0..<57).map { _ in g.nextUnitFloat() < 0.37 ? 1 : 0 }
        var testLabels = (0..<114).map { _ in g.nextUnitFloat() < 0.37 ? 1 : 0 }
        let validation = try BinaryPredictions(scores: scores(rows: 57, separation: 2.4, labels: &validationLabels),
                                               labels: validationLabels)
        let network = try BinaryPredictions(scores: scores(rows: 114, separation: 2.4, labels: &testLabels),
                                            labels: testLabels)
        let baseline = try BinaryPredictions(scores: scores(rows: 114, separation: 1.6, labels: &testLabels),
                                             labels: testLabels)
        let threshold = ThresholdChoice.select(.youden, on: validation) ?? .fixed(0.5)
        let epochs = 60
        let trainLoss: [Double] = (1...epochs).map { (epoch: Int) -> Double in 0.08 + 0.6 * exp(-Double(epoch) / 9) }
        let validationLoss: [Double] = (1...epochs).map { (epoch: Int) -> Double in
            let decay: Double = 0.58 * exp(-Double(epoch) / 9)
            let overfit: Double = 0.0009 * Double(max(0, epoch - 30))
            return 0.11 + decay + overfit
        }
        return ReportContent(
            title: "Galen report: wdbc.csv → diagnosis <M/B>",
            task: .binary,
            runInfo: [ReportField("Command", "galen train wdbc.csv --target diagnosis --seed 42"),
                      ReportField("Model", "MLP 30-128-64-32-1, ReLU, dropout 0.2, Adam lr 0.001"),
                      ReportField("Seed", "42"), ReportField("Galen version", "0.1.0"),
                      ReportField("Training data SHA-256", "3f7a9c…e1d2")],
            dataset: DatasetSummary(source: "wdbc.csv", rows: 569, columns: 32, target: "diagnosis",
                                    classBalance: [ClassCount("B", 357), ClassCount("M", 212)],
                                    splits: [SplitSize("train", 398), SplitSize("validation", 57),
                                             SplitSize("test", 114)]),
            preprocessingLog: ["Dropped 0 exact duplicate rows.",
                               "Excluded ID-like column \"id\" (569 distinct values in 569 rows).",
                               "Imputed 0 missing values (median for numeric columns).",
                               "Standardised 30 numeric columns with training-split mean and SD.",
                               "Class weights 0.80 / 1.34 for the skewed target <script>alert(1)</script>."],
            learningCurves: LearningCurves(trainLoss: trainLoss, validationLoss: validationLoss,
                                           metricName: "ROC AUC",
                                           trainMetric: (1...epochs).map { 1 - 0.2 * exp(-Double($0) / 6) },
                                           validationMetric: (1...epochs).map { 0.995 - 0.22 * exp(-Double($0) / 6) },
                                           bestEpoch: 31),
            evaluationSplit: "test",
            classNames: ["B (benign)", "M (malignant)"],
            threshold: threshold,
            models: [ReportModel.binary(name: "Neural network", predictions: network, threshold: threshold.threshold),
                     ReportModel.binary(name: "Logistic regression", isBaseline: true, predictions: baseline,
                                        threshold: threshold.threshold)],
            notes: ["Validation split has only 57 rows; the threshold is uncertain."])
    }

    static func multiclass() throws -> ReportContent {
        var g = SeededGenerator(seed: 7)
        let classes = 3, rows = 150
        let labels = (0..<rows).map { _ in Int(g.next() % 3) }
        func probabilities(strength: Double) -> [Double] {
            var out: [Double] = []
            for y in labels {
                var z = (0..<classes).map { _ in Double(g.nextNormal()) }
                z[y] += strength
                let m = z.max()!
                let e = z.map { exp($0 - m) }
                let s = e.reduce(0, +)
                out += e.map { $0 / s }
            }
            return out
        }
        let network = try MulticlassPredictions(probabilities: probabilities(strength: 2.2), classCount: classes,
                                                labels: labels)
        let baseline = try MulticlassPredictions(probabilities: probabilities(strength: 1.4), classCount: classes,
                                                 labels: labels)
        return ReportContent(
            title: "Galen report: triage.csv → acuity", task: .multiclass,
            runInfo: [ReportField("Command", "galen train triage.csv --target acuity")],
            dataset: DatasetSummary(source: "triage.csv", rows: 750, columns: 14, target: "acuity",
                                    classBalance: [ClassCount("low", 251), ClassCount("medium", 262),
                                                   ClassCount("high", 237)],
                                    splits: [SplitSize("train", 525), SplitSize("validation", 75),
                                             SplitSize("test", 150)]),
            preprocessingLog: ["One-hot encoded 3 categorical columns (11 indicator columns)."],
            learningCurves: LearningCurves(trainLoss: (1...40).map { 0.3 + exp(-Double($0) / 8) },
                                           validationLoss: (1...40).map { 0.4 + exp(-Double($0) / 8) },
                                           metricName: "Accuracy",
                                           trainMetric: (1...40).map { 0.9 - 0.5 * exp(-Double($0) / 8) },
                                           validationMetric: (1...40).map { 0.8 - 0.45 * exp(-Double($0) / 8) },
                                           bestEpoch: 40),
            classNames: ["low", "medium", "high"],
            models: [ReportModel.multiclass(name: "Neural network", predictions: network),
                     ReportModel.multiclass(name: "Multinomial logistic regression", isBaseline: true,
                                            predictions: baseline)])
    }

    static func regression() throws -> ReportContent {
        var g = SeededGenerator(seed: 3)
        let targets = (0..<300).map { _ in 125 + 16 * Double(g.nextNormal()) }
        let network = try RegressionPredictions(predictions: targets.map { 0.9 * $0 + 12.5 + 7 * Double(g.nextNormal()) },
                                                targets: targets)
        let baseline = try RegressionPredictions(predictions: targets.map { 0.6 * $0 + 50 + 11 * Double(g.nextNormal()) },
                                                 targets: targets)
        return ReportContent(
            title: "Galen report: bp.csv → systolic_bp", task: .regression,
            dataset: DatasetSummary(source: "bp.csv", rows: 1500, columns: 9, target: "systolic_bp",
                                    targetDescription: "mean 125.1, SD 16.0, range 78–181",
                                    splits: [SplitSize("train", 1050), SplitSize("validation", 150),
                                             SplitSize("test", 300)]),
            preprocessingLog: ["Imputed 41 missing values in \"bmi\" with the median 27.1 and added bmi_missing."],
            learningCurves: LearningCurves(trainLoss: (1...25).map { 40 + 300 * exp(-Double($0) / 4) },
                                           validationLoss: (1...25).map { 55 + 290 * exp(-Double($0) / 4) }),
            models: [ReportModel.regression(name: "Neural network", predictions: network),
                     ReportModel.regression(name: "Linear regression", isBaseline: true, predictions: baseline)])
    }
}
