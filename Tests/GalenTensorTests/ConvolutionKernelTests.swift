import Testing
@testable import GalenTensor

/// The fast kernel paths (blocked im2col + one product per block of images, the 2×2 max-pool path, fused
/// batch norm, the tensor buffer cache) against plain reference loops written here from the definitions.
@Suite struct ConvolutionKernelTests {
    /// Direct 7-loop convolution and its two gradients (for the weighting `g` of the output), in Double.
    static func referenceConvolution(_ x: Tensor, _ w: Tensor, _ b: Tensor?, _ g: Conv2DGeometry, outputWeights gOut: Tensor?)
        -> (out: [Double], dx: [Double], dw: [Double], db: [Double]) {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let (oh, ow) = g.outputSize(height: h, width: wd)
        var out = [Double](repeating: 0, count: n * o * oh * ow)
        var dx = [Double](repeating: 0, count: x.count), dw = [Double](repeating: 0, count: w.count)
        var db = [Double](repeating: 0, count: o)
        for i in 0..<n { for oc in 0..<o { for y in 0..<oh { for xo in 0..<ow {
            let oi = ((i * o + oc) * oh + y) * ow + xo
            var s = Double(b?.pointer[oc] ?? 0)
            let go = Double(gOut?.pointer[oi] ?? 0)
            db[oc] += go
            for ic in 0..<c { for ki in 0..<kh { for kj in 0..<kw {
                let iy = y * g.stride.0 - g.padding.0 + ki * g.dilation.0
                let ix = xo * g.stride.1 - g.padding.1 + kj * g.dilation.1
                guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                let xi = ((i * c + ic) * h + iy) * wd + ix, wi = ((oc * c + ic) * kh + ki) * kw + kj
                s += Double(x.pointer[xi]) * Double(w.pointer[wi])
                dx[xi] += go * Double(w.pointer[wi])
                dw[wi] += go * Double(x.pointer[xi])
            } } }
            out[oi] = s
        } } } }
        return (out, dx, dw, db)
    }

    static func expectClose(_ a: Tensor, _ b: [Double], _ what: String, tolerance: Double = 1e-3,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.count == b.count, "\(what): \(a.count) values, expected \(b.count)", sourceLocation: sourceLocation)
        var worst = 0.0, at = -1
        for i in 0..<min(a.count, b.count) {
            let e = Swift.abs(Double(a.pointer[i]) - b[i]) / (1 + Swift.abs(b[i]))
            if e > worst { worst = e; at = i }
        }
        #expect(worst <= tolerance, "\(what): element \(at) differs by \(worst) (relative)", sourceLocation: sourceLocation)
    }

    /// Random shapes, strides, paddings and dilations, with batches split into several blocks of images
    /// (including a final partial block) and into one block, forward and both gradients.
    @Test func blockedConvolutionMatchesDirectLoops() throws {
        var rng = SeededGenerator(seed: 99)
        // (n, c, h, w, o, kernel, stride, padding, dilation, bias)
        var cases: [(Int, Int, Int, Int, Int, (Int, Int), (Int, Int), (Int, Int), (Int, Int), Bool)] = [
            (5, 64, 40, 40, 3, (3, 3), (1, 1), (1, 1), (1, 1), true),     // k·p > 2^21 / 3: blocks of 2, 2, 1
            (3, 96, 59, 63, 2, (3, 3), (2, 2), (1, 1), (1, 1), false),    // strided 30×32 output: blocks of 2, 1
            (4, 3, 9, 8, 5, (3, 2), (1, 2), (2, 1), (2, 1), true),        // one block of 4, dilation
            (1, 2, 5, 5, 3, (1, 1), (1, 1), (0, 0), (1, 1), true),        // 1×1, one image
        ]
        for _ in 0..<4 {  // small random geometries
            let k = (1 + Int(rng.next() % 3), 1 + Int(rng.next() % 3))
            let s = (1 + Int(rng.next() % 2), 1 + Int(rng.next() % 2))
            let d = (1 + Int(rng.next() % 2), 1 + Int(rng.next() % 2))
            let p = (Int(rng.next() % 3), Int(rng.next() % 3))
            cases.append((1 + Int(rng.next() % 4), 1 + Int(rng.next() % 3), 6 + Int(rng.next() % 5), 6 + Int(rng.next() % 5),
                          1 + Int(rng.next() % 4), k, s, p, d, rng.next() % 2 == 0))
        }
        for (i, t) in cases.enumerated() {
            let (n, c, h, w, o, k, s, p, d, hasBias) = t
            let x = randn([n, c, h, w], seed: UInt64(10 + i)).requiringGrad()
            let wt = randn([o, c, k.0, k.1], seed: UInt64(20 + i)).requiringGrad()
            let b = hasBias ? randn([o], seed: UInt64(30 + i)).requiringGrad() : nil
            let g = Conv2DGeometry(kernel: k, stride: s, padding: p, dilation: d)
            let y = try Tensor.conv2d(x, weight: wt, bias: b, stride: s, padding: p, dilation: d)
            let gOut = randn(y.shape, seed: UInt64(40 + i))
            try (y * gOut).sum().backward()
            let ref = Self.referenceConvolution(x, wt, b, g, outputWeights: gOut)
            let what = "case \(i) \(t)"
            Self.expectClose(y, ref.out, "\(what) output")
            Self.expectClose(x.grad!, ref.dx, "\(what) input gradient")
            Self.expectClose(wt.grad!, ref.dw, "\(what) weight gradient")
            if let b { Self.expectClose(b.grad!, ref.db, "\(what) bias gradient") }
        }
        #expect(Kernels.convolutionGroup(images: 5, rows: 64 * 9, columns: 40 * 40) == 2)
    }

    /// `insideRange` (the bounds of im2col's and col2im's copies) against a brute-force scan, for offsets around
    /// the image, strides 1–4 and outputs shorter and longer than the image.
    @Test func insideRangeMatchesBruteForce() {
        for size in 1...9 { for stride in 1...4 { for count in 0...10 { for offset in -6...10 {
            let inside = (0..<count).filter { let i = $0 * stride + offset; return i >= 0 && i < size }
            let (lo, hi) = Kernels.insideRange(offset: offset, stride: stride, size: size, count: count)
            let expected = inside.isEmpty ? nil : (inside.first!, inside.last! + 1)
            if let (elo, ehi) = expected {
                #expect(lo == elo && hi == ehi, "size \(size) stride \(stride) count \(count) offset \(offset)")
            } else {
                #expect(lo == hi && lo >= 0 && hi <= count, "size \(size) stride \(stride) count \(count) offset \(offset)")
            }
        } } } }
    }

    /// Strided convolutions (the downsampling layers of ResNet: 1×1 and 3×3 with stride 2, and odd strides,
    /// paddings and sizes) through im2col with strided gathers and col2im with strided adds, against the loops.
    @Test func stridedConvolutionMatchesDirectLoops() throws {
        // (n, c, h, w, o, kernel, stride, padding)
        let cases: [(Int, Int, Int, Int, Int, (Int, Int), (Int, Int), (Int, Int))] = [
            (2, 5, 9, 9, 4, (1, 1), (2, 2), (0, 0)),    // ResNet's downsample, odd size
            (3, 4, 14, 13, 6, (3, 3), (2, 2), (1, 1)),  // ResNet's strided 3×3
            (2, 3, 11, 10, 2, (3, 2), (3, 2), (2, 1)),  // stride 3, padding larger than the last window needs
            (1, 2, 5, 7, 3, (2, 3), (2, 3), (1, 2)),    // stride 3 across, wide padding
        ]
        for (i, t) in cases.enumerated() {
            let (n, c, h, w, o, k, s, p) = t
            let x = randn([n, c, h, w], seed: UInt64(50 + i)).requiringGrad()
            let wt = randn([o, c, k.0, k.1], seed: UInt64(60 + i)).requiringGrad()
            let y = try Tensor.conv2d(x, weight: wt, bias: nil, stride: s, padding: p)
            let gOut = randn(y.shape, seed: UInt64(70 + i))
            try (y * gOut).sum().backward()
            let ref = Self.referenceConvolution(x, wt, nil, Conv2DGeometry(kernel: k, stride: s, padding: p), outputWeights: gOut)
            Self.expectClose(y, ref.out, "case \(i) output")
            Self.expectClose(x.grad!, ref.dx, "case \(i) input gradient")
            Self.expectClose(wt.grad!, ref.dw, "case \(i) weight gradient")
        }
    }

    /// The 2×2 stride-2 path (odd sizes, ties, a NaN window) against the definition: first maximum wins,
    /// a NaN wins over numbers, the gradient goes to the winner.
    @Test func maxPool2x2MatchesDefinition() throws {
        let (n, c, h, w) = (2, 3, 7, 9)
        let x = randn([n, c, h, w], seed: 5)
        x.pointer[0] = 1; x.pointer[1] = 1           // a tie in the first window: index 0 wins
        x.pointer[h * w + 3] = .nan                  // a NaN in plane 1
        x.requiresGrad = true
        let y = try x.maxPool2d(kernel: (2, 2))
        let (oh, ow) = (h / 2, w / 2)
        #expect(y.shape == [n, c, oh, ow])
        let gOut = randn(y.shape, seed: 6)
        try (y * gOut).sum().backward()
        var dx = [Float](repeating: 0, count: x.count)
        for plane in 0..<(n * c) { for oy in 0..<oh { for ox in 0..<ow {
            var best = -Float.infinity, at = -1
            for ki in 0..<2 { for kj in 0..<2 {
                let idx = plane * h * w + (2 * oy + ki) * w + 2 * ox + kj
                let v = x.pointer[idx]
                if at < 0 || (!best.isNaN && (v > best || v.isNaN)) { best = v; at = idx }
            } }
            let o = (plane * oh + oy) * ow + ox
            #expect(y.pointer[o] == best || (best.isNaN && y.pointer[o].isNaN), "window \(o)")
            dx[at] += gOut.pointer[o]
        } } }
        #expect(x.grad!.scalars == dx)
    }

    /// Fused batch norm against the formula in Double, and its gradients against finite differences,
    /// in training (batch statistics) and evaluation (given statistics) mode.
    @Test func fusedBatchNormMatchesFormulaAndGradients() throws {
        let x = randn([3, 2, 4, 5], seed: 7, scale: 2, shift: 1)
        let weight = randn([2], seed: 8, shift: 1), bias = randn([2], seed: 9)
        let (y, mean, variance) = try Tensor.batchNorm2dTraining(x, weight: weight, bias: bias, epsilon: 1e-5)
        let (n, c, hw) = (3, 2, 20)
        for ch in 0..<c {
            var values: [Double] = []
            for i in 0..<n { for q in 0..<hw { values.append(Double(x.pointer[(i * c + ch) * hw + q])) } }
            let mu = values.reduce(0, +) / Double(values.count)
            let v = values.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(values.count)
            #expect(Swift.abs(Double(mean[ch]) - mu) < 1e-5 && Swift.abs(Double(variance[ch]) - v) < 1e-4)
            for i in 0..<n { for q in 0..<hw {
                let at = (i * c + ch) * hw + q
                let expected = (Double(x.pointer[at]) - mu) / (v + 1e-5).squareRoot() * Double(weight.pointer[ch]) + Double(bias.pointer[ch])
                #expect(Swift.abs(Double(y.pointer[at]) - expected) < 1e-4)
            } }
        }
        try GradCheck.check("batchNorm2dTraining", [x, weight, bias]) {
            try Tensor.batchNorm2dTraining($0[0], weight: $0[1], bias: $0[2], epsilon: 1e-5).output
        }
        let runningMean = T([2], [0.3, -0.2]), runningVar = T([2], [1.5, 0.7])
        try GradCheck.check("batchNorm2d evaluation", [x.copy(), weight.copy(), bias.copy()]) {
            try Tensor.batchNorm2d($0[0], weight: $0[1], bias: $0[2], mean: runningMean, variance: runningVar, epsilon: 1e-5)
        }
        #expect(tensorError { try Tensor.batchNorm2dTraining(Tensor.zeros([1, 2, 1, 1]), weight: weight, bias: bias, epsilon: 1e-5) } != nil)
        #expect(tensorError { try Tensor.batchNorm2d(x, weight: T([3], [1, 1, 1]), bias: bias, mean: runningMean, variance: runningVar, epsilon: 1e-5) } != nil)
    }

    /// A released large buffer is handed out again for the next request of its size class; small ones are not kept.
    @Test func bufferCacheReusesLargeBuffers() {
        let cache = BufferCache(capacityBytes: 8 << 20)
        let bytes = BufferCache.minimumBytes + 12_345
        let a = cache.allocate(bytes: bytes)
        cache.release(a, bytes: bytes)
        let b = cache.allocate(bytes: BufferCache.sizeClass(bytes) - 7)  // same 4 KiB class
        #expect(a == b)
        let c = cache.allocate(bytes: bytes)  // a is in use: a different block
        #expect(c != b)
        cache.release(b, bytes: bytes)
        cache.release(c, bytes: bytes)
        let size = BufferCache.sizeClass(bytes)
        #expect(cache.idleByteCount == 2 * size)
        // Beyond the capacity the oldest idle buffers are freed; a buffer above the capacity is not kept.
        let d = cache.allocate(bytes: 7 << 20)
        cache.release(d, bytes: 7 << 20)
        #expect(cache.idleByteCount == 7 << 20)  // the two older buffers made room
        let e = cache.allocate(bytes: bytes)    // a miss: nothing of this size is idle
        #expect(e != d && cache.idleByteCount == 7 << 20)
        let big = cache.allocate(bytes: 16 << 20)
        cache.release(big, bytes: 16 << 20)
        #expect(cache.idleByteCount == 7 << 20)
        cache.release(e, bytes: bytes)
        #expect(cache.idleByteCount == size)  // 7 MiB + 1 MiB > 8 MiB: the oldest (d) went
        // Values written through a tensor survive (no aliasing between live tensors).
        let t1 = Tensor.full([BufferCache.minimumBytes / 4 + 1], 1), t2 = Tensor.full([BufferCache.minimumBytes / 4 + 1], 2)
        #expect(t1.pointer != t2.pointer && t1.pointer[0] == 1 && t2.pointer[0] == 2)
    }
}
