import Foundation
import Testing
@testable import GalenClinical

@Suite struct BinaryMetricsTests {
    /// scikit-learn's documentation example: roc_auc_score → 0.75, average_precision_score → 0.8333….
    let example = try! BinaryPredictions(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1])

    @Test func documentationExample() {
        #expect(close(BinaryMetrics.rocAUC(example), 0.75, 1e-12))
        #expect(close(BinaryMetrics.averagePrecision(example), 5.0 / 6.0, 1e-12))
        // Brier: (0.01 + 0.16 + 0.4225 + 0.04) / 4
        #expect(close(BinaryMetrics.brierScore(example), 0.6325 / 4, 1e-12))
    }

    @Test func confusionMatrixAndRatesAtAThreshold() {
        let m = BinaryConfusionMatrix(example, threshold: 0.35)   // predicted [0, 1, 1, 1]
        #expect(m == BinaryConfusionMatrix(truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 0))
        #expect(m.matrix == [[1, 1], [0, 2]])
        #expect(m.accuracy == 0.75 && m.sensitivity == 1 && m.specificity == 0.5)
        #expect(close(m.ppv, 2.0 / 3.0, 1e-12) && m.npv == 1 && close(m.f1, 0.8, 1e-12))
        #expect(m.balancedAccuracy == 0.75)
        #expect(m.total == 4 && m.predictedPositives == 3 && m.actualNegatives == 2)
    }

    @Test func scoreEqualToTheThresholdIsPositive() {
        let m = BinaryConfusionMatrix(example, threshold: 0.4)
        #expect(m.truePositives == 1 && m.falsePositives == 1)
    }

    @Test func confusionMatrixFromDecisions() throws {
        let m = try BinaryConfusionMatrix(predicted: [1, 0, 1, 0, 1], labels: [1, 1, 0, 0, 1])
        #expect(m == BinaryConfusionMatrix(truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 1))
        #expect(throws: ClinicalMetricsError.invalidLabel(row: 1, value: 2, allowed: 0...1)) {
            try BinaryConfusionMatrix(predicted: [1, 2], labels: [1, 0])
        }
        #expect(throws: ClinicalMetricsError.lengthMismatch(expected: 2, actual: 1, what: "predicted labels")) {
            try BinaryConfusionMatrix(predicted: [1], labels: [1, 0])
        }
    }

    @Test func tiesCountHalf() throws {
        let p = try BinaryPredictions(scores: [0.5, 0.5, 0.5, 0.9], labels: [0, 1, 1, 0])
        // Pairs (pos, neg): (0.5, 0.5) ×2 → ½ each; (0.5, 0.9) ×2 → 0. AUC = 1 / 4.
        #expect(close(BinaryMetrics.rocAUC(p), 0.25, 1e-12))
    }

    @Test func undefinedMetricsAreNilNotNaN() throws {
        let allPositive = try BinaryPredictions(scores: [0.2, 0.7, 0.9], labels: [1, 1, 1])
        #expect(BinaryMetrics.rocAUC(allPositive) == nil)
        #expect(ROCCurve(allPositive) == nil)
        #expect(BinaryMetrics.averagePrecision(allPositive) == 1)
        let m = BinaryConfusionMatrix(allPositive, threshold: 0.5)
        #expect(m.specificity == nil && m.balancedAccuracy == nil && m.sensitivity != nil)
        #expect(BinaryConfusionMatrix(allPositive, threshold: 2).ppv == nil)

        let allNegative = try BinaryPredictions(scores: [0.2, 0.7], labels: [0, 0])
        #expect(BinaryMetrics.averagePrecision(allNegative) == nil)
        #expect(PrecisionRecallCurve(allNegative) == nil)
        #expect(BinaryConfusionMatrix(allNegative, threshold: 2).f1 == nil)

        let e = BinaryEvaluation(allNegative, threshold: 0.5, bootstrap: BootstrapOptions(resamples: 50))
        #expect(e.rocAUC.value == nil && e.rocAUC.lower == nil && e.rocAUC.resamplesUsed == 0)
        #expect(e.sensitivity.value == nil && e.specificity.value == 0.5)
        for metric in BinaryMetric.allCases {
            if let v = e[metric].value { #expect(v.isFinite, "\(metric)") }
        }
    }

    @Test func scoresOutsideTheUnitIntervalHaveNoProbabilityMetrics() throws {
        let p = try BinaryPredictions(scores: [-2.0, 0.5, 3.0], labels: [0, 1, 1])
        #expect(!p.isProbability)
        #expect(BinaryMetrics.brierScore(p) == nil && BinaryMetrics.expectedCalibrationError(p) == nil)
        #expect(BinaryMetrics.rocAUC(p) == 1)
        let e = BinaryEvaluation(p, threshold: 0, bootstrap: nil)
        #expect(e.brierScore.value == nil && e.expectedCalibrationError.value == nil && e.rocAUC.value == 1)
    }

    @Test func invalidInputThrowsDescriptiveErrors() {
        #expect(throws: ClinicalMetricsError.empty) { try BinaryPredictions(scores: [Double](), labels: []) }
        #expect(throws: ClinicalMetricsError.lengthMismatch(expected: 2, actual: 1, what: "scores")) {
            try BinaryPredictions(scores: [0.1], labels: [0, 1])
        }
        #expect(throws: ClinicalMetricsError.invalidLabel(row: 1, value: 2, allowed: 0...1)) {
            try BinaryPredictions(scores: [0.1, 0.2], labels: [0, 2])
        }
        #expect(throws: ClinicalMetricsError.nonFiniteValue(row: 0, what: "score")) {
            try BinaryPredictions(scores: [Double.nan, 0.2], labels: [0, 1])
        }
        #expect(throws: ClinicalMetricsError.nonFiniteValue(row: 1, what: "score")) {
            try BinaryPredictions(scores: [Float(0.1), Float.infinity], labels: [0, 1])
        }
        #expect(ClinicalMetricsError.invalidLabel(row: 3, value: 7, allowed: 0...1).description
                == "label 7 in row 3 is outside 0...1")
    }

    @Test func floatScoresAreWidenedExactly() throws {
        let f: [Float] = [0.1, 0.7, 0.3]
        let p = try BinaryPredictions(scores: f, labels: [0, 1, 1])
        #expect(p.scores == f.map(Double.init))
        #expect(p.positiveCount == 2 && p.negativeCount == 1 && close(p.prevalence, 2.0 / 3.0, 1e-12))
    }

    @Test func reliabilityBinsPutEdgeValuesInTheLowerBin() throws {
        let p = try BinaryPredictions(scores: [0.0, 0.1, 0.15, 0.3, 1.0], labels: [0, 0, 1, 0, 1])
        let curve = try #require(ReliabilityCurve(p, binCount: 10))
        #expect(curve.bins.map(\.index) == [0, 1, 2, 9])
        #expect(curve.bins.map(\.count) == [2, 1, 1, 1])
        #expect(close(curve.bins[0].meanPredicted, 0.05, 1e-12) && curve.bins[1].fractionPositive == 1)
        #expect(close(curve.bins[2].lowerEdge, 0.2, 1e-12) && close(curve.bins[2].upperEdge, 0.3, 1e-12))
        // ECE = (2·|0 − 0.05| + 1·|1 − 0.15| + 1·|0 − 0.3| + 1·|1 − 1|) / 5
        #expect(close(curve.expectedCalibrationError, (0.1 + 0.85 + 0.3) / 5, 1e-12))
        #expect(ReliabilityCurve(p, binCount: 0)?.binCount == 1)
    }

    @Test func evaluationEncodesUndefinedValuesAsNullAndRoundTrips() throws {
        let p = try BinaryPredictions(scores: [0.2, 0.4, 0.6, 0.9], labels: [0, 1, 0, 1])
        let e = BinaryEvaluation(p, threshold: 2, bootstrap: BootstrapOptions(resamples: 30, seed: 3))
        #expect(e.ppv.value == nil)
        let data = try JSONEncoder().encode(e)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"ppv\":{\"lower\":null") || text.contains("\"value\":null"))
        #expect(try JSONDecoder().decode(BinaryEvaluation.self, from: data) == e)
    }

    @Test func metricMetadata() {
        #expect(BinaryMetric.allCases.count == 11)
        #expect(!BinaryMetric.brierScore.higherIsBetter && BinaryMetric.rocAUC.higherIsBetter)
        #expect(BinaryMetric.f1.dependsOnThreshold && !BinaryMetric.prAUC.dependsOnThreshold)
        #expect(BinaryMetric.sensitivity.displayName == "Sensitivity (recall)")
    }
}
