import Foundation
import GalenTensor

/// RMSprop with PyTorch's semantics and defaults (lr 0.01, alpha 0.99,
/// eps 1e-8), optional momentum and the centred variant.
public final class RMSprop: Optimizer {
    public let alpha: Float, epsilon: Float, weightDecay: Float, momentum: Float, centered: Bool
    private let square: StateBuffers, mean: StateBuffers, buffer: StateBuffers

    public init(_ parameters: [Tensor], learningRate: Float = 0.01, alpha: Float = 0.99, epsilon: Float = 1e-8,
                weightDecay: Float = 0, momentum: Float = 0, centered: Bool = false) {
        self.alpha = alpha; self.epsilon = epsilon; self.weightDecay = weightDecay
        self.momentum = momentum; self.centered = centered
        square = StateBuffers(parameters.count); mean = StateBuffers(parameters.count); buffer = StateBuffers(parameters.count)
        super.init(parameters, learningRate: learningRate)
    }

    public override func update(index: Int, parameter p: UnsafeMutablePointer<Float>, gradient g: UnsafeMutablePointer<Float>, count n: Int) {
        let a = alpha, eps = epsilon, lr = learningRate, wd = weightDecay, mu = momentum
        square.with(index, count: n) { sq in
            mean.with(index, count: n) { ga in
                buffer.with(index, count: n) { buf in
                    for i in 0..<n {
                        let gi = g[i] + wd * p[i]
                        sq[i] = a * sq[i] + (1 - a) * gi * gi
                        var avg: Float
                        if centered {
                            ga[i] = a * ga[i] + (1 - a) * gi
                            avg = sqrtf(sq[i] - ga[i] * ga[i]) + eps
                        } else {
                            avg = sqrtf(sq[i]) + eps
                        }
                        if mu > 0 {
                            buf[i] = mu * buf[i] + gi / avg
                            p[i] -= lr * buf[i]
                        } else {
                            p[i] -= lr * gi / avg
                        }
                    }
                }
            }
        }
    }
}
