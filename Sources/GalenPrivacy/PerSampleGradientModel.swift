import Foundation
import GalenNN
import GalenTensor

/// A network seen layer by layer so that the gradient of each row's loss can be computed for every parameter
/// in one forward and one backward pass, as Opacus's grad samplers do.
///
/// Supported: `Dense` layers on inputs of shape `[batch, features]`, the elementwise activations (`ReLU`,
/// `LeakyReLU`, `Sigmoid`, `Tanh`, `GELU`, `Softplus`), `Softmax`, `Identity`, `Flatten` and `Dropout`, in a
/// `Sequential` (nested ones are flattened) or a single `Dense`. Every one of them treats each row on its own,
/// which is what makes a per-row gradient meaningful. Anything else (batch normalisation mixes rows; other
/// parameterised layers have no grad sampler here) is refused with `DifferentialPrivacyError.unsupportedLayer`.
///
/// How: the forward pass runs with the weights held constant and records, for every `Dense` layer `k`, its
/// input `A_k` `[B, in]`; a pass-through operation after the layer keeps the gradient `Δ_k` `[B, out]` of the
/// loss with respect to the layer's output during the backward pass. Row `i`'s weight gradient is then the outer
/// product `Δ_k[i]ᵀ A_k[i]` and its bias gradient `Δ_k[i]`, so its squared norm is `‖Δ_k[i]‖² (‖A_k[i]‖² + 1)`
/// without forming the product, and the sum of clipped per-row gradients is one matrix product
/// `(c ⊙ Δ_k)ᵀ A_k`.
public final class PerSampleGradientModel {
    /// The model as given.
    public let model: Module
    /// Its layers in order, nested `Sequential`s flattened.
    let layers: [Module]
    /// The `Dense` layers in order.
    let dense: [Dense]
    /// The model's parameters in `model.parameters` order, each with its `Dense` layer index and whether it is the bias.
    let parameterSlots: [(layer: Int, isBias: Bool)]

    /// Layer types whose per-row behaviour is elementwise or row-wise (no parameters).
    static func isRowwise(_ m: Module) -> Bool {
        m is ReLU || m is LeakyReLU || m is Sigmoid || m is Tanh || m is GELU || m is Softplus || m is Softmax
            || m is Identity || m is Flatten || m is Dropout
    }

    /// Checks the model's layers and maps its parameters.
    /// - Throws: `DifferentialPrivacyError.unsupportedLayer` naming the first unsupported layer, or a parameter outside a `Dense` layer.
    public init(_ model: Module) throws {
        self.model = model
        var flat: [Module] = []
        func visit(_ m: Module, _ path: String) throws {
            if let s = m as? Sequential {
                for (i, l) in s.layers.enumerated() { try visit(l, path.isEmpty ? "\(i)" : "\(path).\(i)") }
            } else if m is Dense || Self.isRowwise(m) {
                flat.append(m)
            } else {
                throw DifferentialPrivacyError.unsupportedLayer("layer \(path.isEmpty ? "(model)" : path) is \(type(of: m)); "
                    + "DP-SGD supports Sequential stacks of Dense, ReLU, LeakyReLU, Sigmoid, Tanh, GELU, Softplus, "
                    + "Softmax, Identity, Flatten and Dropout")
            }
        }
        try visit(model, "")
        layers = flat
        dense = flat.compactMap { $0 as? Dense }
        guard !dense.isEmpty else { throw DifferentialPrivacyError.unsupportedLayer("the model has no Dense layer to train") }
        var slots: [(Int, Bool)] = []
        for (name, p) in model.namedParameters {
            if let k = dense.firstIndex(where: { $0.weight === p }) { slots.append((k, false)); continue }
            if let k = dense.firstIndex(where: { $0.bias === p }) { slots.append((k, true)); continue }
            throw DifferentialPrivacyError.unsupportedLayer("parameter '\(name)' does not belong to a Dense layer")
        }
        parameterSlots = slots
    }

    /// One batch's per-row gradient factors: each `Dense` layer's input and output gradient.
    public struct Batch {
        /// Rows in the batch.
        public let rows: Int
        /// The model's outputs for the batch (training mode).
        public let output: Tensor
        /// The batch's mean loss.
        public let loss: Float
        /// Per `Dense` layer: its input `[rows, in]`.
        let inputs: [Tensor]
        /// Per `Dense` layer: the gradient of each row's own loss with respect to the layer's output `[rows, out]`.
        let outputGradients: [[Float]]
        /// Per `Dense` layer: whether it has a bias.
        let hasBias: [Bool]
    }

    /// Forward and backward on one batch, keeping what per-row gradients need.
    ///
    /// Row `i`'s loss is the loss of that row alone: the loss must be a mean over rows of a per-row term (as
    /// `BCEWithLogitsLoss`, `MSELoss`, `L1Loss` and unweighted `CrossEntropyLoss` are), so the gradient of the
    /// batch mean times the batch size is the per-row gradient (Opacus's `loss_reduction="mean"`).
    /// - Throws: `DifferentialPrivacyError.unsupportedLoss` for class-weighted cross-entropy; `DifferentialPrivacyError.unsupportedLayer`
    ///   for a `Dense` input that is not `[batch, features]`; layer and loss errors.
    public func batch(_ x: Tensor, _ y: Tensor, loss: Loss) throws -> Batch {
        if let ce = loss as? CrossEntropyLoss, ce.weight != nil {
            throw DifferentialPrivacyError.unsupportedLoss("class-weighted cross-entropy is normalised by the batch's weights, "
                + "so it is not a sum of per-row losses; use unweighted cross-entropy")
        }
        let rows = x.shape.first ?? 0
        final class Box { var gradient: Tensor? }
        var boxes: [Box] = []
        var inputs: [Tensor] = []
        var h = x.detached().requiringGrad()
        for layer in layers {
            if let d = layer as? Dense {
                guard h.rank == 2, h.shape[1] == d.inputs else {
                    throw DifferentialPrivacyError.unsupportedLayer("Dense(\(d.inputs) → \(d.outputs)) needs inputs of shape [batch, \(d.inputs)] "
                        + "for per-sample gradients, got \(h.shape)")
                }
                inputs.append(h.detached())
                let z = try Tensor.linear(h, weight: d.weight.detached(), bias: d.bias?.detached())
                let box = Box()
                boxes.append(box)
                h = z.detached().recordingGradient("per_sample_tap", inputs: [z]) { g in
                    box.gradient = g.copy()
                    return [g]
                }
            } else {
                h = try layer(h)
            }
        }
        let l = try loss(h, y)
        let value = try l.item()
        try l.backward()
        let scale = Float(rows)
        var grads: [[Float]] = []
        for (k, box) in boxes.enumerated() {
            let n = rows * dense[k].outputs
            var out = [Float](repeating: 0, count: n)
            if let g = box.gradient {
                let p = g.pointer
                out.withUnsafeMutableBufferPointer { o in for i in 0..<n { o[i] = p[i] * scale } }
            }
            grads.append(out)
        }
        return Batch(rows: rows, output: h.detached(), loss: value, inputs: inputs, outputGradients: grads,
                     hasBias: dense.map { $0.bias != nil })
    }

    /// The L2 norm of each row's gradient over all parameters, `[rows]`.
    public func perSampleNorms(_ b: Batch) -> [Float] {
        var squared = [Double](repeating: 0, count: b.rows)
        for k in dense.indices {
            let d = dense[k]
            let a = b.inputs[k].pointer
            b.outputGradients[k].withUnsafeBufferPointer { g in
                for i in 0..<b.rows {
                    var gg: Double = 0, aa: Double = 0
                    for o in 0..<d.outputs { gg += Double(g[i * d.outputs + o]) * Double(g[i * d.outputs + o]) }
                    for j in 0..<d.inputs { aa += Double(a[i * d.inputs + j]) * Double(a[i * d.inputs + j]) }
                    squared[i] += gg * (aa + (b.hasBias[k] ? 1 : 0))
                }
            }
        }
        return squared.map { Float($0.squareRoot()) }
    }

    /// Row `sample`'s gradient of every parameter, in `model.parameters` order, formed explicitly
    /// (for checks; training never forms per-row gradients).
    public func perSampleGradient(_ b: Batch, sample i: Int) -> [Tensor] {
        parameterSlots.map { slot in
            let d = dense[slot.layer]
            let g = b.outputGradients[slot.layer]
            if slot.isBias {
                let t = Tensor.zeros([d.outputs])
                for o in 0..<d.outputs { t.pointer[o] = g[i * d.outputs + o] }
                return t
            }
            let t = Tensor.zeros([d.outputs, d.inputs])
            let a = b.inputs[slot.layer].pointer, p = t.pointer
            for o in 0..<d.outputs {
                let go = g[i * d.outputs + o]
                for j in 0..<d.inputs { p[o * d.inputs + j] = go * a[i * d.inputs + j] }
            }
            return t
        }
    }

    /// Σᵢ cᵢ·gᵢ, the per-row gradients weighted by `factors` (one per row) and summed, for every parameter in
    /// `model.parameters` order: one matrix product per `Dense` weight.
    public func weightedSum(_ b: Batch, factors: [Float]) -> [Tensor] {
        precondition(factors.count == b.rows, "one factor per row")
        var scaled: [[Float]] = []
        for k in dense.indices {
            let width = dense[k].outputs
            var s = b.outputGradients[k]
            s.withUnsafeMutableBufferPointer { p in
                for i in 0..<b.rows { for o in 0..<width { p[i * width + o] *= factors[i] } }
            }
            scaled.append(s)
        }
        return parameterSlots.map { slot in
            let d = dense[slot.layer]
            if slot.isBias {
                let t = Tensor.zeros([d.outputs])
                let p = t.pointer
                scaled[slot.layer].withUnsafeBufferPointer { s in
                    for i in 0..<b.rows { for o in 0..<d.outputs { p[o] += s[i * d.outputs + o] } }
                }
                return t
            }
            let t = Tensor.zeros([d.outputs, d.inputs])
            if b.rows > 0 {
                scaled[slot.layer].withUnsafeBufferPointer { s in
                    // [out, in] = sᵀ [out, B] · A [B, in]
                    BLAS.sgemm(transA: true, transB: false, m: d.outputs, n: d.inputs, k: b.rows,
                               a: s.baseAddress!, lda: d.outputs, b: b.inputs[slot.layer].pointer, ldb: d.inputs,
                               c: t.pointer, ldc: d.inputs)
                }
            }
            return t
        }
    }
}
