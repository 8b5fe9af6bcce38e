import Testing
@testable import GalenNN
import GalenTensor

/// `Sequential` runs Conv2D + ReLU and BatchNorm2D + ReLU as fused operations: the same outputs, gradients and
/// running statistics, bit for bit, as running each layer on its own.
@Suite struct FusedLayerTests {
    @Test func sequentialFusionEqualsLayerByLayer() throws {
        let model = Sequential {
            Conv2D(2, 4, kernelSize: 3, padding: .same, seed: 1); ReLU()
            BatchNorm2D(4); ReLU(); MaxPool2D(2)
            Conv2D(4, 3, kernelSize: 2, stride: 2, bias: false, seed: 2); ReLU()
            Flatten()
            Dense(12, 1, seed: 3)
        }
        let x = Tensor.randn([3, 2, 9, 8], seed: 5)
        let weighting = Tensor.randn([3, 1], seed: 6)
        func gradients() -> [[Float]] { model.parameters.map { $0.grad?.scalars ?? [] } }
        for training in [true, false] {
            if training { model.train() } else { model.eval() }
            let bn = model.layers[2] as! BatchNorm2D
            let before = (bn.runningMean.scalars, bn.runningVar.scalars)
            // Layer by layer, each ReLU on its own.
            for p in model.parameters { p.grad = nil }
            var h = x
            for layer in model.layers { h = try layer.forward(h) }
            try (h * weighting).sum().backward()
            let separate = (h.scalars, gradients(), bn.runningMean.scalars, bn.runningVar.scalars)
            // Fused, from the same running statistics.
            bn.runningMean.pointer.update(from: before.0, count: before.0.count)
            bn.runningVar.pointer.update(from: before.1, count: before.1.count)
            for p in model.parameters { p.grad = nil }
            let y = try model(x)
            try (y * weighting).sum().backward()
            #expect(y.scalars == separate.0, "outputs (training \(training))")
            #expect(gradients() == separate.1, "gradients (training \(training))")
            #expect(bn.runningMean.scalars == separate.2 && bn.runningVar.scalars == separate.3)
        }
    }
}
