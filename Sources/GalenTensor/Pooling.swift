import Foundation

/// Max and average pooling over NCHW tensors (PyTorch's `max_pool2d` and
/// `avg_pool2d` with `count_include_pad=True`), with gradients.
extension Tensor {
    private func poolGeometry(_ op: String, kernel: (Int, Int), stride: (Int, Int)?, padding: (Int, Int)) throws
        -> (Conv2DGeometry, Int, Int, Int, Int, Int) {
        guard rank == 4 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape], detail: "input must be [N, C, H, W]")
        }
        let g = Conv2DGeometry(kernel: kernel, stride: stride ?? kernel, padding: padding)
        try g.validate(op)
        guard padding.0 * 2 <= kernel.0, padding.1 * 2 <= kernel.1 else {
            throw TensorError.invalidArgument(op: op, detail: "padding \(padding) must be at most half the kernel \(kernel)")
        }
        let (h, w) = (shape[2], shape[3])
        let (oh, ow) = g.outputSize(height: h, width: w)
        guard oh > 0, ow > 0 else {
            throw TensorError.invalidArgument(op: op, detail: "input \(h)×\(w) is smaller than the window \(kernel)")
        }
        return (g, shape[0] * shape[1], h, w, oh, ow)
    }

    /// Maximum over each `kernel` window (stride defaults to the kernel), padding counted as −∞.
    /// The gradient goes to the first maximal element of each window.
    /// - Throws: `TensorError.shapeMismatch` for a non-4-D input, `.invalidArgument` for bad geometry.
    public func maxPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) throws -> Tensor {
        let (g, planes, h, w, oh, ow) = try poolGeometry("maxPool2d", kernel: kernel, stride: stride, padding: padding)
        let out = Tensor(uninitializedShape: [shape[0], shape[1], oh, ow])
        var argmax = [Int32](repeating: 0, count: out.count)
        let px = pointer, po = out.pointer
        let pairs = g.kernel == (2, 2) && g.stride == (2, 2) && g.padding == (0, 0)
        argmax.withUnsafeMutableBufferPointer { am in
            Parallel.forRanges(planes, costPerItem: oh * ow * kernel.0 * kernel.1) { r in
                for plane in r {
                    let img = px + plane * h * w
                    if pairs {
                        // The seed CNNs' 2×2 windows: four loads and compares, no bounds checks.
                        if Kernels.maxPool2x2(img, w: w, oh: oh, ow: ow, out: po + plane * oh * ow, argmax: am.baseAddress! + plane * oh * ow) {
                            continue
                        }
                    }
                    for y in 0..<oh { for x in 0..<ow {
                        var best = -Float.infinity, at = -1
                        for ki in 0..<g.kernel.0 {
                            let iy = y * g.stride.0 - g.padding.0 + ki
                            if iy < 0 || iy >= h { continue }
                            for kj in 0..<g.kernel.1 {
                                let ix = x * g.stride.1 - g.padding.1 + kj
                                if ix < 0 || ix >= w { continue }
                                let v = img[iy * w + ix]
                                if v > best || at < 0 || v.isNaN { best = v; at = iy * w + ix; if v.isNaN { break } }
                            }
                        }
                        let o = (plane * oh + y) * ow + x
                        po[o] = best
                        am[o] = Int32(at)
                    } }
                }
            }
        }
        guard Tensor.needsGrad(self) else { return out }
        let inShape = shape
        return out.recording("maxPool2d", [self]) { grad in
            let res = Tensor(uninitializedShape: inShape)
            let pr = res.pointer, pg = grad.pointer
            let per = oh * ow
            argmax.withUnsafeBufferPointer { am in
                // Planes are independent: each thread zeroes and fills its own.
                Parallel.forRanges(planes, costPerItem: h * w + per) { r in
                    for plane in r {
                        let img = pr + plane * h * w
                        if pairs {
                            // Disjoint 2×2 windows: every element written once, no zero-fill and no scatter.
                            Kernels.maxPool2x2Gradient(pg + plane * per, argmax: am.baseAddress! + plane * per,
                                                       h: h, w: w, oh: oh, ow: ow, into: img)
                            continue
                        }
                        img.update(repeating: 0, count: h * w)
                        for j in 0..<per {
                            let a = am[plane * per + j]
                            if a >= 0 { img[Int(a)] += pg[plane * per + j] }
                        }
                    }
                }
            }
            return [res]
        }
    }

    /// Mean over each `kernel` window (stride defaults to the kernel); zero padding is counted in the mean.
    /// - Throws: `TensorError.shapeMismatch` for a non-4-D input, `.invalidArgument` for bad geometry.
    public func avgPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) throws -> Tensor {
        let (g, planes, h, w, oh, ow) = try poolGeometry("avgPool2d", kernel: kernel, stride: stride, padding: padding)
        let out = Tensor(uninitializedShape: [shape[0], shape[1], oh, ow])
        let scale = 1 / Float(kernel.0 * kernel.1)
        let px = pointer, po = out.pointer
        Parallel.forRanges(planes, costPerItem: oh * ow * kernel.0 * kernel.1) { r in
            for plane in r {
                let img = px + plane * h * w
                for y in 0..<oh { for x in 0..<ow {
                    var s: Float = 0
                    for ki in 0..<g.kernel.0 {
                        let iy = y * g.stride.0 - g.padding.0 + ki
                        if iy < 0 || iy >= h { continue }
                        for kj in 0..<g.kernel.1 {
                            let ix = x * g.stride.1 - g.padding.1 + kj
                            if ix >= 0 && ix < w { s += img[iy * w + ix] }
                        }
                    }
                    po[(plane * oh + y) * ow + x] = s * scale
                } }
            }
        }
        guard Tensor.needsGrad(self) else { return out }
        let inShape = shape
        return out.recording("avgPool2d", [self]) { grad in
            let res = Tensor.zeros(inShape)
            let pr = res.pointer, pg = grad.pointer
            Parallel.forRanges(planes, costPerItem: oh * ow * kernel.0 * kernel.1) { r in for plane in r {
                let img = pr + plane * h * w
                for y in 0..<oh { for x in 0..<ow {
                    let v = pg[(plane * oh + y) * ow + x] * scale
                    for ki in 0..<g.kernel.0 {
                        let iy = y * g.stride.0 - g.padding.0 + ki
                        if iy < 0 || iy >= h { continue }
                        for kj in 0..<g.kernel.1 {
                            let ix = x * g.stride.1 - g.padding.1 + kj
                            if ix >= 0 && ix < w { img[iy * w + ix] += v }
                        }
                    }
                } }
            } }
            return [res]
        }
    }
}

extension Kernels {
    /// The input gradient of a 2×2 stride-2 max-pool of one `h` × `w` plane: each window's output gradient goes
    /// to its `argmax` element (an index in the plane, inside the window) and 0 to the other three; the row and
    /// column left over by an odd size get 0. Every element of `dx` is written (with selects, no branches).
    static func maxPool2x2Gradient(_ grad: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, h: Int, w: Int,
                                   oh: Int, ow: Int, into dx: UnsafeMutablePointer<Float>) {
        for y in 0..<oh {
            let r0 = dx + 2 * y * w, r1 = r0 + w
            let gr = grad + y * ow, ar = argmax + y * ow
            let base = Int32(2 * y * w), width = Int32(w)
            for x in 0..<ow {
                let bits = gr[x].bitPattern
                let k = ar[x] &- (base &+ Int32(truncatingIfNeeded: 2 &* x))  // 0, 1, w or w + 1
                // The gradient's bits where the window's maximum is at offset `at`, else 0: an integer mask,
                // which compiles to vector compares (a float select here compiled to branches that mispredict
                // on random activations; measured: 5× slower than the scatter it replaced).
                @inline(__always) func keep(_ at: Int32) -> Float {
                    let m = UInt32(bitPattern: 0 &- Int32(truncatingIfNeeded: (k == at ? 1 : 0) as Int))
                    return Float(bitPattern: bits & m)
                }
                r0[2 &* x] = keep(0)
                r0[2 &* x &+ 1] = keep(1)
                r1[2 &* x] = keep(width)
                r1[2 &* x &+ 1] = keep(width &+ 1)
            }
            if 2 * ow < w { r0[w - 1] = 0; r1[w - 1] = 0 }
        }
        if 2 * oh < h { (dx + 2 * oh * w).update(repeating: 0, count: (h - 2 * oh) * w) }
    }

    /// Max over the 2×2 stride-2 windows of one plane (row length `w`), with the index in the plane of the
    /// first maximal element of each window. Returns false, having written partial results, when a window
    /// holds a NaN (the caller then redoes the plane with the general loop, where the first NaN wins).
    static func maxPool2x2(_ img: UnsafeMutablePointer<Float>, w: Int, oh: Int, ow: Int,
                           out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>) -> Bool {
        for y in 0..<oh {
            let r0 = img + 2 * y * w, r1 = r0 + w
            let o = out + y * ow, a = argmax + y * ow
            let base = Int32(2 * y * w), width = Int32(w)
            // Selects, not branches (random activations make compare branches mispredict half the time);
            // a NaN anywhere in the row makes the running sum NaN (so may ±∞ pairs: the caller's general loop
            // is exact either way).
            var check: Float = 0
            for x in 0..<ow {
                let v0 = r0[2 * x], v1 = r0[2 * x + 1], v2 = r1[2 * x], v3 = r1[2 * x + 1]
                check += (v0 + v1) + (v2 + v3)
                // Wrapping index arithmetic (indices fit in Int32 by construction): overflow checks would
                // bring the branches back.
                let i0 = base &+ Int32(truncatingIfNeeded: 2 &* x), i2 = i0 &+ width
                let c1 = v1 > v0
                var best = c1 ? v1 : v0, at = c1 ? i0 &+ 1 : i0
                let c2 = v2 > best
                best = c2 ? v2 : best; at = c2 ? i2 : at
                let c3 = v3 > best
                best = c3 ? v3 : best; at = c3 ? i2 &+ 1 : at
                o[x] = best
                a[x] = at
            }
            if check.isNaN { return false }
        }
        return true
    }
}
