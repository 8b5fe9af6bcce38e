import Foundation
import GalenTensor

/// Scales all gradients together so that their global L2 norm is at most
/// `maxNorm` (PyTorch's `clip_grad_norm_`). Returns the norm before clipping.
/// Parameters without a gradient are ignored.
@discardableResult
public func clipGradNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    var total: Double = 0
    for p in parameters {
        guard let g = p.grad else { continue }
        let q = g.pointer
        for i in 0..<g.count { total += Double(q[i]) * Double(q[i]) }
    }
    let norm = Float(total.squareRoot())
    let coef = maxNorm / (norm + 1e-6)
    if coef < 1 {
        for p in parameters {
            guard let g = p.grad else { continue }
            let q = g.pointer
            for i in 0..<g.count { q[i] *= coef }
        }
    }
    return norm
}
