import Testing
@testable import GalenNN
import GalenTensor

/// Conv2D → BatchNorm2D (→ ReLU) with the batch norm folded into the convolution at inference (evaluation
/// mode, gradients off) against the two layers run in turn.
@Suite struct BatchNormFoldingTests {
    /// A model whose batch norms have non-trivial scale, shift and running statistics.
    static func model() throws -> Sequential {
        let m = Sequential {
            Conv2D(3, 8, kernelSize: 3, padding: .same, bias: false, seed: 1); BatchNorm2D(8); ReLU(); MaxPool2D(2)
            Conv2D(8, 5, kernelSize: 3, seed: 2); BatchNorm2D(5)
            Flatten()
        }
        var g = SeededGenerator(seed: 3)
        for case let bn as BatchNorm2D in m.layers {
            for t in [bn.weight, bn.bias, bn.runningMean] {
                for i in 0..<t.count { t.pointer[i] = g.nextUnitFloat() * 2 - 1 }
            }
            for i in 0..<bn.runningVar.count { bn.runningVar.pointer[i] = 0.2 + g.nextUnitFloat() }
        }
        return m
    }

    @Test func foldedEqualsLayerByLayer() throws {
        let m = try Self.model()
        m.eval()
        let x = Tensor.randn([4, 3, 10, 10], seed: 4)
        // With gradients on, the layers run in turn (nothing folded); by hand, layer by layer, the same.
        var h = x
        for layer in m.layers { h = try layer(h) }
        let unfolded = try m(x)
        #expect(unfolded.scalars == h.scalars)
        let folded = try withNoGrad { try m(x) }
        #expect(folded.shape == unfolded.shape)
        let diff = zip(folded.scalars, unfolded.scalars).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? .infinity
        #expect(diff <= 1e-5, "folded batch norm differs by \(diff)")
        #expect(Set(folded.scalars).count > folded.count / 2, "the outputs should vary")
    }

    @Test func trainingModeNeverFolds() throws {
        let a = try Self.model(), b = try Self.model()
        let x = Tensor.randn([4, 3, 10, 10], seed: 5)
        let ya = try withNoGrad { try a(x) }
        var h = x
        for layer in b.layers { h = try layer(h) }
        #expect(ya.scalars == h.scalars)
        // Both updated their running statistics the same way.
        let bnA = a.layers[1] as! BatchNorm2D, bnB = b.layers[1] as! BatchNorm2D
        #expect(bnA.runningMean.scalars == bnB.runningMean.scalars && bnA.numBatchesTracked.scalars == [1])
    }
}
