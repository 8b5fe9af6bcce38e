import Foundation
import Testing
@testable import GalenNN
import GalenTensor

@Suite struct OptimizerTests {
    /// Minimises (p − 3)² from p = 0 and returns the final p.
    func minimise(_ make: ([Tensor]) -> Optimizer, steps: Int = 300) throws -> Float {
        let p = Tensor.zeros([1]).requiringGrad()
        let opt = make([p])
        for _ in 0..<steps {
            opt.zeroGrad()
            try ((p - 3).pow(2)).sum().backward()
            opt.step()
        }
        return p.scalars[0]
    }

    @Test func everyOptimizerConverges() throws {
        #expect(abs(try minimise { SGD($0, learningRate: 0.1) } - 3) < 1e-3)
        #expect(abs(try minimise { SGD($0, learningRate: 0.05, momentum: 0.9, nesterov: true) } - 3) < 1e-3)
        #expect(abs(try minimise { Adam($0, learningRate: 0.1) } - 3) < 1e-2)
        #expect(abs(try minimise { AdamW($0, learningRate: 0.1, weightDecay: 0) } - 3) < 1e-2)
        #expect(abs(try minimise({ RMSprop($0, learningRate: 0.01) }, steps: 1000) - 3) < 2e-2)
    }

    @Test func parametersWithoutGradientsAreSkipped() {
        let p = Tensor.ones([2]).requiringGrad()
        let opt = Adam([p])
        opt.step()
        #expect(p.scalars == [1, 1])
    }

    @Test func clipGradNormScalesGlobally() {
        let a = Tensor.zeros([2]).requiringGrad(), b = Tensor.zeros([1]).requiringGrad()
        a.grad = Tensor([3, 0]); b.grad = Tensor([4])
        let norm = clipGradNorm([a, b], maxNorm: 1)
        #expect(abs(norm - 5) < 1e-6)
        #expect(abs(a.grad!.scalars[0] - 0.6) < 1e-5 && abs(b.grad!.scalars[0] - 0.8) < 1e-5)
        #expect(abs(clipGradNorm([a, b], maxNorm: 10) - 1) < 1e-4)
        #expect(abs(a.grad!.scalars[0] - 0.6) < 1e-5)
    }

    @Test func schedules() {
        let p = Tensor.zeros([1]).requiringGrad()
        let opt = SGD([p], learningRate: 1)
        let step = StepLR(opt, stepSize: 2, gamma: 0.5)
        var lrs: [Float] = []
        for _ in 0..<5 { step.step(metric: nil); lrs.append(opt.learningRate) }
        #expect(lrs == [1, 0.5, 0.5, 0.25, 0.25])

        let opt2 = SGD([p], learningRate: 1)
        let cos = CosineAnnealingLR(opt2, period: 4, minimum: 0)
        var c: [Float] = []
        for _ in 0..<4 { cos.step(metric: nil); c.append(opt2.learningRate) }
        #expect(abs(c[1] - 0.5) < 1e-6 && abs(c[3]) < 1e-6)

        let opt3 = SGD([p], learningRate: 1)
        let plateau = ReduceLROnPlateau(opt3, factor: 0.1, patience: 2)
        for v: Float in [1, 0.5, 0.6, 0.6, 0.6] { plateau.step(metric: v) }
        #expect(abs(opt3.learningRate - 0.1) < 1e-7)
    }
}
