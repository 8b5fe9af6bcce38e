import Foundation
import GalenTensor

/// Adam (Kingma & Ba) with PyTorch's semantics and defaults (lr 1e-3,
/// betas 0.9/0.999, eps 1e-8). `weightDecay` is L2 added to the gradient; for
/// decoupled weight decay use `AdamW`.
public class Adam: Optimizer {
    public let beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float
    /// Decoupled weight decay (AdamW) instead of L2.
    let decoupled: Bool
    private let m: StateBuffers, v: StateBuffers
    private var steps: [Int]

    public init(_ parameters: [Tensor], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.weightDecay = weightDecay
        self.decoupled = false
        m = StateBuffers(parameters.count); v = StateBuffers(parameters.count)
        steps = [Int](repeating: 0, count: parameters.count)
        super.init(parameters, learningRate: learningRate)
    }

    init(_ parameters: [Tensor], learningRate: Float, beta1: Float, beta2: Float, epsilon: Float,
         weightDecay: Float, decoupled: Bool) {
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.weightDecay = weightDecay
        self.decoupled = decoupled
        m = StateBuffers(parameters.count); v = StateBuffers(parameters.count)
        steps = [Int](repeating: 0, count: parameters.count)
        super.init(parameters, learningRate: learningRate)
    }

    public override func update(index: Int, parameter p: UnsafeMutablePointer<Float>, gradient g: UnsafeMutablePointer<Float>, count n: Int) {
        steps[index] += 1
        let t = Float(steps[index])
        let b1 = beta1, b2 = beta2, eps = epsilon, lr = learningRate, wd = weightDecay
        let bc1 = 1 - powf(b1, t)
        let bc2sqrt = sqrtf(1 - powf(b2, t))
        let stepSize = lr / bc1
        if decoupled && wd != 0 {
            let shrink = 1 - lr * wd
            for i in 0..<n { p[i] *= shrink }
        }
        let l2 = decoupled ? 0 : wd
        m.with(index, count: n) { mp in
            v.with(index, count: n) { vp in
                for i in 0..<n {
                    let gi = g[i] + l2 * p[i]
                    mp[i] = b1 * mp[i] + (1 - b1) * gi
                    vp[i] = b2 * vp[i] + (1 - b2) * gi * gi
                    let denom = sqrtf(vp[i]) / bc2sqrt + eps
                    p[i] -= stepSize * mp[i] / denom
                }
            }
        }
    }
}

/// Adam with decoupled weight decay (Loshchilov & Hutter), PyTorch's `AdamW`:
/// each step first shrinks parameters by `1 − lr·weightDecay` (default 0.01).
public final class AdamW: Adam {
    public override init(_ parameters: [Tensor], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0.01) {
        super.init(parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                   weightDecay: weightDecay, decoupled: true)
    }
}
