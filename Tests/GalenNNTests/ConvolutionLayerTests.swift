import Testing
@testable import GalenNN
import GalenTensor

@Suite struct ConvolutionLayerTests {
    @Test func conv2dLayerShapesNamesAndPadding() throws {
        let same = Conv2D(1, 32, kernelSize: 3, padding: .same, seed: 1)
        #expect(try same(Tensor.zeros([2, 1, 28, 28])).shape == [2, 32, 28, 28])
        let valid = Conv2D(32, 64, kernelSize: 3, seed: 2)
        #expect(try valid(Tensor.zeros([1, 32, 13, 13])).shape == [1, 64, 11, 11])
        #expect(Set(valid.stateDict().keys) == ["weight", "bias"])
        let bound = 1 / Float(32 * 9).squareRoot()
        #expect(valid.weight.scalars.allSatisfy { abs($0) <= bound })
        #expect(throws: NNError.self) { try valid(Tensor.zeros([1, 3, 13, 13])) }
        #expect(throws: NNError.self) { try valid(Tensor.zeros([1, 32, 2, 2])) }
    }

    /// The first seed CNN of the issue (28×28 grey → conv 32 → pool → conv 64 → pool → conv 64 → dense 64 → 1)
    /// learns a toy task end to end through `fit`.
    @Test func seedCNNTrainsEndToEnd() throws {
        let n = 64
        let x = Tensor.zeros([n, 1, 12, 12]), y = Tensor.zeros([n, 1])
        var g = SeededGenerator(seed: 3)
        for i in 0..<n {
            let bright = i % 2 == 0
            for j in 0..<144 { x.pointer[i * 144 + j] = (bright && (j / 12) < 6 ? 1 : 0) + 0.1 * g.nextNormal() }
            y.pointer[i] = bright ? 1 : 0
        }
        let model = Sequential {
            Conv2D(1, 8, kernelSize: 3, padding: .same, seed: 1); ReLU(); MaxPool2D(2)
            Conv2D(8, 8, kernelSize: 3, seed: 2); ReLU(); BatchNorm2D(8); GlobalAvgPool2D()
            Dense(8, 1, seed: 3)
        }
        let h = try model.fit(x, y, loss: BCEWithLogitsLoss(), optimizer: Adam(model.parameters, learningRate: 0.01),
                              epochs: 15, batchSize: 16, metrics: [.accuracy], verbose: .silent)
        #expect(h["accuracy"].last! > 0.95)
    }

    @Test func batchNormTrainsAndEvaluatesLikePyTorch() throws {
        let bn = BatchNorm2D(2)
        let x = randnLike([4, 2, 3, 3], seed: 5)
        let y = try bn(x)
        // Training mode: each channel of the output has mean 0 and (biased) variance ≈ 1.
        for c in 0..<2 {
            var vals: [Float] = []
            for n in 0..<4 { for j in 0..<9 { vals.append(y.pointer[(n * 2 + c) * 9 + j]) } }
            let mean = vals.reduce(0, +) / Float(vals.count)
            let v = vals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(vals.count)
            #expect(abs(mean) < 1e-5 && abs(v - 1) < 1e-3)
            // Running mean moved 10% toward the batch mean; running variance uses the unbiased estimate.
            var xs: [Float] = []
            for n in 0..<4 { for j in 0..<9 { xs.append(x.pointer[(n * 2 + c) * 9 + j]) } }
            let xm = xs.reduce(0, +) / 36
            let xv = xs.map { ($0 - xm) * ($0 - xm) }.reduce(0, +) / 35
            #expect(abs(bn.runningMean.scalars[c] - 0.1 * xm) < 1e-5)
            #expect(abs(bn.runningVar.scalars[c] - (0.9 + 0.1 * xv)) < 1e-5)
        }
        #expect(Set(bn.stateDict().keys) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
        #expect(bn.numBatchesTracked.shape == [] && bn.numBatchesTracked.scalars == [1])
        #expect(bn.parameters.count == 2)
        bn.eval()
        let e = try bn(x)
        let expected = (x.pointer[0] - bn.runningMean.scalars[0]) / (bn.runningVar.scalars[0] + 1e-5).squareRoot()
        #expect(abs(e.pointer[0] - expected) < 1e-5)
    }

    @Test func spatialDropoutDropsWholeChannels() throws {
        let d = SpatialDropout2D(0.5, seed: 2)
        let y = try d(Tensor.ones([4, 8, 3, 3]))
        for plane in 0..<32 {
            let vals = Set((0..<9).map { y.pointer[plane * 9 + $0] })
            #expect(vals == [0] || vals == [2])
        }
        d.eval()
        #expect(try d(Tensor.ones([1, 2, 2, 2])).scalars == [Float](repeating: 1, count: 8))
    }

    func randnLike(_ shape: [Int], seed: UInt64) -> Tensor { Tensor.randn(shape, seed: seed) }
}
