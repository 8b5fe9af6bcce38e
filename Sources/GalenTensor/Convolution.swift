import Foundation

/// 2-D convolution over NCHW tensors (PyTorch's `conv2d`), computed as im2col over blocks of
/// images followed by one BLAS product per block, or for 3×3 stride-1 kernels with enough channels by
/// Winograd's F(2×2, 3×3) (WinogradConvolution.swift), with its gradient.
public struct Conv2DGeometry: Equatable, Sendable {
    /// Kernel height and width.
    public var kernel: (Int, Int)
    /// Step between windows.
    public var stride: (Int, Int)
    /// Zeros added on each side (top/bottom, left/right).
    public var padding: (Int, Int)
    /// Spacing between kernel taps.
    public var dilation: (Int, Int)

    public init(kernel: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1)) {
        self.kernel = kernel; self.stride = stride; self.padding = padding; self.dilation = dilation
    }

    public static func == (a: Conv2DGeometry, b: Conv2DGeometry) -> Bool {
        a.kernel == b.kernel && a.stride == b.stride && a.padding == b.padding && a.dilation == b.dilation
    }

    /// Output height and width for an input of `height` × `width` (may be ≤ 0 when the input is too small).
    public func outputSize(height: Int, width: Int) -> (Int, Int) {
        let spanH = height + 2 * padding.0 - dilation.0 * (kernel.0 - 1) - 1
        let spanW = width + 2 * padding.1 - dilation.1 * (kernel.1 - 1) - 1
        // A negative span means the window does not fit (integer division would round it to 0).
        return (spanH < 0 ? 0 : spanH / stride.0 + 1, spanW < 0 ? 0 : spanW / stride.1 + 1)
    }

    func validate(_ op: String) throws {
        guard kernel.0 > 0, kernel.1 > 0, stride.0 > 0, stride.1 > 0, dilation.0 > 0, dilation.1 > 0,
              padding.0 >= 0, padding.1 >= 0 else {
            throw TensorError.invalidArgument(op: op, detail: "kernel, stride and dilation must be positive and padding ≥ 0, got kernel \(kernel), stride \(stride), padding \(padding), dilation \(dilation)")
        }
    }
}

extension Tensor {
    /// Convolution of `input` `[N, C, H, W]` with `weight` `[O, C, kH, kW]` and optional `bias` `[O]`,
    /// giving `[N, O, outH, outW]` (cross-correlation, as PyTorch and every framework compute it).
    /// - Throws: `TensorError.shapeMismatch` naming the shapes, or `.invalidArgument` for bad geometry
    ///   or an input smaller than the kernel.
    public static func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor?, stride: (Int, Int) = (1, 1),
                              padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1)) throws -> Tensor {
        try convolution(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, relu: false)
    }

    /// `relu(conv2d(input, weight, bias))` as one operation: the rectification happens in the pass that lays
    /// out the product (no second pass, no separate pre-activation tensor kept for the backward pass), and
    /// its gradient masks the incoming gradient by the positive outputs before the convolution's gradient.
    /// Shapes and errors as `conv2d`; the result equals `conv2d(...).relu()` exactly.
    public static func conv2dReLU(_ input: Tensor, weight: Tensor, bias: Tensor?, stride: (Int, Int) = (1, 1),
                                  padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1)) throws -> Tensor {
        try convolution(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, relu: true)
    }

    private static func convolution(_ input: Tensor, weight: Tensor, bias: Tensor?, stride: (Int, Int),
                                    padding: (Int, Int), dilation: (Int, Int), relu: Bool) throws -> Tensor {
        guard input.rank == 4, weight.rank == 4, input.shape[1] == weight.shape[1] else {
            throw TensorError.shapeMismatch(op: "conv2d", shapes: [input.shape, weight.shape],
                detail: "input must be [N, C, H, W] and weight [O, C, kH, kW] with the same C")
        }
        if let bias, bias.shape != [weight.shape[0]] {
            throw TensorError.shapeMismatch(op: "conv2d", shapes: [bias.shape, weight.shape], detail: "bias must be [\(weight.shape[0])]")
        }
        let g = Conv2DGeometry(kernel: (weight.shape[2], weight.shape[3]), stride: stride, padding: padding, dilation: dilation)
        try g.validate("conv2d")
        let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let o = weight.shape[0]
        let (oh, ow) = g.outputSize(height: h, width: w)
        guard oh > 0, ow > 0 else {
            throw TensorError.invalidArgument(op: "conv2d", detail: "input \(h)×\(w) is smaller than the kernel \(g.kernel) with padding \(padding) and dilation \(dilation)")
        }
        let k = c * g.kernel.0 * g.kernel.1, p = oh * ow
        let out = Tensor(uninitializedShape: [n, o, oh, ow])
        let algorithm = Kernels.convolutionAlgorithm(g, c: c, o: o, oh: oh, ow: ow)
        // Images are unfolded in blocks of `group` into one column matrix [k, group·p], so that each block is
        // one large product (small images such as 7×7 or 4×4 make per-image products too thin for BLAS).
        let group = Kernels.convolutionGroup(images: n, rows: k, columns: p)
        let direct = group == 1  // one image per block: the product goes straight into `out`
        let px = input.pointer, pw = weight.pointer, po = out.pointer, pb = bias?.pointer
        if algorithm == .winograd {
            ScratchBuffers.with(count: 16 * o * c) { u in
                Kernels.winogradWeightTransform(pw, o: o, c: c, into: u)
                Kernels.winogradConvolution(px, n: n, c: c, h: h, w: w, transformedWeight: u, o: o, padding: padding,
                                            oh: oh, ow: ow, bias: pb, relu: relu, into: po)
            }
        } else {
            ScratchBuffers.with(count: k * group * p) { col in
                ScratchBuffers.with(count: direct ? 1 : o * group * p) { product in
                    for lo in Swift.stride(from: 0, to: n, by: group) {
                        let m = Swift.min(group, n - lo), cols = m * p
                        Kernels.im2colBlock(px + lo * c * h * w, images: m, c: c, h: h, w: w, g, oh: oh, ow: ow, into: col)
                        let dst = direct ? po + lo * o * p : product
                        BLAS.sgemm(transA: false, transB: false, m: o, n: cols, k: k, a: pw, lda: k,
                                   b: col, ldb: cols, c: dst, ldc: cols)
                        // [o, m·p] → images [m, o, p], adding the bias (and rectifying) on the way.
                        if direct && pb == nil && !relu { continue }
                        Parallel.forRanges(m, costPerItem: o * p) { r in
                            for j in r { for ch in 0..<o {
                                let from = dst + ch * cols + j * p, to = po + ((lo + j) * o + ch) * p
                                let v = pb?[ch] ?? 0
                                if relu {
                                    for q in 0..<p { let y = from[q] + v; to[q] = y > 0 ? y : 0 }
                                } else if direct {
                                    for q in 0..<p { to[q] += v }
                                } else {
                                    for q in 0..<p { to[q] = from[q] + v }
                                }
                            } }
                        }
                    }
                }
            }
        }
        let inputs = bias.map { [input, weight, $0] } ?? [input, weight]
        guard needsGrad(inputs) else { return out }
        let rectified: Tensor? = relu ? out.detached() : nil  // the mask of the fused ReLU (no reference cycle)
        return out.recording(relu ? "conv2dReLU" : "conv2d", inputs) { incoming in
            var gIn: Tensor? = nil, gW: Tensor? = nil, gB: Tensor? = nil
            if weight.requiresGrad { gW = Tensor.zeros(weight.shape) }
            if input.requiresGrad {
                // Winograd writes every element of dX; col2im adds into it.
                gIn = algorithm == .im2col ? Tensor.zeros(input.shape) : Tensor(uninitializedShape: input.shape)
            }
            // Through the ReLU first: the gradient where the output is positive, 0 elsewhere; with a bias, its
            // gradient (the sum per channel) is taken in the same pass.
            let needsBiasGrad = bias?.requiresGrad ?? false
            var biasGrad: Tensor? = nil
            let grad: Tensor
            if let rectified, needsBiasGrad {
                (grad, biasGrad) = Kernels.reluGradientAndChannelSums(incoming, output: rectified)
            } else {
                grad = rectified.map { Kernels.reluGradient(incoming, output: $0) } ?? incoming
            }
            let pg = grad.pointer
            if algorithm == .winograd {
                // dX is the Winograd convolution of dY with the kernels rotated by 180° and channels swapped,
                // padded by 2 − padding; dW accumulates dM·Vᵀ over the tiles in the Winograd domain.
                if let gIn {
                    ScratchBuffers.with(count: 16 * o * c) { u in
                        Kernels.winogradWeightTransform(pw, o: o, c: c, into: u)
                        Kernels.winogradConvolution(pg, n: n, c: o, h: oh, w: ow, transformedWeight: u,
                                                    transposedWeight: true, o: c,
                                                    padding: (2 - padding.0, 2 - padding.1), oh: h, ow: w,
                                                    bias: nil, relu: false, into: gIn.pointer)
                    }
                }
                if let gW {
                    Kernels.winogradWeightGradient(input.pointer, grad: pg, n: n, c: c, h: h, w: w, o: o, padding: padding,
                                                   oh: oh, ow: ow, into: gW.pointer)
                }
            } else if gW != nil || gIn != nil {
                ScratchBuffers.with(count: k * group * p) { col in
                    ScratchBuffers.with(count: group > 1 ? o * group * p : 1) { gathered in
                        for lo in Swift.stride(from: 0, to: n, by: group) {
                            let m = Swift.min(group, n - lo), cols = m * p
                            // dOut of the block as [o, m·p] (for blocks of one image it already is).
                            let gOut = group > 1 ? gathered : pg + lo * o * p
                            if group > 1 {
                                Parallel.forRanges(m, costPerItem: o * p) { r in
                                    for j in r { for ch in 0..<o {
                                        (gathered + ch * cols + j * p).update(from: pg + ((lo + j) * o + ch) * p, count: p)
                                    } }
                                }
                            }
                            if let gW {
                                // dW += dOut · colᵀ
                                Kernels.im2colBlock(input.pointer + lo * c * h * w, images: m, c: c, h: h, w: w, g,
                                                    oh: oh, ow: ow, into: col)
                                BLAS.sgemm(transA: false, transB: true, m: o, n: k, k: cols, a: gOut, lda: cols,
                                           b: col, ldb: cols, beta: 1, c: gW.pointer, ldc: k)
                            }
                            if let gIn {
                                // dCol = Wᵀ · dOut, folded back onto the images.
                                BLAS.sgemm(transA: true, transB: false, m: k, n: cols, k: o, a: pw, lda: k,
                                           b: gOut, ldb: cols, c: col, ldc: cols)
                                Kernels.col2imBlock(col, images: m, c: c, h: h, w: w, g, oh: oh, ow: ow,
                                                    into: gIn.pointer + lo * c * h * w)
                            }
                        }
                    }
                }
            }
            if let biasGrad {
                gB = biasGrad
            } else if needsBiasGrad {
                // Per channel in parallel; each channel's sum over the batch in a fixed order.
                let t = Tensor.zeros([o])
                let pt = t.pointer
                Parallel.forRanges(o, costPerItem: n * p) { r in
                    for ch in r {
                        var total: Float = 0
                        for i in 0..<n { total += Kernels.laneSum(pg + (i * o + ch) * p, count: p) }
                        pt[ch] = total
                    }
                }
                gB = t
            }
            return bias == nil ? [gIn, gW] : [gIn, gW, gB]
        }
    }
}

extension Kernels {
    /// The gradient of `relu` given its `output`: `incoming` where the output is positive, 0 elsewhere
    /// (a new tensor of the same shape; in parallel).
    static func reluGradient(_ incoming: Tensor, output: Tensor) -> Tensor {
        let res = Tensor(uninitializedShape: output.shape)
        let py = output.pointer, pg = incoming.pointer, pr = res.pointer
        // Both values loaded unconditionally: a select of two loads vectorises, a conditional load does not
        // (measured: the branchy form ran scalar, 7 % of a CNN-28 training step).
        Parallel.forRanges(output.count) { r in for i in r { let g = pg[i], y = py[i]; pr[i] = y > 0 ? g : 0 } }
        return res
    }

    /// `reluGradient` of `[N, C, H, W]` tensors together with the sum of the result per channel `[C]` (the
    /// bias gradient of a convolution followed by ReLU), in one pass; in parallel over channels, each channel
    /// summed over the images in a fixed order.
    static func reluGradientAndChannelSums(_ incoming: Tensor, output: Tensor) -> (Tensor, Tensor) {
        let (n, c) = (output.shape[0], output.shape[1])
        let p = output.count / max(n * c, 1)
        let res = Tensor(uninitializedShape: output.shape), sums = Tensor(uninitializedShape: [c])
        let py = output.pointer, pg = incoming.pointer, pr = res.pointer, ps = sums.pointer
        Parallel.forRanges(c, costPerItem: n * p) { r in
            for ch in r {
                var total: Float = 0
                for i in 0..<n {
                    let at = (i * c + ch) * p
                    total += laneMaskedCopySum(pg + at, mask: py + at, into: pr + at, count: p)
                }
                ps[ch] = total
            }
        }
        return (res, sums)
    }

    /// Images per block of `conv2d`: as many as keep the column matrix `[rows, images·columns]` within
    /// 2 Mi floats (8 MiB; enough columns for an efficient product, little scratch memory).
    static func convolutionGroup(images n: Int, rows k: Int, columns p: Int) -> Int {
        max(1, min(n, (1 << 21) / max(k * p, 1)))
    }

    /// Unfolds `images` consecutive images `[C, H, W]` into one column matrix `[C·kH·kW, images·outH·outW]`
    /// (image j in columns j·outH·outW ..< (j+1)·outH·outW), in parallel over the images.
    static func im2colBlock(_ x: UnsafeMutablePointer<Float>, images: Int, c: Int, h: Int, w: Int, _ g: Conv2DGeometry,
                            oh: Int, ow: Int, into col: UnsafeMutablePointer<Float>) {
        let p = oh * ow, ld = images * p
        Parallel.forRanges(images, costPerItem: c * g.kernel.0 * g.kernel.1 * p) { r in
            for j in r { im2col(x + j * c * h * w, c: c, h: h, w: w, g, oh: oh, ow: ow, into: col + j * p, rowStride: ld) }
        }
    }

    /// Adds a column matrix `[C·kH·kW, images·outH·outW]` back into `images` consecutive images (the adjoint
    /// of `im2colBlock`), in parallel over the images (each writes only its own image).
    static func col2imBlock(_ col: UnsafeMutablePointer<Float>, images: Int, c: Int, h: Int, w: Int, _ g: Conv2DGeometry,
                            oh: Int, ow: Int, into x: UnsafeMutablePointer<Float>) {
        let p = oh * ow, ld = images * p
        Parallel.forRanges(images, costPerItem: c * g.kernel.0 * g.kernel.1 * p) { r in
            for j in r { col2im(col + j * p, c: c, h: h, w: w, g, oh: oh, ow: ow, into: x + j * c * h * w, rowStride: ld) }
        }
    }

    /// Unfolds one image `[C, H, W]` into columns `[C·kH·kW, outH·outW]` (zeros where the window is in the padding);
    /// row r of the columns starts at `col + r · rowStride` (default: `outH·outW`, a dense matrix).
    static func im2col(_ x: UnsafeMutablePointer<Float>, c: Int, h: Int, w: Int, _ g: Conv2DGeometry, oh: Int, ow: Int,
                       into col: UnsafeMutablePointer<Float>, rowStride: Int? = nil) {
        let (kh, kw) = g.kernel, (sh, sw) = g.stride, (ph, pw) = g.padding, (dh, dw) = g.dilation
        let ld = rowStride ?? oh * ow
        if sh == 1 && sw == 1 {
            im2colUnitStride(x, c: c, h: h, w: w, g, oh: oh, ow: ow, into: col, rowStride: ld)
            return
        }
        for ch in 0..<c {
            let img = x + ch * h * w
            for ki in 0..<kh { for kj in 0..<kw {
                let row = col + ((ch * kh + ki) * kw + kj) * ld
                for y in 0..<oh {
                    let iy = y * sh - ph + ki * dh
                    let dst = row + y * ow
                    if iy < 0 || iy >= h {
                        dst.update(repeating: 0, count: ow)
                        continue
                    }
                    let src = img + iy * w
                    let offset = kj * dw - pw
                    // Zeros left and right of the image, a straight (or strided) copy in between.
                    let (lo, hi) = insideRange(offset: offset, stride: sw, size: w, count: ow)
                    for xo in 0..<lo { dst[xo] = 0 }
                    if sw == 1 {
                        if hi > lo { (dst + lo).update(from: src + lo + offset, count: hi - lo) }
                    } else {
                        for xo in lo..<hi { dst[xo] = src[xo * sw + offset] }
                    }
                    for xo in hi..<ow { dst[xo] = 0 }
                }
            } }
        }
    }

    /// `im2col` for stride 1 (the 3×3 padding-1 convolutions of ResNet and the seed CNNs): for each kernel tap
    /// the rows inside the image and the columns inside it are computed once, the padding rows are zeroed in one
    /// fill, and where a tap needs no horizontal padding its rows are one contiguous copy.
    static func im2colUnitStride(_ x: UnsafeMutablePointer<Float>, c: Int, h: Int, w: Int, _ g: Conv2DGeometry,
                                 oh: Int, ow: Int, into col: UnsafeMutablePointer<Float>, rowStride ld: Int) {
        let (kh, kw) = g.kernel, (ph, pw) = g.padding, (dh, dw) = g.dilation
        for ki in 0..<kh {
            // Output rows y whose input row y − ph + ki·dh lies inside the image: yLo ..< yHi.
            let shift = ki * dh - ph
            let yLo = Swift.min(oh, Swift.max(0, -shift)), yHi = Swift.max(yLo, Swift.min(oh, h - shift))
            for kj in 0..<kw {
                // Output columns whose input column xo + offset lies inside the image: lo ..< hi.
                let offset = kj * dw - pw
                let lo = Swift.min(ow, Swift.max(0, -offset)), hi = Swift.max(lo, Swift.min(ow, w - offset))
                let contiguous = lo == 0 && hi == ow && ow == w  // whole input rows, back to back
                for ch in 0..<c {
                    let img = x + ch * h * w
                    let row = col + ((ch * kh + ki) * kw + kj) * ld
                    if yLo > 0 { row.update(repeating: 0, count: yLo * ow) }
                    if yHi < oh { (row + yHi * ow).update(repeating: 0, count: (oh - yHi) * ow) }
                    if yHi == yLo { continue }
                    if contiguous {
                        (row + yLo * ow).update(from: img + (yLo + shift) * w + offset, count: (yHi - yLo) * ow)
                        continue
                    }
                    for y in yLo..<yHi {
                        let dst = row + y * ow, src = img + (y + shift) * w + offset
                        for xo in 0..<lo { dst[xo] = 0 }
                        for xo in lo..<hi { dst[xo] = src[xo] }
                        for xo in hi..<ow { dst[xo] = 0 }
                    }
                }
            }
        }
    }

    /// The outputs `lo ..< hi` (within `0 ..< count`) whose input index `output · stride + offset` lies inside
    /// `0 ..< size`: the bounds of the copy in `im2col` and `col2im`, so that their loops have no per-element test.
    @inline(__always)
    static func insideRange(offset: Int, stride: Int, size: Int, count: Int) -> (Int, Int) {
        // Smallest output with index ≥ 0, and one past the largest with index ≤ size − 1.
        let lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = size - 1 - offset
        let hi = last < 0 ? 0 : last / stride + 1
        let l = Swift.min(lo, count)
        return (l, Swift.max(l, Swift.min(hi, count)))
    }

    /// Adds columns `[C·kH·kW, outH·outW]` (row stride `rowStride`, default `outH·outW`) back into an image
    /// `[C, H, W]` (the adjoint of `im2col`).
    static func col2im(_ col: UnsafeMutablePointer<Float>, c: Int, h: Int, w: Int, _ g: Conv2DGeometry, oh: Int, ow: Int,
                       into x: UnsafeMutablePointer<Float>, rowStride: Int? = nil) {
        let (kh, kw) = g.kernel, (sh, sw) = g.stride, (ph, pw) = g.padding, (dh, dw) = g.dilation
        let ld = rowStride ?? oh * ow
        for ch in 0..<c {
            let img = x + ch * h * w
            for ki in 0..<kh { for kj in 0..<kw {
                let row = col + ((ch * kh + ki) * kw + kj) * ld
                for y in 0..<oh {
                    let iy = y * sh - ph + ki * dh
                    if iy < 0 || iy >= h { continue }
                    let dst = img + iy * w
                    let src = row + y * ow
                    let offset = kj * dw - pw
                    let (lo, hi) = insideRange(offset: offset, stride: sw, size: w, count: ow)
                    let d = dst + offset
                    if sw == 1 {
                        for xo in lo..<hi { d[xo] += src[xo] }
                    } else {
                        for xo in lo..<hi { d[xo * sw] += src[xo] }
                    }
                }
            } }
        }
    }
}
