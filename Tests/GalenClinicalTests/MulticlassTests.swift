import Testing
@testable import GalenClinical

@Suite struct MulticlassTests {
    @Test func handComputedReport() throws {
        // true:      0 0 1 1 2 2
        // predicted: 0 1 1 1 2 0
        let p = try MulticlassPredictions(predictedLabels: [0, 1, 1, 1, 2, 0], labels: [0, 0, 1, 1, 2, 2],
                                          classCount: 3)
        let e = MulticlassEvaluation(p, bootstrap: nil)
        #expect(e.confusionMatrix == [[1, 1, 0], [0, 2, 0], [1, 0, 1]])
        #expect(close(e.accuracy.value, 4.0 / 6.0, 1e-12))
        #expect(close(e.perClass[1].precision.value, 2.0 / 3.0, 1e-12) && e.perClass[1].recall.value == 1)
        #expect(e.perClass[2].precision.value == 1 && e.perClass[2].recall.value == 0.5)
        #expect(close(e.macroRecall.value, (0.5 + 1 + 0.5) / 3, 1e-12))
        #expect(e.macroROCAUC.value == nil && e.perClass[0].rocAUC.value == nil)
        #expect(e.summary.count == 8)
    }

    @Test func absentClassHasUndefinedValuesAndCountsAsZeroInMacro() throws {
        let p = try MulticlassPredictions(predictedLabels: [0, 1, 0, 1], labels: [0, 1, 0, 1], classCount: 3)
        let e = MulticlassEvaluation(p, bootstrap: BootstrapOptions(resamples: 100))
        #expect(e.perClass[2].precision.value == nil && e.perClass[2].recall.value == nil
                && e.perClass[2].f1.value == nil)
        #expect(close(e.macroF1.value, 2.0 / 3.0, 1e-12) && e.weightedF1.value == 1 && e.accuracy.value == 1)
        #expect(e.perClass[2].recall.resamplesUsed == 0)
    }

    @Test func argMaxTakesTheFirstOnTies() throws {
        let p = try MulticlassPredictions(probabilities: [0.5, 0.5, 0.0, 0.2, 0.4, 0.4] as [Float], classCount: 3,
                                          labels: [0, 2])
        #expect(p.predictedLabels == [0, 1])
        #expect(p.scores(ofClass: 1) == [0.5, Double(Float(0.4))] && p.scores(ofClass: 3) == nil)
    }

    @Test func bootstrapIntervalsAreSeededAndBracket() throws {
        var probabilities: [Double] = [], labels: [Int] = []
        var g = [0.7, 0.2, 0.1]
        for i in 0..<120 {
            let y = i % 3
            g = [0.2, 0.2, 0.2]
            g[y] = 0.6
            g[(y + i / 3) % 3] += 0.25   // some rows wrong
            probabilities += g
            labels.append(y)
        }
        let p = try MulticlassPredictions(probabilities: probabilities, classCount: 3, labels: labels)
        let a = MulticlassEvaluation(p, bootstrap: BootstrapOptions(resamples: 300, seed: 1))
        let b = MulticlassEvaluation(p, bootstrap: BootstrapOptions(resamples: 300, seed: 1))
        #expect(a == b)
        for (name, estimate) in a.summary {
            let v = try #require(estimate.value, "\(name)")
            #expect(estimate.lower! <= v && v <= estimate.upper!, "\(name)")
            #expect(estimate.resamplesUsed == 300, "\(name)")
        }
        #expect(a.weightedRecall.value == a.accuracy.value)
    }

    @Test func invalidInputThrows() {
        #expect(throws: ClinicalMetricsError.invalidClassCount(1)) {
            try MulticlassPredictions(predictedLabels: [0], labels: [0], classCount: 1)
        }
        #expect(throws: ClinicalMetricsError.invalidLabel(row: 1, value: 3, allowed: 0...2)) {
            try MulticlassPredictions(predictedLabels: [0, 3], labels: [0, 1], classCount: 3)
        }
        #expect(throws: ClinicalMetricsError.lengthMismatch(expected: 6, actual: 5,
                                                            what: "probabilities (rows × classes)")) {
            try MulticlassPredictions(probabilities: [Double](repeating: 0.3, count: 5), classCount: 3, labels: [0, 1])
        }
        #expect(throws: ClinicalMetricsError.nonFiniteValue(row: 0, what: "probability of class 1")) {
            try MulticlassPredictions(probabilities: [0.5, .nan], classCount: 2, labels: [0])
        }
        #expect(throws: ClinicalMetricsError.empty) {
            try MulticlassPredictions(predictedLabels: [], labels: [], classCount: 2)
        }
    }
}
