import GalenTensor

/// Stochastic gradient descent with PyTorch's semantics: L2 `weightDecay` added
/// to the gradient, `momentum` with `dampening` (the first step's buffer is the
/// gradient itself), and Nesterov momentum.
public final class SGD: Optimizer {
    public let momentum: Float, dampening: Float, weightDecay: Float, nesterov: Bool
    private let buffers: StateBuffers
    private var started: [Bool]

    public init(_ parameters: [Tensor], learningRate: Float = 0.01, momentum: Float = 0, dampening: Float = 0,
                weightDecay: Float = 0, nesterov: Bool = false) {
        self.momentum = momentum; self.dampening = dampening
        self.weightDecay = weightDecay; self.nesterov = nesterov
        buffers = StateBuffers(parameters.count)
        started = [Bool](repeating: false, count: parameters.count)
        super.init(parameters, learningRate: learningRate)
    }

    public override func update(index: Int, parameter p: UnsafeMutablePointer<Float>, gradient g: UnsafeMutablePointer<Float>, count n: Int) {
        let lr = learningRate, wd = weightDecay, mu = momentum, damp = dampening
        if mu == 0 {
            for i in 0..<n { p[i] -= lr * (g[i] + wd * p[i]) }
            return
        }
        let first = !started[index]
        started[index] = true
        buffers.with(index, count: n) { b in
            for i in 0..<n {
                let d = g[i] + wd * p[i]
                b[i] = first ? d : mu * b[i] + (1 - damp) * d
                p[i] -= lr * (nesterov ? d + mu * b[i] : b[i])
            }
        }
    }
}
