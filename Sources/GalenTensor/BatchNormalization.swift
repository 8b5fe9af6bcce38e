import Foundation

/// Batch normalisation of NCHW tensors per channel (PyTorch's `batch_norm`), as one fused kernel
/// with a fused gradient: no intermediate tensors are kept for the backward pass beyond the input.
extension Tensor {
    /// Normalises `x` `[N, C, H, W]` with the batch's own statistics (training mode):
    /// `y = (x − mean_c) / √(var_c + epsilon) · weight_c + bias_c`, mean and biased variance over N, H, W.
    /// - Parameters:
    ///   - weight, bias: `[C]` scale and shift.
    ///   - epsilon: added to the variance.
    ///   - relu: rectify the output in the same pass (`relu(batchNorm(x))` as one operation, its gradient
    ///     masked by the positive outputs inside the fused backward pass; no separate normalised tensor).
    /// - Returns: the output `[N, C, H, W]` and the batch mean and biased variance per channel (for running statistics).
    /// - Throws: `TensorError.shapeMismatch` naming the shapes; `.invalidArgument` for one value per channel.
    public static func batchNorm2dTraining(_ x: Tensor, weight: Tensor, bias: Tensor, epsilon: Float, relu: Bool = false) throws
        -> (output: Tensor, mean: [Float], variance: [Float]) {
        let (n, c, hw) = try batchNormShape(x, weight, bias)
        let m = n * hw
        guard m > 1 else {
            throw TensorError.invalidArgument(op: "batchNorm2d", detail: "training needs more than one value per channel, got \(x.shape)")
        }
        var mean = [Float](repeating: 0, count: c), variance = [Float](repeating: 0, count: c)
        let out = Tensor(uninitializedShape: x.shape)
        let px = x.pointer, po = out.pointer, pw = weight.pointer, pb = bias.pointer
        mean.withUnsafeMutableBufferPointer { mu in variance.withUnsafeMutableBufferPointer { va in
            Parallel.forRanges(c, costPerItem: 3 * m) { r in
                for ch in r {
                    // Per image in vector lanes (LaneSums.swift), across images in Double.
                    var total: Double = 0
                    for i in 0..<n { total += Double(Kernels.laneSum(px + (i * c + ch) * hw, count: hw)) }
                    let mu0 = Float(total / Double(m))
                    var squares: Double = 0
                    for i in 0..<n {
                        squares += Double(Kernels.laneSumOfSquares(px + (i * c + ch) * hw, count: hw, center: mu0))
                    }
                    let v = Float(squares / Double(m))
                    mu[ch] = mu0; va[ch] = v
                    let a = pw[ch] / (v + epsilon).squareRoot(), b = pb[ch] - mu0 * a
                    for i in 0..<n {
                        let row = px + (i * c + ch) * hw, dst = po + (i * c + ch) * hw
                        if relu {
                            for q in 0..<hw { let y = row[q] * a + b; dst[q] = y > 0 ? y : 0 }
                        } else {
                            for q in 0..<hw { dst[q] = row[q] * a + b }
                        }
                    }
                }
            }
        } }
        guard needsGrad([x, weight, bias]) else { return (out, mean, variance) }
        let invStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let batchMean = mean
        let rectified: Tensor? = relu ? out.detached() : nil  // the mask of the fused ReLU (no reference cycle)
        let result = out.recording(relu ? "batchNorm2dReLU" : "batchNorm2d", [x, weight, bias]) { g in
            batchNormBackward(x: x, weight: weight, bias: bias, grad: g, mean: batchMean, invStd: invStd, training: true,
                              rectified: rectified)
        }
        return (result, mean, variance)
    }

    /// Normalises `x` `[N, C, H, W]` with given statistics (evaluation mode):
    /// `y = (x − mean_c) / √(variance_c + epsilon) · weight_c + bias_c`, differentiable in `x`, `weight` and `bias`.
    /// - Parameters:
    ///   - weight, bias, mean, variance: `[C]`.
    ///   - epsilon: added to the variance.
    ///   - relu: rectify the output in the same pass (`relu(batchNorm(x))` as one operation).
    /// - Throws: `TensorError.shapeMismatch` naming the shapes.
    public static func batchNorm2d(_ x: Tensor, weight: Tensor, bias: Tensor, mean: Tensor, variance: Tensor,
                                   epsilon: Float, relu: Bool = false) throws -> Tensor {
        let (n, c, hw) = try batchNormShape(x, weight, bias)
        guard mean.shape == [c], variance.shape == [c] else {
            throw TensorError.shapeMismatch(op: "batchNorm2d", shapes: [x.shape, mean.shape, variance.shape],
                                            detail: "running mean and variance must be [\(c)]")
        }
        let meanValues = Array(UnsafeBufferPointer(start: mean.pointer, count: c))
        let invStd = (0..<c).map { 1 / (variance.pointer[$0] + epsilon).squareRoot() }
        let out = Tensor(uninitializedShape: x.shape)
        let px = x.pointer, po = out.pointer, pw = weight.pointer, pb = bias.pointer
        Parallel.forRanges(n * c, costPerItem: hw) { r in
            for plane in r {
                let ch = plane % c
                let a = pw[ch] * invStd[ch], b = pb[ch] - meanValues[ch] * a
                let row = px + plane * hw, dst = po + plane * hw
                if relu {
                    for q in 0..<hw { let y = row[q] * a + b; dst[q] = y > 0 ? y : 0 }
                } else {
                    for q in 0..<hw { dst[q] = row[q] * a + b }
                }
            }
        }
        guard needsGrad([x, weight, bias]) else { return out }
        let rectified: Tensor? = relu ? out.detached() : nil
        return out.recording(relu ? "batchNorm2dReLU" : "batchNorm2d", [x, weight, bias]) { g in
            batchNormBackward(x: x, weight: weight, bias: bias, grad: g, mean: meanValues, invStd: invStd, training: false,
                              rectified: rectified)
        }
    }

    private static func batchNormShape(_ x: Tensor, _ weight: Tensor, _ bias: Tensor) throws -> (Int, Int, Int) {
        guard x.rank == 4, weight.shape == [x.shape[1]], bias.shape == [x.shape[1]] else {
            throw TensorError.shapeMismatch(op: "batchNorm2d", shapes: [x.shape, weight.shape, bias.shape],
                                            detail: "input must be [N, C, H, W] with weight and bias [C]")
        }
        return (x.shape[0], x.shape[1], x.shape[2] * x.shape[3])
    }

    /// Gradients of batch normalisation per channel, with x̂ = (x − mean)·invStd recomputed from the input:
    /// dbias = Σg, dweight = Σg·x̂, and dx = weight·invStd·(g − Σg/m − x̂·Σg·x̂/m) in training (the statistics
    /// depend on x), dx = weight·invStd·g in evaluation. With `rectified` (the output of a fused ReLU), g is
    /// first masked to 0 where that output is not positive.
    private static func batchNormBackward(x: Tensor, weight: Tensor, bias: Tensor, grad g: Tensor,
                                          mean: [Float], invStd: [Float], training: Bool, rectified: Tensor?) -> [Tensor?] {
        let (n, c, hw) = (x.shape[0], x.shape[1], x.shape[2] * x.shape[3])
        let m = Float(n * hw)
        let gx: Tensor? = x.requiresGrad ? Tensor(uninitializedShape: x.shape) : nil
        let gw: Tensor? = weight.requiresGrad ? Tensor.zeros([c]) : nil
        let gb: Tensor? = bias.requiresGrad ? Tensor.zeros([c]) : nil
        let px = x.pointer, pg = g.pointer, pw = weight.pointer, py = rectified?.pointer
        let pgx = gx?.pointer, pgw = gw?.pointer, pgb = gb?.pointer
        Parallel.forRanges(c, costPerItem: 3 * n * hw) { r in
            for ch in r {
                let mu = mean[ch], s = invStd[ch]
                // Per image in vector lanes (LaneSums.swift), across images in Double.
                var sumG: Double = 0, sumGX: Double = 0
                for i in 0..<n {
                    let at = (i * c + ch) * hw
                    let (a, b) = Kernels.laneGradientSums(pg + at, px + at, mask: py.map { $0 + at }, count: hw, center: mu)
                    sumG += Double(a); sumGX += Double(b)
                }
                let sumXhat = Float(sumGX) * s  // Σ g·x̂
                pgb?[ch] = Float(sumG)
                pgw?[ch] = sumXhat
                guard let pgx else { continue }
                let k = pw[ch] * s
                if training {
                    let meanG = Float(sumG) / m, meanGX = sumXhat / m
                    for i in 0..<n {
                        let xr = px + (i * c + ch) * hw, gr = pg + (i * c + ch) * hw, dst = pgx + (i * c + ch) * hw
                        // Both operands of the mask's select are loaded unconditionally, so the loops vectorise.
                        let t = s * meanGX
                        if let py {
                            let yr = py + (i * c + ch) * hw
                            for q in 0..<hw {
                                let gv = gr[q], yv = yr[q]
                                let gq: Float = yv > 0 ? gv : 0
                                dst[q] = k * (gq - meanG - (xr[q] - mu) * t)
                            }
                        } else {
                            for q in 0..<hw { dst[q] = k * (gr[q] - meanG - (xr[q] - mu) * t) }
                        }
                    }
                } else {
                    for i in 0..<n {
                        let gr = pg + (i * c + ch) * hw, dst = pgx + (i * c + ch) * hw
                        if let py {
                            let yr = py + (i * c + ch) * hw
                            for q in 0..<hw { let v = k * gr[q]; dst[q] = yr[q] > 0 ? v : 0 }
                        } else {
                            for q in 0..<hw { dst[q] = k * gr[q] }
                        }
                    }
                }
            }
        }
        return [gx, gw, gb]
    }
}
