import Foundation
import GalenTensor

/// A loss: a scalar from predictions and targets, mean-reduced as in PyTorch.
public protocol Loss {
    /// Name used in logs ("bce", "cross_entropy", …).
    var name: String { get }
    /// The mean loss as a scalar tensor.
    /// - Throws: `NNError.loss` when the shapes do not fit or targets are invalid.
    func callAsFunction(_ prediction: Tensor, _ target: Tensor) throws -> Tensor
}

private func sameShape(_ p: Tensor, _ t: Tensor, _ name: String) throws {
    guard p.shape == t.shape else {
        throw NNError.loss("\(name): prediction \(p.shape) and target \(t.shape) must have the same shape")
    }
}

/// Mean squared error, mean((p − t)²).
public struct MSELoss: Loss {
    public let name = "mse"
    public init() {}
    public func callAsFunction(_ p: Tensor, _ t: Tensor) throws -> Tensor {
        try sameShape(p, t, name)
        let d = try p - t
        return try (d * d).mean()
    }
}

/// Mean absolute error, mean(|p − t|).
public struct L1Loss: Loss {
    public let name = "l1"
    public init() {}
    public func callAsFunction(_ p: Tensor, _ t: Tensor) throws -> Tensor {
        try sameShape(p, t, name)
        return try (p - t).abs().mean()
    }
}

/// Binary cross-entropy on logits (PyTorch's `BCEWithLogitsLoss`), computed
/// stably as (1 − y)·x + (1 + (w − 1)·y)·softplus(−x), with `posWeight` w
/// scaling the positive term (useful for rare positives).
public struct BCEWithLogitsLoss: Loss {
    public let name = "bce"
    /// Weight of positive examples (1 = unweighted).
    public let posWeight: Float

    public init(posWeight: Float = 1) { self.posWeight = posWeight }

    public func callAsFunction(_ logits: Tensor, _ target: Tensor) throws -> Tensor {
        try sameShape(logits, target, name)
        guard logits.count > 0 else { throw NNError.loss("bce: empty batch") }
        let n = logits.count
        let px = logits.pointer, py = target.pointer
        let w = posWeight
        var total: Double = 0
        for i in 0..<n {
            let x = px[i], y = py[i]
            total += Double((1 - y) * x + (1 + (w - 1) * y) * Tensor.softplus(-x))
        }
        let out = Tensor(scalar: Float(total / Double(n)))
        guard logits.requiresGrad && GradMode.isEnabled else { return out }
        return out.recordingGradient("bce", inputs: [logits]) { g in
            let px = logits.pointer, py = target.pointer  // the closure holds both tensors
            let scale = g.pointer[0] / Float(n)
            let res = Tensor.zeros(logits.shape)
            let pr = res.pointer
            for i in 0..<n {
                let x = px[i], y = py[i]
                pr[i] = scale * ((1 - y) + (1 + (w - 1) * y) * (Tensor.sigmoid(x) - 1))
            }
            return [res]
        }
    }
}

/// Cross-entropy on logits `[N, C]` with class indices `[N]` (stored as
/// Float), PyTorch's `CrossEntropyLoss` with optional class `weight` `[C]` and
/// `labelSmoothing` ε: (1 − ε)·NLL + ε/C·Σ_c −w_c·log p_c, mean-reduced by the
/// sum of the targets' weights.
public struct CrossEntropyLoss: Loss {
    public let name = "cross_entropy"
    /// Per-class weights, or nil for equal weights.
    public let weight: [Float]?
    /// Label smoothing in [0, 1).
    public let labelSmoothing: Float

    public init(weight: [Float]? = nil, labelSmoothing: Float = 0) {
        self.weight = weight
        self.labelSmoothing = labelSmoothing
    }

    public func callAsFunction(_ logits: Tensor, _ target: Tensor) throws -> Tensor {
        guard logits.rank == 2 else { throw NNError.loss("cross_entropy: logits must be [N, C], got \(logits.shape)") }
        let n = logits.shape[0], c = logits.shape[1]
        guard n > 0 else { throw NNError.loss("cross_entropy: empty batch") }
        guard target.count == n, target.rank <= 2 else {
            throw NNError.loss("cross_entropy: targets \(target.shape) must hold one class index per row of logits \(logits.shape)")
        }
        if let weight, weight.count != c {
            throw NNError.loss("cross_entropy: \(weight.count) class weights for \(c) classes")
        }
        guard labelSmoothing >= 0 && labelSmoothing < 1 else {
            throw NNError.loss("cross_entropy: label smoothing must be in [0, 1), got \(labelSmoothing)")
        }
        var classes = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let v = target.pointer[i]
            guard v.isFinite, v == v.rounded(), v >= 0, Int(v) < c else {
                throw NNError.loss("cross_entropy: target \(v) in row \(i) is not a class index in 0..<\(c)")
            }
            classes[i] = Int(v)
        }
        let logp = withNoGrad { try! logits.logSoftmax(axis: 1) }
        let w = weight ?? [Float](repeating: 1, count: c)
        let wSum = w.reduce(0, +)
        let eps = labelSmoothing
        var denom: Double = 0, nll: Double = 0, smooth: Double = 0
        let lp = logp.pointer
        for i in 0..<n {
            let a = Double(w[classes[i]])
            denom += a
            nll -= a * Double(lp[i * c + classes[i]])
            if eps > 0 { for k in 0..<c { smooth -= Double(w[k]) * Double(lp[i * c + k]) } }
        }
        guard denom > 0 else { throw NNError.loss("cross_entropy: the targets' class weights sum to 0") }
        let value = (1 - Double(eps)) * nll / denom + Double(eps) / Double(c) * smooth / denom
        let out = Tensor(scalar: Float(value))
        guard logits.requiresGrad && GradMode.isEnabled else { return out }
        let d = Float(denom)
        return out.recordingGradient("cross_entropy", inputs: [logits]) { g in
            let lp = logp.pointer  // the closure holds logp
            let scale = g.pointer[0]
            let res = Tensor.uninitialized(logits.shape)
            let pr = res.pointer
            for i in 0..<n {
                let a = w[classes[i]]
                for k in 0..<c {
                    let p = expf(lp[i * c + k])
                    var v = (1 - eps) * a / d * (p - (k == classes[i] ? 1 : 0))
                    if eps > 0 { v += eps / (Float(c) * d) * (wSum * p - w[k]) }
                    pr[i * c + k] = scale * v
                }
            }
            return [res]
        }
    }
}
