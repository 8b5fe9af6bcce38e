import Foundation
import GalenTensor
import Testing
@testable import GalenClinical

/// Synthetic probabilities with signal: positives score higher on average. Seeded.
func syntheticBinary(rows: Int, prevalence: Double, seed: UInt64) throws -> BinaryPredictions {
    var g = SeededGenerator(seed: seed)
    var scores: [Double] = [], labels: [Int] = []
    for _ in 0..<rows {
        let y = Double(g.nextUnitFloat()) < prevalence ? 1 : 0
        let z = Double(g.nextNormal()) + (y == 1 ? 1.5 : 0) - 1
        scores.append(((1 / (1 + exp(-z))) * 1000).rounded() / 1000)
        labels.append(y)
    }
    return try BinaryPredictions(scores: scores, labels: labels)
}

@Suite struct BootstrapTests {
    @Test func sameSeedSameIntervalsDifferentSeedDifferentIntervals() throws {
        let p = try syntheticBinary(rows: 300, prevalence: 0.3, seed: 1)
        let a = BinaryEvaluation(p, threshold: 0.4, bootstrap: BootstrapOptions(resamples: 200, seed: 7))
        let b = BinaryEvaluation(p, threshold: 0.4, bootstrap: BootstrapOptions(resamples: 200, seed: 7))
        let c = BinaryEvaluation(p, threshold: 0.4, bootstrap: BootstrapOptions(resamples: 200, seed: 8))
        #expect(a == b)
        #expect(a.rocAUC.lower != c.rocAUC.lower || a.rocAUC.upper != c.rocAUC.upper)
    }

    @Test func intervalsBracketThePointEstimateAndUseEveryResample() throws {
        let p = try syntheticBinary(rows: 500, prevalence: 0.3, seed: 2)
        let e = BinaryEvaluation(p, threshold: 0.4)
        #expect(e.bootstrap == BootstrapOptions())
        for metric in BinaryMetric.allCases {
            let m = e[metric]
            let value = try #require(m.value, "\(metric)")
            let lower = try #require(m.lower, "\(metric)"), upper = try #require(m.upper, "\(metric)")
            #expect(lower <= value && value <= upper, "\(metric): \(lower) \(value) \(upper)")
            #expect(upper - lower > 0 && upper - lower < 0.3, "\(metric)")
            #expect(m.resamplesUsed == 1000, "\(metric)")
        }
    }

    @Test func intervalWidthShrinksLikeOneOverRootN() throws {
        let small = BinaryEvaluation(try syntheticBinary(rows: 400, prevalence: 0.4, seed: 3), threshold: 0.4)
        let large = BinaryEvaluation(try syntheticBinary(rows: 6400, prevalence: 0.4, seed: 3), threshold: 0.4)
        let ws = small.accuracy.upper! - small.accuracy.lower!
        let wl = large.accuracy.upper! - large.accuracy.lower!
        // 16× the rows: about a quarter of the width.
        #expect(wl / ws > 0.15 && wl / ws < 0.4, "\(ws) \(wl)")
        // The binomial standard error of accuracy predicts the width: 2 × 1.96 × sqrt(a(1−a)/n).
        let a = large.accuracy.value!
        let expected = 2 * 1.96 * (a * (1 - a) / 6400).squareRoot()
        #expect(abs(wl - expected) / expected < 0.2, "\(wl) vs \(expected)")
    }

    @Test func resamplesWhereAMetricIsUndefinedAreSkippedAndCounted() throws {
        // One positive in 20 rows: about (19/20)^20 ≈ 36% of resamples hold no positive.
        var labels = [Int](repeating: 0, count: 20)
        labels[7] = 1
        let scores = (0..<20).map { Double($0) / 20 }
        let p = try BinaryPredictions(scores: scores, labels: labels)
        let e = BinaryEvaluation(p, threshold: 0.3, bootstrap: BootstrapOptions(resamples: 1000, seed: 5))
        #expect(e.accuracy.resamplesUsed == 1000)
        #expect(e.sensitivity.resamplesUsed > 550 && e.sensitivity.resamplesUsed < 720)
        #expect(e.rocAUC.resamplesUsed == e.sensitivity.resamplesUsed)
        #expect(e.specificity.resamplesUsed == 1000)
    }

    @Test func noBootstrapGivesPointEstimatesOnly() throws {
        let p = try syntheticBinary(rows: 50, prevalence: 0.5, seed: 4)
        for options in [nil, BootstrapOptions(resamples: 0)] {
            let e = BinaryEvaluation(p, threshold: 0.5, bootstrap: options)
            #expect(e.bootstrap == nil)
            #expect(e.accuracy.value != nil && e.accuracy.lower == nil && e.accuracy.resamplesUsed == 0)
        }
    }

    @Test func percentileMatchesNumPyLinearInterpolation() {
        // numpy.percentile([1, 2, 3, 4, 10], [2.5, 97.5]) == [1.1, 9.4]
        var values: [Double] = [10, 3, 1, 4, 2]
        let interval = BootstrapOptions.percentileInterval(&values, level: 0.95)
        #expect(close(interval?.lower, 1.1, 1e-12) && close(interval?.upper, 9.4, 1e-12))
        var one: [Double] = [0.5]
        #expect(BootstrapOptions.percentileInterval(&one, level: 0.95) == nil)
    }

    @Test func samplerDrawsRowCountRowsUniformly() {
        var sampler = BootstrapSampler(rowCount: 10, seed: 9)
        var totals = [Int](repeating: 0, count: 10)
        for _ in 0..<2000 {
            sampler.draw()
            #expect(sampler.counts.reduce(0, +) == 10)
            for i in 0..<10 { totals[i] += sampler.counts[i] }
        }
        // Each row is drawn 2,000 times in expectation (sd ≈ 42).
        #expect(totals.allSatisfy { $0 > 1800 && $0 < 2200 }, "\(totals)")
    }

    @Test func thousandResamplesOfTenThousandRowsAreFast() throws {
        let p = try syntheticBinary(rows: 10_000, prevalence: 0.2, seed: 6)
        let start = DispatchTime.now().uptimeNanoseconds
        let e = BinaryEvaluation(p, threshold: 0.4)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        #expect(e.rocAUC.resamplesUsed == 1000)
        #if DEBUG
        let limit = 20.0   // unoptimised build; the release build takes a small fraction of a second
        #else
        let limit = 1.0
        #endif
        #expect(seconds < limit, "took \(seconds) s")
        print("bootstrap 1000 x 10000 rows: \(seconds) s")
    }
}
