import Foundation
import Testing
import GalenNN
import GalenTensor
@testable import GalenPrivacy

@Suite struct DPSGDTests {
    /// With every per-row gradient zero (an empty batch), the gradient is pure noise N(0, (σC / (qN))²).
    @Test func noiseHasTheRightDistribution() throws {
        let model = Sequential { Dense(50, 40, seed: 1) }
        let sigma: Float = 1.5, c: Float = 0.7, expected: Float = 8
        let dp = try DPSGD(model: model, maxGradNorm: c, noiseMultiplier: sigma, expectedBatchSize: expected, seed: 9)
        var values: [Double] = []
        for _ in 0..<5 {
            try dp.computeGradients(Tensor.zeros([0, 50]), Tensor.zeros([0, 1]), loss: MSELoss())
            for p in model.parameters { values += p.grad!.scalars.map(Double.init) }
        }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
        let target = Double(sigma * c / expected)
        #expect(abs(mean) < 4 * target / n.squareRoot())
        #expect(abs(sd / target - 1) < 0.02, "noise sd \(sd), expected \(target)")
        // Fourth moment of a normal: kurtosis 3.
        let kurtosis = values.map { pow(($0 - mean) / sd, 4) }.reduce(0, +) / n
        #expect(abs(kurtosis - 3) < 0.15)
    }

    /// Batch sizes under Poisson sampling have mean qN and variance qN(1 − q); each row is drawn at rate q.
    @Test func poissonSamplingRate() throws {
        let rows = 400, q = 0.08, draws = 2000
        var sampler = try PoissonSampler(rowCount: rows, sampleRate: q, seed: 5)
        var sizes: [Double] = []
        var perRow = [Int](repeating: 0, count: rows)
        for _ in 0..<draws {
            let b = sampler.nextBatch()
            #expect(b == b.sorted() && Set(b).count == b.count)
            sizes.append(Double(b.count))
            for i in b { perRow[i] += 1 }
        }
        let mean = sizes.reduce(0, +) / Double(draws)
        let variance = sizes.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws - 1)
        let expectedMean = Double(rows) * q, expectedVariance = Double(rows) * q * (1 - q)
        #expect(abs(mean - expectedMean) < 4 * (expectedVariance / Double(draws)).squareRoot())
        #expect(abs(variance / expectedVariance - 1) < 0.15)
        // Every row is sampled about q · draws times (binomial, sd ≈ 12).
        #expect(perRow.allSatisfy { abs(Double($0) - q * Double(draws)) < 6 * (q * (1 - q) * Double(draws)).squareRoot() })
        // Same seed, same batches.
        var a = try PoissonSampler(rowCount: 50, sampleRate: 0.3, seed: 77), b = try PoissonSampler(rowCount: 50, sampleRate: 0.3, seed: 77)
        for _ in 0..<10 { #expect(a.nextBatch() == b.nextBatch()) }
    }

    static func trainOnce(seed: UInt64, noise: Float = 1.0) throws -> (weights: [[Float]], result: PrivateFitResult) {
        let x = try PrivacyTestData.inputs(rows: 200, features: 5, seed: 1)
        let p = x.pointer
        let y = try Tensor(shape: [200, 1], values: (0..<200).map { i in p[i * 5] + 0.5 * p[i * 5 + 1] > 0 ? 1 : 0 })
        let model = Sequential { Dense(5, 16, seed: 2); ReLU(); Dropout(0.1, seed: 3); Dense(16, 1, seed: 4) }
        let result = try model.fitPrivately(x, y, loss: BCEWithLogitsLoss(), optimizer: Adam(model.parameters, learningRate: 1e-2),
                                            maxGradNorm: 1, noiseMultiplier: noise, epochs: 15, batchSize: 20,
                                            validationData: (x, y), seed: seed, metrics: [.accuracy], verbose: .silent)
        return (model.parameters.map(\.scalars), result)
    }

    @Test func trainingIsDeterministicForASeedAndLearns() throws {
        let a = try Self.trainOnce(seed: 3), b = try Self.trainOnce(seed: 3), c = try Self.trainOnce(seed: 4)
        #expect(a.weights == b.weights)
        #expect(a.weights != c.weights)
        #expect(a.result.steps == 15 * 10 && a.result.stepsPerEpoch == 10 && a.result.sampleRate == 0.1)
        #expect(a.result.history["loss"].isEmpty, "no figures on the private rows are logged")
        let accuracy = try #require(a.result.history["val_accuracy"].last)
        #expect(accuracy > 0.85, "DP-SGD on a separable problem reached only \(accuracy)")
    }

    /// Tiny sample rates give empty Poisson batches; those steps still happen (noise only) and count.
    @Test func emptyBatchesAreStepsToo() throws {
        let x = try PrivacyTestData.inputs(rows: 3, features: 5, seed: 1), y = try PrivacyTestData.labels(rows: 3, seed: 2)
        let model = PrivacyTestData.network(seed: 1)
        let before = model.parameters.map(\.scalars)
        let r = try model.fitPrivately(x, y, loss: BCEWithLogitsLoss(), optimizer: SGD(model.parameters, learningRate: 0.1),
                                       maxGradNorm: 1, noiseMultiplier: 1, epochs: 10, batchSize: 1, seed: 1, verbose: .silent)
        #expect(r.steps == 30 && r.sampleRate == 1.0 / 3)
        #expect(model.parameters.map(\.scalars) != before)
        var sampler = try PoissonSampler(rowCount: 3, sampleRate: 1.0 / 3, seed: 1)
        #expect((0..<30).contains { _ in sampler.nextBatch().isEmpty }, "the run above met at least one empty batch")
    }

    @Test func badSettingsAreRejected() throws {
        let x = try PrivacyTestData.inputs(rows: 10, features: 5, seed: 1), y = try PrivacyTestData.labels(rows: 10, seed: 2)
        let model = PrivacyTestData.network(seed: 1)
        let opt = SGD(model.parameters)
        #expect(throws: DifferentialPrivacyError.self) {
            try model.fitPrivately(x, y, loss: BCEWithLogitsLoss(), optimizer: opt, maxGradNorm: 1, noiseMultiplier: 1,
                                   epochs: 1, batchSize: 11, verbose: .silent)
        }
        #expect(throws: DifferentialPrivacyError.self) {
            try model.fitPrivately(x, y, loss: BCEWithLogitsLoss(), optimizer: opt, maxGradNorm: -1, noiseMultiplier: 1,
                                   epochs: 1, batchSize: 5, verbose: .silent)
        }
        #expect(throws: DifferentialPrivacyError.self) {
            try model.fitPrivately(x, y, loss: BCEWithLogitsLoss(), optimizer: opt, maxGradNorm: 1, noiseMultiplier: .nan,
                                   epochs: 1, batchSize: 5, verbose: .silent)
        }
        #expect(throws: NNError.self) {
            try model.fitPrivately(x, try PrivacyTestData.labels(rows: 9, seed: 2), loss: BCEWithLogitsLoss(), optimizer: opt,
                                   maxGradNorm: 1, noiseMultiplier: 1, epochs: 1, batchSize: 5, verbose: .silent)
        }
    }
}
