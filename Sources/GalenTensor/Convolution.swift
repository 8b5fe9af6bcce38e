import Foundation

/// 2-D convolution over NCHW tensors (PyTorch's `conv2d`), computed as im2col
/// followed by one BLAS product per image, with its gradient.
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
        let col = Tensor(uninitializedShape: [k, p])
        for i in 0..<n {
            Kernels.im2col(input.pointer + i * c * h * w, c: c, h: h, w: w, g, oh: oh, ow: ow, into: col.pointer)
            BLAS.sgemm(transA: false, transB: false, m: o, n: p, k: k, a: weight.pointer, lda: k,
                       b: col.pointer, ldb: p, c: out.pointer + i * o * p, ldc: p)
        }
        if let bias {
            let po = out.pointer, pb = bias.pointer
            for i in 0..<n { for ch in 0..<o {
                let row = po + (i * o + ch) * p, v = pb[ch]
                for j in 0..<p { row[j] += v }
            } }
        }
        let inputs = bias.map { [input, weight, $0] } ?? [input, weight]
        guard needsGrad(inputs) else { return out }
        return out.recording("conv2d", inputs) { grad in
            var gIn: Tensor? = nil, gW: Tensor? = nil, gB: Tensor? = nil
            let col = Tensor(uninitializedShape: [k, p])
            if weight.requiresGrad { gW = Tensor.zeros(weight.shape) }
            if input.requiresGrad { gIn = Tensor.zeros(input.shape) }
            for i in 0..<n {
                let gOut = grad.pointer + i * o * p
                if let gW {
                    // dW += dOut_i · col_iᵀ
                    Kernels.im2col(input.pointer + i * c * h * w, c: c, h: h, w: w, g, oh: oh, ow: ow, into: col.pointer)
                    BLAS.sgemm(transA: false, transB: true, m: o, n: k, k: p, a: gOut, lda: p,
                               b: col.pointer, ldb: p, beta: 1, c: gW.pointer, ldc: k)
                }
                if let gIn {
                    // dCol = Wᵀ · dOut_i, scattered back to the image.
                    BLAS.sgemm(transA: true, transB: false, m: k, n: p, k: o, a: weight.pointer, lda: k,
                               b: gOut, ldb: p, c: col.pointer, ldc: p)
                    Kernels.col2im(col.pointer, c: c, h: h, w: w, g, oh: oh, ow: ow, into: gIn.pointer + i * c * h * w)
                }
            }
            if let bias, bias.requiresGrad {
                let t = Tensor.zeros([o])
                for i in 0..<n { for ch in 0..<o {
                    let row = grad.pointer + (i * o + ch) * p
                    var s: Float = 0
                    for j in 0..<p { s += row[j] }
                    t.pointer[ch] += s
                } }
                gB = t
            }
            return bias == nil ? [gIn, gW] : [gIn, gW, gB]
        }
    }
}

extension Kernels {
    /// Unfolds one image `[C, H, W]` into columns `[C·kH·kW, outH·outW]` (zeros where the window is in the padding).
    static func im2col(_ x: UnsafeMutablePointer<Float>, c: Int, h: Int, w: Int, _ g: Conv2DGeometry, oh: Int, ow: Int,
                       into col: UnsafeMutablePointer<Float>) {
        let (kh, kw) = g.kernel, (sh, sw) = g.stride, (ph, pw) = g.padding, (dh, dw) = g.dilation
        let p = oh * ow
        for ch in 0..<c {
            let img = x + ch * h * w
            for ki in 0..<kh { for kj in 0..<kw {
                let row = col + ((ch * kh + ki) * kw + kj) * p
                for y in 0..<oh {
                    let iy = y * sh - ph + ki * dh
                    let dst = row + y * ow
                    if iy < 0 || iy >= h {
                        dst.update(repeating: 0, count: ow)
                        continue
                    }
                    let src = img + iy * w
                    let offset = kj * dw - pw
                    if sw == 1 {
                        for xo in 0..<ow {
                            let ix = xo + offset
                            dst[xo] = (ix >= 0 && ix < w) ? src[ix] : 0
                        }
                    } else {
                        for xo in 0..<ow {
                            let ix = xo * sw + offset
                            dst[xo] = (ix >= 0 && ix < w) ? src[ix] : 0
                        }
                    }
                }
            } }
        }
    }

    /// Adds columns `[C·kH·kW, outH·outW]` back into an image `[C, H, W]` (the adjoint of `im2col`).
    static func col2im(_ col: UnsafeMutablePointer<Float>, c: Int, h: Int, w: Int, _ g: Conv2DGeometry, oh: Int, ow: Int,
                       into x: UnsafeMutablePointer<Float>) {
        let (kh, kw) = g.kernel, (sh, sw) = g.stride, (ph, pw) = g.padding, (dh, dw) = g.dilation
        let p = oh * ow
        for ch in 0..<c {
            let img = x + ch * h * w
            for ki in 0..<kh { for kj in 0..<kw {
                let row = col + ((ch * kh + ki) * kw + kj) * p
                for y in 0..<oh {
                    let iy = y * sh - ph + ki * dh
                    if iy < 0 || iy >= h { continue }
                    let dst = img + iy * w
                    let src = row + y * ow
                    for xo in 0..<ow {
                        let ix = xo * sw - pw + kj * dw
                        if ix >= 0 && ix < w { dst[ix] += src[xo] }
                    }
                }
            } }
        }
    }
}
