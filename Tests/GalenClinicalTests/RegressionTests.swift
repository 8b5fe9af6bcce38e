import GalenTensor
import Testing
@testable import GalenClinical

@Suite struct RegressionTests {
    @Test func handComputedMetrics() throws {
        let p = try RegressionPredictions(predictions: [2, 4, 7] as [Double], targets: [1, 5, 6])
        #expect(RegressionMetrics.meanAbsoluteError(p) == 1)
        #expect(RegressionMetrics.meanSquaredError(p) == 1 && RegressionMetrics.rootMeanSquaredError(p) == 1)
        // mean 4, total squares 9 + 1 + 4 = 14, residual 3.
        #expect(close(RegressionMetrics.r2(p), 1 - 3.0 / 14.0, 1e-12))
    }

    @Test func constantTargetsHaveNoR2() throws {
        let p = try RegressionPredictions(predictions: [1, 2, 3] as [Float], targets: [2, 2, 2] as [Float])
        #expect(RegressionMetrics.r2(p) == nil)
        let e = RegressionEvaluation(p, bootstrap: BootstrapOptions(resamples: 50))
        #expect(e.r2.value == nil && e.r2.resamplesUsed == 0 && e.meanAbsoluteError.resamplesUsed == 50)
    }

    @Test func bootstrapIntervalsBracketAndAreSeeded() throws {
        var g = SeededGenerator(seed: 11)
        let targets = (0..<400).map { _ in 100 + 20 * Double(g.nextNormal()) }
        let predictions = targets.map { $0 + 5 * Double(g.nextNormal()) }
        let p = try RegressionPredictions(predictions: predictions, targets: targets)
        let e = RegressionEvaluation(p)
        #expect(e == RegressionEvaluation(p))
        for (name, estimate) in e.summary {
            let v = try #require(estimate.value)
            #expect(estimate.lower! < v && v < estimate.upper!, "\(name)")
            #expect(estimate.resamplesUsed == 1000, "\(name)")
        }
        #expect(abs(e.rootMeanSquaredError.value! - 5) < 0.6)
        #expect(e.r2.value! > 0.9 && e.r2.upper! < 1)
    }

    @Test func invalidInputThrows() {
        #expect(throws: ClinicalMetricsError.nonFiniteValue(row: 1, what: "prediction")) {
            try RegressionPredictions(predictions: [1, .infinity] as [Double], targets: [1, 2])
        }
        #expect(throws: ClinicalMetricsError.lengthMismatch(expected: 2, actual: 1, what: "predictions")) {
            try RegressionPredictions(predictions: [1] as [Double], targets: [1, 2])
        }
    }
}
