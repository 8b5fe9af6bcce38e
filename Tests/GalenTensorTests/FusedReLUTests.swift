import Testing
@testable import GalenTensor

/// The fused "operation then ReLU" kernels (`conv2dReLU`, `batchNorm2dTraining`/`batchNorm2d` with `relu`,
/// `addReLU`): the same values and gradients, bit for bit, as the operation followed by `relu()` (whose
/// gradients the finite-difference tests check), and the convolution against the Double reference.
@Suite struct FusedReLUTests {
    /// Output and all gradients of `f` for the weighting `gOut` of its output (fresh leaf copies of `inputs`).
    static func valueAndGradients(_ inputs: [Tensor], gOut: Tensor, _ f: ([Tensor]) throws -> Tensor) throws -> [[Float]] {
        let leaves = inputs.map { $0.copy().requiringGrad() }
        let y = try f(leaves)
        try (y * gOut).sum().backward()
        return [y.scalars] + leaves.map { $0.grad!.scalars }
    }

    /// conv2dReLU equals conv2d + relu exactly (forward, input, weight and bias gradients), over blocked and
    /// single-image batches, odd sizes, strides, paddings and dilations, with and without bias; and matches the
    /// Double reference convolution with the ReLU mask applied.
    @Test func convolutionReLUEqualsConvolutionThenReLU() throws {
        // (n, c, h, w, o, kernel, stride, padding, dilation, bias)
        let cases: [(Int, Int, Int, Int, Int, (Int, Int), (Int, Int), (Int, Int), (Int, Int), Bool)] = [
            (5, 64, 40, 40, 3, (3, 3), (1, 1), (1, 1), (1, 1), true),   // blocks of 2, 2, 1
            (3, 96, 59, 63, 2, (3, 3), (2, 2), (1, 1), (1, 1), false),  // strided, blocks of 2, 1
            (4, 3, 9, 8, 5, (3, 2), (1, 2), (2, 1), (2, 1), true),      // one block, dilation
            (1, 2, 5, 5, 3, (1, 1), (1, 1), (0, 0), (1, 1), false),     // 1×1, one image, no bias (direct path)
            (2, 50, 50, 50, 4, (3, 3), (1, 1), (1, 1), (1, 1), true),   // one image per block (direct path), bias
            (2, 1, 7, 11, 6, (3, 3), (2, 1), (0, 2), (1, 2), true),     // one input channel, odd sizes
        ]
        for (i, t) in cases.enumerated() {
            let (n, c, h, w, o, k, s, p, d, hasBias) = t
            let x = randn([n, c, h, w], seed: UInt64(50 + i)), wt = randn([o, c, k.0, k.1], seed: UInt64(60 + i))
            let inputs = hasBias ? [x, wt, randn([o], seed: UInt64(70 + i))] : [x, wt]
            let g = Conv2DGeometry(kernel: k, stride: s, padding: p, dilation: d)
            let (oh, ow) = g.outputSize(height: h, width: w)
            let gOut = randn([n, o, oh, ow], seed: UInt64(80 + i))
            let fused = try Self.valueAndGradients(inputs, gOut: gOut) {
                try Tensor.conv2dReLU($0[0], weight: $0[1], bias: $0.count > 2 ? $0[2] : nil, stride: s, padding: p, dilation: d)
            }
            let plain = try Self.valueAndGradients(inputs, gOut: gOut) {
                try Tensor.conv2d($0[0], weight: $0[1], bias: $0.count > 2 ? $0[2] : nil, stride: s, padding: p, dilation: d).relu()
            }
            #expect(fused == plain, "case \(i) \(t): fused and unfused differ")
            // Against the Double reference: relu of the reference output, gradients for the masked weighting.
            let pre = Self.referenceOutput(inputs, g)
            let masked = gOut.copy()
            for j in 0..<masked.count where pre[j] <= 0 { masked.pointer[j] = 0 }
            let ref = ConvolutionKernelTests.referenceConvolution(inputs[0], inputs[1], hasBias ? inputs[2] : nil, g, outputWeights: masked)
            let what = "case \(i) \(t)"
            ConvolutionKernelTests.expectClose(T([fused[0].count], fused[0]), ref.out.map { Swift.max($0, 0) }, "\(what) output")
            ConvolutionKernelTests.expectClose(T([fused[1].count], fused[1]), ref.dx, "\(what) input gradient")
            ConvolutionKernelTests.expectClose(T([fused[2].count], fused[2]), ref.dw, "\(what) weight gradient")
            if hasBias { ConvolutionKernelTests.expectClose(T([fused[3].count], fused[3]), ref.db, "\(what) bias gradient") }
        }
    }

    static func referenceOutput(_ inputs: [Tensor], _ g: Conv2DGeometry) -> [Double] {
        ConvolutionKernelTests.referenceConvolution(inputs[0], inputs[1], inputs.count > 2 ? inputs[2] : nil, g, outputWeights: nil).out
    }

    /// Batch norm with the fused ReLU equals batch norm then relu exactly, in training and evaluation mode,
    /// and its gradients match finite differences.
    @Test func batchNormReLUEqualsBatchNormThenReLU() throws {
        for shape in [[3, 2, 4, 5], [2, 5, 1, 3], [4, 3, 7, 7]] {
            let c = shape[1]
            let x = randn(shape, seed: 21, scale: 2, shift: 0.3)
            let weight = randn([c], seed: 22, shift: 1), bias = randn([c], seed: 23)
            let mean = randn([c], seed: 24), variance = randn([c], seed: 25, scale: 0.1, shift: 1)
            let gOut = randn(shape, seed: 26)
            let fused = try Self.valueAndGradients([x, weight, bias], gOut: gOut) {
                try Tensor.batchNorm2dTraining($0[0], weight: $0[1], bias: $0[2], epsilon: 1e-5, relu: true).output
            }
            let plain = try Self.valueAndGradients([x, weight, bias], gOut: gOut) {
                try Tensor.batchNorm2dTraining($0[0], weight: $0[1], bias: $0[2], epsilon: 1e-5).output.relu()
            }
            #expect(fused == plain, "training \(shape)")
            #expect(fused[0].contains { $0 == 0 } && fused[0].contains { $0 > 0 }, "the mask is exercised")
            let fusedEval = try Self.valueAndGradients([x, weight, bias], gOut: gOut) {
                try Tensor.batchNorm2d($0[0], weight: $0[1], bias: $0[2], mean: mean, variance: variance, epsilon: 1e-5, relu: true)
            }
            let plainEval = try Self.valueAndGradients([x, weight, bias], gOut: gOut) {
                try Tensor.batchNorm2d($0[0], weight: $0[1], bias: $0[2], mean: mean, variance: variance, epsilon: 1e-5).relu()
            }
            #expect(fusedEval == plainEval, "evaluation \(shape)")
        }
        #expect(tensorError { try Tensor.batchNorm2dTraining(Tensor.zeros([2, 3]), weight: Tensor.ones([3]), bias: Tensor.zeros([3]), epsilon: 1e-5, relu: true) } != nil)
    }

    /// addReLU equals (a + b).relu() exactly, gradients to both inputs included; broadcasting shapes fall back
    /// to the unfused form; shapes that do not broadcast throw.
    @Test func addReLUEqualsAddThenReLU() throws {
        let a = randn([2, 3, 5, 4], seed: 31), b = randn([2, 3, 5, 4], seed: 32), gOut = randn([2, 3, 5, 4], seed: 33)
        let fused = try Self.valueAndGradients([a, b], gOut: gOut) { try Tensor.addReLU($0[0], $0[1]) }
        let plain = try Self.valueAndGradients([a, b], gOut: gOut) { try ($0[0] + $0[1]).relu() }
        #expect(fused == plain)
        let row = randn([4], seed: 34)
        let fusedB = try Self.valueAndGradients([a, row], gOut: gOut) { try Tensor.addReLU($0[0], $0[1]) }
        let plainB = try Self.valueAndGradients([a, row], gOut: gOut) { try ($0[0] + $0[1]).relu() }
        #expect(fusedB == plainB)
        // The same tensor on both sides: its gradient is the sum of both.
        let twice = try Self.valueAndGradients([a], gOut: gOut) { try Tensor.addReLU($0[0], $0[0]) }
        let twicePlain = try Self.valueAndGradients([a], gOut: gOut) { try ($0[0] + $0[0]).relu() }
        #expect(twice == twicePlain)
        #expect(tensorError { try Tensor.addReLU(a, randn([3], seed: 35)) } != nil)
    }

    /// Backward releases each intermediate tensor once its node has run: while an earlier node's gradient is
    /// computed, an activation that only the graph held is already gone (it used to live until backward ended).
    @Test func backwardReleasesIntermediatesAsItGoes() throws {
        let x = randn([4, 3], seed: 41).requiringGrad()
        weak var watched: Tensor?
        var seenDuringBackward: Bool? = nil
        let loss: Tensor = try {
            let h = x * 2
            let p = Tensor.uninitialized(h.shape)
            p.pointer.update(from: h.pointer, count: h.count)
            let probe = p.recordingGradient("probe", inputs: [h]) { g in
                seenDuringBackward = watched != nil
                return [g]
            }
            let q = probe * 3
            watched = q
            return (q * 1).sum()
        }()
        #expect(watched != nil)
        try loss.backward()
        #expect(seenDuringBackward == false)
        #expect(x.grad!.scalars == [Float](repeating: 6, count: 12))
    }
}
