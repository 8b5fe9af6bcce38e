import GalenTensor

/// Updates parameters from their gradients, PyTorch style:
/// `loss.backward(); optimizer.step(); optimizer.zeroGrad()`.
///
/// Parameters without a gradient are skipped. Per-parameter state (moments,
/// momentum buffers) is kept by index in `parameters`.
open class Optimizer {
    /// The tensors updated in place.
    public let parameters: [Tensor]
    /// Current learning rate; schedules change it between steps.
    public var learningRate: Float
    /// Steps taken so far.
    public private(set) var stepCount = 0

    /// - Parameters:
    ///   - parameters: tensors to update (typically `model.parameters`).
    ///   - learningRate: step size.
    public init(_ parameters: [Tensor], learningRate: Float) {
        self.parameters = parameters
        self.learningRate = learningRate
    }

    /// Applies one update to every parameter that has a gradient.
    public func step() {
        stepCount += 1
        for (i, p) in parameters.enumerated() {
            guard let g = p.grad else { continue }
            update(index: i, parameter: p.pointer, gradient: g.pointer, count: p.count)
        }
    }

    /// The update rule for one parameter (override in subclasses).
    /// - Parameters:
    ///   - index: position of the parameter in `parameters` (key for state).
    ///   - parameter: values to update in place.
    ///   - gradient: its gradient, same count.
    open func update(index: Int, parameter: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>, count: Int) {
        preconditionFailure("\(type(of: self)) must override update(index:parameter:gradient:count:)")
    }

    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.grad = nil } }

    /// Per-parameter state buffers, created zeroed on first use.
    final class StateBuffers {
        private var buffers: [[Float]?]
        init(_ n: Int) { buffers = [[Float]?](repeating: nil, count: n) }
        func with(_ i: Int, count: Int, _ body: (UnsafeMutablePointer<Float>) -> Void) {
            if buffers[i] == nil { buffers[i] = [Float](repeating: 0, count: count) }
            buffers[i]!.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        }
        var isEmpty: Bool { buffers.allSatisfy { $0 == nil } }
    }
}
