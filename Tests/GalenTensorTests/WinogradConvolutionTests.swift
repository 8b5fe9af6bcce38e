import Testing
@testable import GalenTensor

/// Winograd F(2×2, 3×3) convolution against the im2col path, direct loops in Double, finite differences and
/// the PyTorch conv2d fixtures, with each algorithm forced in turn.
@Suite struct WinogradConvolutionTests {
    /// Output and the gradients of x, weight and bias for the weighting `gOut`, under one forced algorithm.
    static func run(_ algorithm: ConvolutionAlgorithm, x: Tensor, w: Tensor, b: Tensor?, padding: (Int, Int),
                    relu: Bool, gOut: Tensor? = nil) throws -> (y: Tensor, dx: Tensor, dw: Tensor, db: Tensor?, gOut: Tensor) {
        try ConvolutionAlgorithm.$forced.withValue(algorithm) {
            let xi = x.detached().requiringGrad(), wi = w.detached().requiringGrad()
            let bi = b.map { $0.detached().requiringGrad() }
            let y = relu ? try Tensor.conv2dReLU(xi, weight: wi, bias: bi, padding: padding)
                         : try Tensor.conv2d(xi, weight: wi, bias: bi, padding: padding)
            let g = gOut ?? randn(y.shape, seed: 77)
            try (y * g).sum().backward()
            return (y, xi.grad!, wi.grad!, bi?.grad, g)
        }
    }

    /// |a − b| / (1 + |b|) over all elements, at most `tolerance`.
    static func expectClose(_ a: Tensor, _ b: Tensor, _ what: String, tolerance: Float = 1e-4,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.shape == b.shape, "\(what): shape \(a.shape) vs \(b.shape)", sourceLocation: sourceLocation)
        var worst: Float = 0, at = -1
        for i in 0..<min(a.count, b.count) {
            let e = Swift.abs(a.pointer[i] - b.pointer[i]) / (1 + Swift.abs(b.pointer[i]))
            if !(e <= worst) { worst = e; at = i }
        }
        #expect(worst <= tolerance, "\(what): element \(at) differs by \(worst) (relative)", sourceLocation: sourceLocation)
    }

    /// Odd sizes, padding 0/1/2 (also different per axis), batch 1 and more, channel counts that are multiples
    /// of nothing, with and without bias and fused ReLU: Winograd equals im2col (forward and all gradients) and
    /// both equal the direct loops in Double.
    @Test func winogradMatchesIm2colAndDirectLoops() throws {
        // (n, c, h, w, o, padding, bias, relu)
        let cases: [(Int, Int, Int, Int, Int, (Int, Int), Bool, Bool)] = [
            (1, 3, 5, 5, 2, (0, 0), true, false),     // 3×3 output: one partial tile per edge
            (2, 5, 7, 9, 7, (1, 1), false, false),    // odd sizes, same padding
            (3, 17, 6, 11, 19, (2, 2), true, false),  // padding 2: output larger than the input
            (2, 4, 3, 3, 3, (1, 0), true, true),      // different padding per axis, fused ReLU
            (1, 1, 4, 4, 1, (0, 2), false, true),     // one channel, 2×6 output
            (4, 9, 13, 13, 11, (0, 0), true, true),   // the seed CNN's second layer, smaller
        ]
        for (i, t) in cases.enumerated() {
            let (n, c, h, w, o, p, hasBias, relu) = t
            let x = randn([n, c, h, w], seed: UInt64(100 + i))
            let wt = randn([o, c, 3, 3], seed: UInt64(200 + i), scale: 0.5)
            let b = hasBias ? randn([o], seed: UInt64(300 + i)) : nil
            let what = "case \(i) \(t)"
            let win = try Self.run(.winograd, x: x, w: wt, b: b, padding: p, relu: relu)
            let col = try Self.run(.im2col, x: x, w: wt, b: b, padding: p, relu: relu, gOut: win.gOut)
            Self.expectClose(win.y, col.y, "\(what) output")
            Self.expectClose(win.dx, col.dx, "\(what) input gradient")
            Self.expectClose(win.dw, col.dw, "\(what) weight gradient")
            if let db = win.db { Self.expectClose(db, col.db!, "\(what) bias gradient") }
            if !relu {
                let g = Conv2DGeometry(kernel: (3, 3), padding: p)
                let ref = ConvolutionKernelTests.referenceConvolution(x, wt, b, g, outputWeights: win.gOut)
                ConvolutionKernelTests.expectClose(win.y, ref.out, "\(what) output vs loops", tolerance: 1e-4)
                ConvolutionKernelTests.expectClose(win.dx, ref.dx, "\(what) input gradient vs loops", tolerance: 1e-4)
                ConvolutionKernelTests.expectClose(win.dw, ref.dw, "\(what) weight gradient vs loops", tolerance: 1e-4)
            }
        }
    }

    /// Batches split into several blocks of images (the scratch bound) with a final partial block, at ResNet-like
    /// channel counts: Winograd equals im2col.
    @Test func blockedBatchesMatchIm2col() throws {
        let (n, c, h, w, o) = (7, 40, 30, 29, 48)
        let tiles = 15 * 15  // ≥ winogradWideImageTiles: blocks of one image
        #expect(Kernels.winogradGroup(images: n, c: c, o: o, tiles: tiles) < n, "the case should need several blocks")
        let x = randn([n, c, h, w], seed: 1), wt = randn([o, c, 3, 3], seed: 2, scale: 0.1), b = randn([o], seed: 3)
        // No ReLU: among 80,000 outputs some lie so close to 0 that rounding flips their mask between the paths.
        let win = try Self.run(.winograd, x: x, w: wt, b: b, padding: (1, 1), relu: false)
        let col = try Self.run(.im2col, x: x, w: wt, b: b, padding: (1, 1), relu: false, gOut: win.gOut)
        Self.expectClose(win.y, col.y, "output")
        Self.expectClose(win.dx, col.dx, "input gradient")
        // Each weight gradient sums 6,300 products of both signs: its rounding error is relative to the
        // gradient's scale (the largest |value|), not to each sum, which may cancel to near 0.
        var scale: Float = 0, worst: Float = 0
        for i in 0..<col.dw.count {
            scale = Swift.max(scale, Swift.abs(col.dw.pointer[i]))
            worst = Swift.max(worst, Swift.abs(win.dw.pointer[i] - col.dw.pointer[i]))
        }
        #expect(worst <= 1e-4 * scale, "weight gradient differs by \(worst), scale \(scale)")
        Self.expectClose(win.db!, col.db!, "bias gradient")
    }

    /// Block sizes: one image once an image has `winogradWideImageTiles` tiles (ResNet-18-28's 28×28 layers),
    /// else as many as the scratch bound allows (at least one, at most the batch).
    @Test func blockSizes() {
        #expect(Kernels.winogradGroup(images: 128, c: 64, o: 64, tiles: 196) == 1)
        #expect(Kernels.winogradGroup(images: 128, c: 128, o: 128, tiles: 49) == (1 << 21) / (16 * 256 * 49))
        #expect(Kernels.winogradGroup(images: 128, c: 512, o: 512, tiles: 4) == 32)
        #expect(Kernels.winogradGroup(images: 3, c: 16, o: 16, tiles: 4) == 3)
        #expect(Kernels.winogradGroup(images: 2, c: 4096, o: 4096, tiles: 100) == 1)
    }

    /// The weight transform (in blocks of `winogradKernelChunk` kernels, here with partial blocks) equals
    /// `G g Gᵀ` computed per kernel in Double, and its plane `winogradFlippedPlane(ξ)` read transposed equals the
    /// transform of the kernels rotated by 180° with channels swapped (what the input gradient uses).
    @Test func weightTransformAndItsFlippedPlanes() {
        let gm: [[Double]] = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]]
        func transform(_ k: (Int, Int) -> Double) -> [[Double]] {  // G k Gᵀ
            (0..<4).map { i in (0..<4).map { j in
                var s = 0.0
                for a in 0..<3 { for b in 0..<3 { s += gm[i][a] * k(a, b) * gm[j][b] } }
                return s
            } }
        }
        for (o, c) in [(5, 13), (1, 1), (3, 43), (16, 16)] {  // 65, 1, 129, 256 kernels
            let w = randn([o, c, 3, 3], seed: UInt64(o * 100 + c))
            let plane = o * c
            let u = UnsafeMutablePointer<Float>.allocate(capacity: 16 * plane)
            defer { u.deallocate() }
            Kernels.winogradWeightTransform(w.pointer, o: o, c: c, into: u)
            var worst = 0.0, worstFlipped = 0.0
            for oc in 0..<o { for ic in 0..<c {
                let k = w.pointer + (oc * c + ic) * 9
                let direct = transform { a, b in Double(k[a * 3 + b]) }
                let rotated = transform { a, b in Double(k[8 - (a * 3 + b)]) }
                for xi in 0..<16 {
                    worst = max(worst, Swift.abs(Double(u[xi * plane + oc * c + ic]) - direct[xi / 4][xi % 4]))
                    // Flipped plane ξ is [c][o]: element (ic, oc) is U[π(ξ)] at (oc, ic).
                    let f = Double(u[Kernels.winogradFlippedPlane(xi) * plane + oc * c + ic])
                    worstFlipped = max(worstFlipped, Swift.abs(f - rotated[xi / 4][xi % 4]))
                }
            } }
            #expect(worst <= 1e-5, "(\(o), \(c)): transform differs by \(worst)")
            #expect(worstFlipped <= 1e-5, "(\(o), \(c)): flipped planes differ by \(worstFlipped)")
        }
    }

    /// Gradients of the Winograd path (plain and fused ReLU) against central differences.
    @Test func winogradGradientsMatchFiniteDifferences() throws {
        try ConvolutionAlgorithm.$forced.withValue(.winograd) {
            let x = randn([2, 3, 5, 6], seed: 5), w = randn([4, 3, 3, 3], seed: 6, scale: 0.5), b = randn([4], seed: 7)
            try GradCheck.check("winograd conv2d", [x, w, b]) { t in
                try Tensor.conv2d(t[0], weight: t[1], bias: t[2], padding: (1, 1))
            }
            try GradCheck.check("winograd conv2d padding (2, 0)", [x, w]) { t in
                try Tensor.conv2d(t[0], weight: t[1], bias: nil, padding: (2, 0))
            }
            try GradCheck.check("winograd conv2dReLU", [x, w, b]) { t in
                try Tensor.conv2dReLU(t[0], weight: t[1], bias: t[2], padding: (0, 0))
            }
        }
    }

    /// The PyTorch conv2d fixtures pass with each algorithm forced (Winograd falls back to im2col where it does
    /// not fit: strides, dilations, other kernel sizes).
    @Test(arguments: [ConvolutionAlgorithm.im2col, .winograd])
    func torchFixturesPassOnEachPath(_ algorithm: ConvolutionAlgorithm) throws {
        let cases = TorchFixtures.cases.filter { $0.op == "conv2d" }
        #expect(!cases.isEmpty)
        try ConvolutionAlgorithm.$forced.withValue(algorithm) {
            for c in cases {
                let inputs = try c.inputs.enumerated().map { i, v in try v.tensor().requiringGrad(c.requiresGrad[i]) }
                let out = try TorchFixtures.apply(c, inputs)
                let forward = TorchFixtures.maxError(out.scalars, c.output.data)
                #expect(forward <= 1e-5, "\(c.name) (\(algorithm)): forward differs from PyTorch by \(forward)")
                try (out * (try c.weight.tensor())).sum().backward()
                for (i, expected) in c.grads.enumerated() {
                    guard let expected, let grad = inputs[i].grad else { continue }
                    let err = TorchFixtures.maxError(grad.scalars, expected.data)
                    #expect(err <= 1e-4, "\(c.name) (\(algorithm)): gradient of input \(i) differs from PyTorch by \(err)")
                }
            }
        }
    }

    /// The shape rule: Winograd for ResNet's and the seed CNN's 3×3 stride-1 layers with enough channels,
    /// im2col for one input channel, strides, other kernels and tiny outputs that waste most of their tiles.
    @Test func algorithmChoice() {
        let same = Conv2DGeometry(kernel: (3, 3), padding: (1, 1)), valid = Conv2DGeometry(kernel: (3, 3))
        #expect(Kernels.convolutionAlgorithm(same, c: 64, o: 64, oh: 28, ow: 28) == .winograd)
        #expect(Kernels.convolutionAlgorithm(same, c: 512, o: 512, oh: 4, ow: 4) == .winograd)
        #expect(Kernels.convolutionAlgorithm(same, c: 256, o: 256, oh: 7, ow: 7) == .winograd)
        #expect(Kernels.convolutionAlgorithm(valid, c: 32, o: 64, oh: 11, ow: 11) == .winograd)
        #expect(Kernels.convolutionAlgorithm(same, c: 1, o: 64, oh: 28, ow: 28) == .im2col)
        #expect(Kernels.convolutionAlgorithm(valid, c: 64, o: 64, oh: 3, ow: 3) == .im2col)
        #expect(Kernels.convolutionAlgorithm(Conv2DGeometry(kernel: (3, 3), stride: (2, 2), padding: (1, 1)),
                                             c: 64, o: 128, oh: 14, ow: 14) == .im2col)
        #expect(Kernels.convolutionAlgorithm(Conv2DGeometry(kernel: (3, 3), padding: (3, 3)),
                                             c: 64, o: 64, oh: 32, ow: 32) == .im2col)
        #expect(Kernels.convolutionAlgorithm(Conv2DGeometry(kernel: (1, 1)), c: 64, o: 64, oh: 28, ow: 28) == .im2col)
        ConvolutionAlgorithm.$forced.withValue(.winograd) {
            #expect(Kernels.convolutionAlgorithm(valid, c: 1, o: 1, oh: 3, ow: 3) == .winograd)
            #expect(Kernels.convolutionAlgorithm(Conv2DGeometry(kernel: (5, 5)), c: 8, o: 8, oh: 9, ow: 9) == .im2col)
        }
    }
}
