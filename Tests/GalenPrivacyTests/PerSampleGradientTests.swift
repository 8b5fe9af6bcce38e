import Foundation
import Testing
import GalenNN
import GalenTensor
@testable import GalenPrivacy

/// A layer DP-SGD has no grad sampler for.
final class Doubler: Module {
    override func forward(_ x: Tensor) throws -> Tensor { try x * 2 }
}

enum PrivacyTestData {
    /// `rows` × `features` seeded normal inputs.
    static func inputs(rows: Int, features: Int, seed: UInt64) throws -> Tensor {
        var g = SeededGenerator(seed: seed)
        return try Tensor(shape: [rows, features], values: (0..<(rows * features)).map { _ in g.nextNormal() })
    }

    /// Binary targets `[rows, 1]`.
    static func labels(rows: Int, seed: UInt64) throws -> Tensor {
        var g = SeededGenerator(seed: seed)
        return try Tensor(shape: [rows, 1], values: (0..<rows).map { _ in g.nextUnitFloat() < 0.5 ? 0 : 1 })
    }

    static func network(seed: UInt64) -> Sequential {
        Sequential { Dense(5, 8, seed: seed); Tanh(); Dense(8, 4, seed: seed + 1); ReLU(); Dense(4, 1, seed: seed + 2) }
    }
}

@Suite struct PerSampleGradientTests {
    /// Each row's gradient from one batched pass equals the gradient of a batch holding that row alone.
    @Test(arguments: [0, 1])
    func perSampleGradientsEqualBatchOfOne(lossKind: Int) throws {
        let model = PrivacyTestData.network(seed: 3)
        let loss: Loss = lossKind == 0 ? BCEWithLogitsLoss(posWeight: 1.7) : MSELoss()
        let x = try PrivacyTestData.inputs(rows: 6, features: 5, seed: 1)
        let y = try PrivacyTestData.labels(rows: 6, seed: 2)
        let psg = try PerSampleGradientModel(model)
        let batch = try psg.batch(x, y, loss: loss)
        let norms = psg.perSampleNorms(batch)
        for i in 0..<6 {
            model.zeroGrad()
            let l = try loss(try model(try x.slice(axis: 0, i..<(i + 1))), try y.slice(axis: 0, i..<(i + 1)))
            try l.backward()
            let mine = psg.perSampleGradient(batch, sample: i)
            var squared: Double = 0
            for (p, g) in zip(model.parameters, mine) {
                let reference = try #require(p.grad)
                #expect(reference.shape == g.shape)
                for k in 0..<g.count {
                    #expect(abs(reference.pointer[k] - g.pointer[k]) <= 1e-5 + 1e-4 * abs(reference.pointer[k]))
                    squared += Double(g.pointer[k]) * Double(g.pointer[k])
                }
            }
            #expect(abs(Float(squared.squareRoot()) - norms[i]) <= 1e-5 + 1e-4 * norms[i])
        }
        // Nothing was accumulated into the parameters by the per-sample pass itself.
        model.zeroGrad()
        _ = try psg.batch(x, y, loss: loss)
        #expect(model.parameters.allSatisfy { $0.grad == nil })
    }

    /// Row 0's gradient against central finite differences of its own loss (Double accumulation of Float passes).
    @Test func perSampleGradientMatchesFiniteDifferences() throws {
        let model = PrivacyTestData.network(seed: 11)
        let loss = MSELoss()
        let x = try PrivacyTestData.inputs(rows: 4, features: 5, seed: 5)
        let y = try PrivacyTestData.inputs(rows: 4, features: 1, seed: 6)
        let psg = try PerSampleGradientModel(model)
        let grads = psg.perSampleGradient(try psg.batch(x, y, loss: loss), sample: 2)
        let x2 = try x.slice(axis: 0, 2..<3), y2 = try y.slice(axis: 0, 2..<3)
        for (p, g) in zip(model.parameters, grads) {
            for k in stride(from: 0, to: p.count, by: max(1, p.count / 5)) {
                let h: Float = 1e-2
                let saved = p.pointer[k]
                p.pointer[k] = saved + h
                let up = try withNoGrad { try loss(try model(x2), y2).item() }
                p.pointer[k] = saved - h
                let down = try withNoGrad { try loss(try model(x2), y2).item() }
                p.pointer[k] = saved
                let numeric = (up - down) / (2 * h)
                #expect(abs(numeric - g.pointer[k]) <= 2e-3 + 2e-2 * abs(numeric), "\(numeric) vs \(g.pointer[k])")
            }
        }
    }

    /// After clipping, every row's gradient has norm ≤ C, and the clipped sum is Σ cᵢ gᵢ.
    @Test func clippingBoundsEachRowAndSumsCorrectly() throws {
        let model = PrivacyTestData.network(seed: 21)
        let x = try PrivacyTestData.inputs(rows: 16, features: 5, seed: 7) * 3
        let y = try PrivacyTestData.labels(rows: 16, seed: 8)
        let dp = try DPSGD(model: model, maxGradNorm: 0.1, noiseMultiplier: 0, expectedBatchSize: 16, seed: 1)
        let psg = dp.network
        let batch = try psg.batch(x, y, loss: BCEWithLogitsLoss())
        let norms = psg.perSampleNorms(batch)
        #expect(norms.contains { $0 > 0.1 }, "the test needs rows above the bound")
        let factors = dp.clipFactors(norms: norms)
        var expected = model.parameters.map { [Float](repeating: 0, count: $0.count) }
        for i in 0..<16 {
            let g = psg.perSampleGradient(batch, sample: i)
            let clippedNorm = norms[i] * factors[i]
            #expect(clippedNorm <= 0.1 * (1 + 1e-5))
            for (j, t) in g.enumerated() { for k in 0..<t.count { expected[j][k] += factors[i] * t.pointer[k] } }
        }
        let sums = psg.weightedSum(batch, factors: factors)
        for (s, e) in zip(sums, expected) {
            for k in 0..<s.count { #expect(abs(s.pointer[k] - e[k]) <= 1e-5 + 1e-4 * abs(e[k])) }
        }
        // With σ = 0 the step's gradient is that sum over the expected batch size.
        try dp.computeGradients(x, y, loss: BCEWithLogitsLoss())
        for (p, e) in zip(model.parameters, expected) {
            let g = try #require(p.grad)
            for k in 0..<g.count { #expect(abs(g.pointer[k] - e[k] / 16) <= 1e-6 + 1e-4 * abs(e[k] / 16)) }
        }
    }

    @Test func unsupportedLayersAndLossesAreRefused() throws {
        #expect(throws: DifferentialPrivacyError.self) { try PerSampleGradientModel(Sequential { Dense(3, 2); Doubler() }) }
        #expect(throws: DifferentialPrivacyError.self) { try PerSampleGradientModel(Sequential { ReLU() }) }
        let ok = try PerSampleGradientModel(Sequential { Sequential { Dense(3, 4); ReLU(); Dropout(0.2) }; Dense(4, 3) })
        let x = try PrivacyTestData.inputs(rows: 4, features: 3, seed: 1)
        let y = try Tensor(shape: [4], values: [0, 1, 2, 1])
        #expect(throws: DifferentialPrivacyError.self) { try ok.batch(x, y, loss: CrossEntropyLoss(weight: [1, 2, 1])) }
        _ = try ok.batch(x, y, loss: CrossEntropyLoss())
        #expect(throws: DifferentialPrivacyError.self) {
            try DPSGD(model: Sequential { Dense(3, 1) }, maxGradNorm: 0, noiseMultiplier: 1, expectedBatchSize: 4, seed: 1)
        }
        #expect(throws: DifferentialPrivacyError.self) {
            try DPSGD(model: Sequential { Dense(3, 1) }, maxGradNorm: 1, noiseMultiplier: -1, expectedBatchSize: 4, seed: 1)
        }
    }
}
