import Testing
@testable import GalenTensor

/// Winograd F(4×4, 3×3) convolution against the im2col path, direct loops in Double, finite differences and the
/// PyTorch conv2d fixtures (through `torchFixturesPassOnEachPath`), with the algorithm forced.
@Suite struct Winograd4x4ConvolutionTests {
    /// max |a − b| over max |b|: the error relative to the tensor's scale (sums of many products of both signs
    /// can cancel to near 0, where an elementwise relative error means nothing).
    static func scaledError(_ a: Tensor, _ b: Tensor) -> Float {
        var worst: Float = 0, scale: Float = 0
        for i in 0..<min(a.count, b.count) {
            scale = max(scale, abs(b.pointer[i]))
            worst = max(worst, abs(a.pointer[i] - b.pointer[i]))
        }
        return worst / max(scale, 1e-30)
    }

    /// Odd sizes (edge tiles partly outside the output), padding 0/1/2 (also different per axis), outputs
    /// smaller than one tile, batch 1 and more, channel counts that are multiples of nothing, with and without
    /// bias and fused ReLU: F(4×4) equals im2col (forward and all gradients) and the direct loops in Double.
    @Test func winograd4MatchesIm2colAndDirectLoops() throws {
        // (n, c, h, w, o, padding, bias, relu)
        let cases: [(Int, Int, Int, Int, Int, (Int, Int), Bool, Bool)] = [
            (1, 3, 5, 5, 2, (0, 0), true, false),     // 3×3 output: one partial tile
            (2, 5, 7, 9, 7, (1, 1), false, false),    // 7×9: partial tiles on both edges
            (3, 17, 6, 11, 19, (2, 2), true, false),  // padding 2: output larger than the input
            (2, 4, 3, 3, 3, (1, 0), true, true),      // different padding per axis, fused ReLU
            (1, 1, 4, 4, 1, (0, 2), false, true),     // one channel, 2×6 output
            (4, 9, 13, 13, 11, (0, 0), true, true),   // 11×11: the seed CNN's second layer, smaller
            (2, 6, 16, 17, 5, (1, 1), true, false),   // whole tiles in one direction, 5 tiles in the other
            (1, 2, 9, 22, 3, (0, 1), false, false),   // wide: several SIMD4 groups of tiles plus a remainder
        ]
        for (i, t) in cases.enumerated() {
            let (n, c, h, w, o, p, hasBias, relu) = t
            let x = randn([n, c, h, w], seed: UInt64(400 + i))
            let wt = randn([o, c, 3, 3], seed: UInt64(500 + i), scale: 0.5)
            let b = hasBias ? randn([o], seed: UInt64(600 + i)) : nil
            let what = "case \(i) \(t)"
            let win = try WinogradConvolutionTests.run(.winograd4, x: x, w: wt, b: b, padding: p, relu: relu)
            let col = try WinogradConvolutionTests.run(.im2col, x: x, w: wt, b: b, padding: p, relu: relu, gOut: win.gOut)
            WinogradConvolutionTests.expectClose(win.y, col.y, "\(what) output", tolerance: 2e-4)
            WinogradConvolutionTests.expectClose(win.dx, col.dx, "\(what) input gradient", tolerance: 2e-4)
            WinogradConvolutionTests.expectClose(win.dw, col.dw, "\(what) weight gradient", tolerance: 2e-4)
            if let db = win.db { WinogradConvolutionTests.expectClose(db, col.db!, "\(what) bias gradient") }
            if !relu {
                let g = Conv2DGeometry(kernel: (3, 3), padding: p)
                let ref = ConvolutionKernelTests.referenceConvolution(x, wt, b, g, outputWeights: win.gOut)
                ConvolutionKernelTests.expectClose(win.y, ref.out, "\(what) output vs loops", tolerance: 2e-4)
                ConvolutionKernelTests.expectClose(win.dx, ref.dx, "\(what) input gradient vs loops", tolerance: 2e-4)
                ConvolutionKernelTests.expectClose(win.dw, ref.dw, "\(what) weight gradient vs loops", tolerance: 2e-4)
            }
        }
    }

    /// ResNet-18 (28)'s layer shapes (28×28 with 64 channels, 14×14 with 128, 7×7 with 256, 4×4 with 512;
    /// Kaiming-scaled weights, a batch that splits into several blocks of images at 28×28): F(4×4) is within
    /// 1e-3 of im2col relative to each tensor's scale, forward and both gradients.
    @Test func resNetLayersMatchIm2colWithin1e3() throws {
        for (n, c, size) in [(10, 64, 28), (2, 128, 14), (2, 256, 7), (2, 512, 4)] {
            if size == 28 {
                let tiles = 49
                #expect(Kernels.winograd4Group(images: n, c: c, o: c, tiles: tiles) < n, "should need several blocks")
            }
            let x = randn([n, c, size, size], seed: UInt64(c))
            let wt = randn([c, c, 3, 3], seed: UInt64(c + 1), scale: (2 / Float(9 * c)).squareRoot())
            let win = try WinogradConvolutionTests.run(.winograd4, x: x, w: wt, b: nil, padding: (1, 1), relu: false)
            let col = try WinogradConvolutionTests.run(.im2col, x: x, w: wt, b: nil, padding: (1, 1), relu: false,
                                                       gOut: win.gOut)
            for (what, a, b) in [("output", win.y, col.y), ("input gradient", win.dx, col.dx),
                                 ("weight gradient", win.dw, col.dw)] {
                let e = Self.scaledError(a, b)
                #expect(e <= 1e-3, "\(c) channels at \(size)×\(size): \(what) differs by \(e) of its scale")
            }
        }
    }

    /// The weight transform (in blocks of `winogradKernelChunk` kernels, here with partial blocks) equals
    /// `G g Gᵀ` computed per kernel in Double, and with `rotated` the transform of the kernel rotated by 180°.
    @Test func weightTransformMatchesDouble() {
        let third = 1.0 / 6
        let gm: [[Double]] = [[0.25, 0, 0], [-third, -third, -third], [-third, third, -third],
                              [1.0 / 24, 1.0 / 12, third], [1.0 / 24, -1.0 / 12, third], [0, 0, 1]]
        func transform(_ k: (Int, Int) -> Double) -> [[Double]] {  // G k Gᵀ
            (0..<6).map { i in (0..<6).map { j in
                var s = 0.0
                for a in 0..<3 { for b in 0..<3 { s += gm[i][a] * k(a, b) * gm[j][b] } }
                return s
            } }
        }
        for (o, c) in [(5, 13), (1, 1), (3, 43), (16, 16)] {  // 65, 1, 129, 256 kernels
            let w = randn([o, c, 3, 3], seed: UInt64(o * 100 + c))
            let plane = o * c
            for rotated in [false, true] {
                let u = UnsafeMutablePointer<Float>.allocate(capacity: 36 * plane)
                defer { u.deallocate() }
                Kernels.winograd4WeightTransform(w.pointer, o: o, c: c, rotated: rotated, into: u)
                var worst = 0.0
                for oc in 0..<o { for ic in 0..<c {
                    let k = w.pointer + (oc * c + ic) * 9
                    let expected = transform { a, b in Double(k[rotated ? 8 - (a * 3 + b) : a * 3 + b]) }
                    for xi in 0..<36 {
                        worst = max(worst, abs(Double(u[xi * plane + oc * c + ic]) - expected[xi / 6][xi % 6]))
                    }
                } }
                #expect(worst <= 1e-5, "(\(o), \(c)), rotated \(rotated): transform differs by \(worst)")
            }
        }
    }

    /// The adjoint of the weight transform: ⟨U(g), dU⟩ = ⟨g, Uᵀ(dU)⟩ for random g and dU, and it adds into
    /// what the gradient already holds.
    @Test func weightTransformAdjointIsTheTranspose() {
        let (o, c) = (7, 11)
        let plane = o * c
        let g = randn([o, c, 3, 3], seed: 41), du = randn([36 * plane], seed: 42), start = randn([o, c, 3, 3], seed: 43)
        let u = UnsafeMutablePointer<Float>.allocate(capacity: 36 * plane)
        defer { u.deallocate() }
        Kernels.winograd4WeightTransform(g.pointer, o: o, c: c, rotated: false, into: u)
        let back = start.copy()
        Kernels.winograd4WeightTransformAdjoint(du.pointer, o: o, c: c, into: back.pointer)
        var lhs = 0.0, rhs = 0.0
        for i in 0..<(36 * plane) { lhs += Double(u[i]) * Double(du.pointer[i]) }
        for i in 0..<(9 * plane) { rhs += Double(g.pointer[i]) * Double(back.pointer[i] - start.pointer[i]) }
        #expect(abs(lhs - rhs) <= 1e-4 * max(1, abs(lhs)), "⟨U g, dU⟩ = \(lhs), ⟨g, Uᵀ dU⟩ = \(rhs)")
    }

    /// Gradients of the F(4×4) path (plain and fused ReLU) against central differences. The step is 1e-2, not the
    /// default 1e-3: F(4×4)'s forward rounding (about 1e-6 of the output scale, a few times F(2×2)'s) divided by a
    /// 2e-3 step reads as gradient errors of 1e-2; the convolution is linear in each input, so the larger step
    /// adds no truncation error (with the fused ReLU a step of 1e-2 crosses kinks, so 3e-3 there, with the
    /// absolute tolerance raised to 5e-3 for the rounding noise that smaller step leaves).
    @Test func winograd4GradientsMatchFiniteDifferences() throws {
        try ConvolutionAlgorithm.$forced.withValue(.winograd4) {
            let x = randn([2, 3, 5, 6], seed: 15), w = randn([4, 3, 3, 3], seed: 16, scale: 0.5), b = randn([4], seed: 17)
            try GradCheck.check("winograd4 conv2d", [x, w, b], eps: 1e-2) { t in
                try Tensor.conv2d(t[0], weight: t[1], bias: t[2], padding: (1, 1))
            }
            try GradCheck.check("winograd4 conv2d padding (2, 0)", [x, w], eps: 1e-2) { t in
                try Tensor.conv2d(t[0], weight: t[1], bias: nil, padding: (2, 0))
            }
            try GradCheck.check("winograd4 conv2dReLU", [x, w, b], eps: 3e-3, atol: 5e-3) { t in
                try Tensor.conv2dReLU(t[0], weight: t[1], bias: t[2], padding: (0, 0))
            }
        }
    }
}
