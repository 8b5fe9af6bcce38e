import Foundation
import Testing
@testable import GalenNN
import GalenTensor

/// Finite-difference checks of the fused losses (PyTorch values are in TorchParityTests).
@Suite struct LossTests {
    func numericGrad(_ f: (Tensor) throws -> Float, _ x: Tensor, eps: Float = 1e-2) rethrows -> [Float] {
        var g = [Float](repeating: 0, count: x.count)
        for i in 0..<x.count {
            let v = x.pointer[i]
            x.pointer[i] = v + eps; let up = try f(x)
            x.pointer[i] = v - eps; let down = try f(x)
            x.pointer[i] = v
            g[i] = (up - down) / (2 * eps)
        }
        return g
    }

    func check(_ loss: Loss, _ logits: Tensor, _ target: Tensor) throws {
        let x = logits.copy().requiringGrad()
        try loss(x, target).backward()
        let numeric = try numericGrad({ try loss($0.detached(), target).item() }, logits.copy())
        for (a, n) in zip(x.grad!.scalars, numeric) { #expect(abs(a - n) < 2e-3, "\(loss.name): \(a) vs \(n)") }
    }

    @Test func bceGradients() throws {
        let z = Tensor.randn([6, 1], seed: 3)
        let y = try Tensor(shape: [6, 1], values: [1, 0, 1, 1, 0, 0])
        try check(BCEWithLogitsLoss(), z, y)
        try check(BCEWithLogitsLoss(posWeight: 3), z, y)
    }

    @Test func bceIsStableForLargeLogits() throws {
        let z = try Tensor(shape: [2], values: [1000, -1000])
        let y = try Tensor(shape: [2], values: [0, 1])
        let l = try BCEWithLogitsLoss()(z, y).item()
        #expect(abs(l - 1000) < 1e-3)
    }

    @Test func crossEntropyGradients() throws {
        let z = Tensor.randn([5, 4], seed: 4)
        let t = try Tensor(shape: [5], values: [0, 3, 1, 1, 2])
        try check(CrossEntropyLoss(), z, t)
        try check(CrossEntropyLoss(weight: [1, 2, 0.5, 3], labelSmoothing: 0.1), z, t)
    }

    @Test func regressionLossesAndErrors() throws {
        let p = try Tensor(shape: [3], values: [1, 2, 3]), t = try Tensor(shape: [3], values: [1, 0, 6])
        #expect(abs(try MSELoss()(p, t).item() - 13.0 / 3) < 1e-6)
        #expect(abs(try L1Loss()(p, t).item() - 5.0 / 3) < 1e-6)
        #expect(throws: NNError.self) { try MSELoss()(p, Tensor.zeros([4])) }
        #expect(throws: NNError.self) { try CrossEntropyLoss()(Tensor.zeros([2, 3]), try Tensor(shape: [2], values: [0, 3])) }
        #expect(throws: NNError.self) { try CrossEntropyLoss()(Tensor.zeros([2, 3]), try Tensor(shape: [2], values: [0, 0.5])) }
        #expect(throws: NNError.self) { try CrossEntropyLoss(weight: [1, 2])(Tensor.zeros([2, 3]), Tensor.zeros([2])) }
    }
}
