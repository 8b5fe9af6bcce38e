import Testing
@testable import GalenClinical

@Suite struct ThresholdChoiceTests {
    @Test func youdenOnSeparableDataSitsBetweenTheClasses() throws {
        let p = try BinaryPredictions(scores: [0.1, 0.2, 0.3, 0.7, 0.8, 0.9], labels: [0, 0, 0, 1, 1, 1])
        let choice = try #require(ThresholdChoice.select(.youden, on: p))
        #expect(close(choice.threshold, 0.5, 1e-12))
        #expect(choice.method == .youden && choice.validationRows == 6)
        #expect(choice.validationSensitivity == 1 && choice.validationSpecificity == 1 && choice.validationYoudenJ == 1)
        #expect(choice.explanation.contains("Youden"))
    }

    @Test func youdenMaximisesJOverEveryCandidateThreshold() throws {
        for seed in 1...5 as ClosedRange<UInt64> {
            let p = try syntheticBinary(rows: 300, prevalence: 0.35, seed: seed)
            let choice = try #require(ThresholdChoice.select(.youden, on: p))
            func j(_ t: Double) -> Double {
                let m = BinaryConfusionMatrix(p, threshold: t)
                return m.sensitivity! + m.specificity! - 1
            }
            let best = Set(p.scores).map(j).max()!
            #expect(close(j(choice.threshold), best, 1e-12), "seed \(seed)")
            #expect(close(choice.validationYoudenJ, best, 1e-12), "seed \(seed)")
            #expect(!p.scores.contains(choice.threshold) || choice.threshold == p.scores.min(), "midpoint expected")
        }
    }

    @Test func targetSensitivityTakesTheHighestThresholdReachingIt() throws {
        for seed in 1...5 as ClosedRange<UInt64> {
            let p = try syntheticBinary(rows: 300, prevalence: 0.35, seed: seed)
            let choice = try #require(ThresholdChoice.select(.targetSensitivity(0.95), on: p))
            let achieved = BinaryConfusionMatrix(p, threshold: choice.threshold).sensitivity!
            #expect(achieved >= 0.95 && choice.validationSensitivity == achieved)
            #expect(choice.method == .targetSensitivity && choice.targetSensitivity == 0.95)
            // The threshold sits just below the validation score it was chosen at; no distinct score above that
            // one reaches the target.
            let chosenScore = p.scores.filter { $0 >= choice.threshold }.min()!
            let higher = Set(p.scores).filter { $0 > chosenScore }
            let best = higher.filter { BinaryConfusionMatrix(p, threshold: $0).sensitivity! >= 0.95 }
            #expect(best.isEmpty, "seed \(seed)")
        }
    }

    @Test func thresholdClassifiesValidationRowsAsTheChosenScoreDoes() throws {
        let p = try BinaryPredictions(scores: [0.2, 0.4, 0.4, 0.6, 0.8], labels: [0, 1, 0, 1, 1])
        let choice = try #require(ThresholdChoice.select(.targetSensitivity(1.0), on: p))
        // Reaching sensitivity 1 needs every positive, so the threshold must admit 0.4 but not 0.2.
        #expect(close(choice.threshold, 0.3, 1e-12))
        let lowest = try #require(ThresholdChoice.select(.targetSensitivity(1.0),
            on: try BinaryPredictions(scores: [0.2, 0.5], labels: [1, 0])))
        #expect(lowest.threshold == 0.2)
    }

    @Test func undefinedSelectionsReturnNil() throws {
        let oneClass = try BinaryPredictions(scores: [0.2, 0.6], labels: [1, 1])
        #expect(ThresholdChoice.select(.youden, on: oneClass) == nil)
        let p = try BinaryPredictions(scores: [0.2, 0.6], labels: [0, 1])
        #expect(ThresholdChoice.select(.targetSensitivity(0), on: p) == nil)
        #expect(ThresholdChoice.select(.targetSensitivity(1.5), on: p) == nil)
    }

    @Test func fixedThreshold() {
        let f = ThresholdChoice.fixed(0.5)
        #expect(f.threshold == 0.5 && f.method == .fixed && f.validationYoudenJ == nil)
        #expect(f.explanation == "Threshold 0.5 was fixed, not chosen from data.")
    }
}
