import Foundation

/// One recorded operation: its inputs and how to turn the gradient of its
/// output into gradients of its inputs (same shapes as the inputs; nil where an
/// input needs none).
final class GradNode {
    let name: String
    let inputs: [Tensor]
    let backward: (Tensor) -> [Tensor?]

    init(name: String, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
    }
}

private let visitCounter = VisitCounter()
private final class VisitCounter: @unchecked Sendable {
    private var value: UInt64 = 0
    private let lock = NSLock()
    func next() -> UInt64 { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}

extension Tensor {
    /// True when an operation on `inputs` must record the graph.
    @inlinable static func needsGrad(_ a: Tensor) -> Bool {
        a.requiresGrad && GradMode.isEnabled
    }

    @inlinable static func needsGrad(_ a: Tensor, _ b: Tensor) -> Bool {
        (a.requiresGrad || b.requiresGrad) && GradMode.isEnabled
    }

    static func needsGrad(_ inputs: [Tensor]) -> Bool {
        GradMode.isEnabled && inputs.contains { $0.requiresGrad }
    }

    /// Records that `self` was computed from `inputs` by `name`.
    @discardableResult
    func recording(_ name: String, _ inputs: [Tensor], _ backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        requiresGrad = true
        node = GradNode(name: name, inputs: inputs, backward: backward)
        return self
    }

    /// Computes gradients of this tensor with respect to every leaf that
    /// requires them, adding into their `grad` (PyTorch's `loss.backward()`).
    ///
    /// - Parameters:
    ///   - gradient: the gradient of some scalar with respect to this tensor;
    ///     may be omitted for a one-element tensor (it is then 1).
    ///   - retainGraph: keep the recorded graph so that `backward` can run again.
    /// - Throws: `TensorError.autograd` if this tensor does not require gradients,
    ///   or is not a scalar and no gradient is given, or the graph it depends on was
    ///   freed by an earlier `backward()` without `retainGraph`; `.shapeMismatch` if
    ///   `gradient` has the wrong shape.
    public func backward(_ gradient: Tensor? = nil, retainGraph: Bool = false) throws {
        guard requiresGrad else {
            throw TensorError.autograd("tensor of shape \(shape) does not require gradients; "
                + "set requiresGrad on the parameters and compute it outside withNoGrad")
        }
        let seed: Tensor
        if let g = gradient {
            guard g.shape == shape else {
                throw TensorError.shapeMismatch(op: "backward", shapes: [shape, g.shape], detail: "gradient must have the tensor's shape")
            }
            seed = g
        } else {
            guard count == 1 else {
                throw TensorError.autograd("tensor of shape \(shape) is not a scalar: pass the gradient explicitly")
            }
            seed = Tensor.ones(shape)
        }
        guard node != nil else {
            if graphFreed { throw TensorError.autograd(Tensor.freedMessage(shape)) }
            accumulateLeafGrad(seed)
            return
        }

        // Post-order depth-first walk over tensors with a node, without recursion.
        let mark = visitCounter.next()
        var order: [Tensor] = []
        var stack: [(Tensor, Int)] = [(self, 0)]
        visitMark = mark
        while let (t, i) = stack.last {
            let inputs = t.node!.inputs
            if i < inputs.count {
                stack[stack.count - 1].1 = i + 1
                let child = inputs[i]
                if child.node != nil, child.requiresGrad, child.visitMark != mark {
                    child.visitMark = mark
                    stack.append((child, 0))
                } else if child.graphFreed, child.requiresGrad {
                    // Checked before any gradient is written, so a failed call changes nothing.
                    throw TensorError.autograd(Tensor.freedMessage(child.shape))
                }
            } else {
                order.append(t)
                stack.removeLast()
            }
        }

        pendingGrad = seed
        // Popped one at a time so that an intermediate tensor (an activation) is released as soon as its
        // node has run, not kept until the whole walk ends (peak memory of training).
        while let t = order.popLast() {
            guard let node = t.node, let g = t.pendingGrad else { continue }
            t.pendingGrad = nil
            let grads = node.backward(g)
            for (input, grad) in zip(node.inputs, grads) {
                guard let grad, input.requiresGrad else { continue }
                if input.node != nil {
                    if let existing = input.pendingGrad {
                        input.pendingGrad = Kernels.add(existing, grad)
                    } else {
                        input.pendingGrad = grad
                    }
                } else {
                    input.accumulateLeafGrad(grad)
                }
            }
            if !retainGraph && t !== self { t.node = nil; t.graphFreed = true }
        }
        if !retainGraph { node = nil; graphFreed = true }
    }

    static func freedMessage(_ shape: [Int]) -> String {
        "the graph through a tensor of shape \(shape) was freed by an earlier backward(); "
            + "pass retainGraph: true to the earlier call to backpropagate through it again"
    }

    /// Adds `g` into `grad`, copying on first use so that no two leaves share a gradient buffer.
    func accumulateLeafGrad(_ g: Tensor) {
        if let existing = grad {
            let p = existing.pointer, q = g.pointer
            for i in 0..<existing.count { p[i] += q[i] }
        } else {
            grad = g.copy()
        }
    }
}
