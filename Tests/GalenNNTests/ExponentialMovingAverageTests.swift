import Testing
@testable import GalenNN
import GalenTensor

/// A Dense layer and a BatchNorm: parameters, running statistics and the `num_batches_tracked` counter.
private final class DenseAndNorm: Module {
    let fc = Dense(2, 2, seed: 4)
    let bn = BatchNorm2D(2)
    override func forward(_ x: Tensor) throws -> Tensor { x }
}

@Suite struct ExponentialMovingAverageTests {
    /// The average by the formula in doubles, independently of the implementation.
    static func reference(start: [Float], values: [[Float]], decay: Double) -> [Double] {
        var a = start.map(Double.init)
        for (t, v) in values.enumerated() {
            let d = min(decay, Double(1 + t) / Double(10 + t))
            a = zip(a, v).map { d * $0 + (1 - d) * Double($1) }
        }
        return a
    }

    @Test func updateIsTheWarmedUpExponentialAverageOfEveryFloatTensor() throws {
        let m = DenseAndNorm()
        let startWeight = m.fc.weight.scalars, startMean = m.bn.runningMean.scalars
        let ema = try ExponentialMovingAverage(of: m, decay: 0.5)
        var weights: [[Float]] = [], means: [[Float]] = []
        for step in 0..<12 {
            // New live values, as an optimizer step and a BatchNorm forward pass would leave them.
            let w = (0..<4).map { Float($0) - 1.5 + Float(step) * 0.25 }
            let mean = [Float(step), -2 * Float(step)]
            try m.fc.weight.assign(Tensor(shape: [2, 2], values: w))
            try m.bn.runningMean.assign(Tensor(shape: [2], values: mean))
            m.bn.numBatchesTracked.pointer[0] = Float(step + 1)
            weights.append(w)
            means.append(mean)
            let expectedDecay = min(0.5, Float(1 + step) / Float(10 + step))
            #expect(abs(ema.currentDecay - expectedDecay) < 1e-7)
            try ema.update(from: m)
        }
        #expect(ema.updates == 12 && ema.currentDecay == 0.5)
        let w = Self.reference(start: startWeight, values: weights, decay: 0.5)
        for (a, b) in zip(ema.state["fc.weight"]!.scalars, w) { #expect(abs(Double(a) - b) < 1e-5) }
        let mean = Self.reference(start: startMean, values: means, decay: 0.5)
        for (a, b) in zip(ema.state["bn.running_mean"]!.scalars, mean) { #expect(abs(Double(a) - b) < 1e-5) }
        // Unchanged tensors stay put (running variance was 1 throughout); the counter is copied, not averaged.
        #expect(ema.state["bn.running_var"]!.scalars == [1, 1])
        #expect(ema.state["bn.num_batches_tracked"]!.scalars == [12])
        // The average is a snapshot: the live tensors were not touched by it.
        #expect(m.fc.weight.scalars == weights.last!)
    }

    @Test func firstUpdateMostlyFollowsTheLiveWeights() throws {
        let m = DenseAndNorm()
        let start = m.fc.weight.scalars
        let ema = try ExponentialMovingAverage(of: m, decay: 0.999)
        try m.fc.weight.assign(Tensor.zeros([2, 2]))
        try ema.update(from: m)
        // d = min(0.999, 1/10) = 0.1.
        for (a, s) in zip(ema.state["fc.weight"]!.scalars, start) { #expect(abs(a - 0.1 * s) < 1e-7) }
    }

    @Test func swapInEvaluatesTheAverageAndSwapOutRestoresTheLiveWeights() throws {
        let m = DenseAndNorm()
        let ema = try ExponentialMovingAverage(of: m, decay: 0.9)
        let averaged = m.fc.weight.scalars
        try m.fc.weight.assign(Tensor(shape: [2, 2], values: [9, 8, 7, 6]))
        try ema.swapIn(m)
        #expect(m.fc.weight.scalars == averaged)
        #expect(throws: NNError.self) { try ema.swapIn(m) }
        #expect(throws: NNError.self) { try ema.update(from: m) }
        try ema.swapOut(m)
        #expect(m.fc.weight.scalars == [9, 8, 7, 6])
        #expect(throws: NNError.self) { try ema.swapOut(m) }
    }

    @Test func decayOutsideTheOpenUnitIntervalIsRefused() {
        for bad: Float in [0, 1, -0.5, 1.5, .nan, .infinity] {
            #expect(throws: NNError.self) { try ExponentialMovingAverage(of: DenseAndNorm(), decay: bad) }
        }
    }
}
