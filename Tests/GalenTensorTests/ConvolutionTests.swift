import Testing
@testable import GalenTensor

@Suite struct ConvolutionTests {
    @Test func convolutionGradientsMatchFiniteDifferences() throws {
        for (stride, padding, dilation) in [((1, 1), (0, 0), (1, 1)), ((2, 1), (1, 2), (1, 1)), ((1, 2), (2, 1), (2, 2))] {
            let x = randn([2, 2, 7, 6], seed: 1), w = randn([3, 2, 3, 2], seed: 2), b = randn([3], seed: 3)
            try GradCheck.check("conv2d \(stride) \(padding) \(dilation)", [x, w, b]) {
                try Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], stride: stride, padding: padding, dilation: dilation)
            }
        }
    }

    @Test func poolingGradientsMatchFiniteDifferences() throws {
        // Distinct values so that no window has a tie at its maximum.
        let x = try Tensor(shape: [1, 2, 5, 6], values: (0..<60).map { Float(($0 * 37) % 60) * 0.1 })
        try GradCheck.check("maxPool2d", [x]) { try $0[0].maxPool2d(kernel: (2, 2)) }
        try GradCheck.check("maxPool2d padded", [x.copy()]) { try $0[0].maxPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1)) }
        try GradCheck.check("avgPool2d", [randn([2, 1, 6, 5], seed: 4)]) { try $0[0].avgPool2d(kernel: (3, 2), stride: (1, 2), padding: (1, 1)) }
    }

    @Test func hand_computed_convolution() throws {
        // 1×1×3×3 image, 2×2 kernel of ones: each output is the sum of a 2×2 window.
        let x = T([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let y = try Tensor.conv2d(x, weight: Tensor.ones([1, 1, 2, 2]), bias: T([1], [0.5]))
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.scalars == [12.5, 16.5, 24.5, 28.5])
        #expect(try x.maxPool2d(kernel: (2, 2), stride: (1, 1)).scalars == [5, 6, 8, 9])
        // One window from (-1, -1): the padding counts in the mean, as PyTorch's default.
        #expect(try x.avgPool2d(kernel: (3, 3), padding: (1, 1)).scalars == [12.0 / 9])
    }

    @Test func badShapesAndGeometryThrow() {
        #expect(tensorError { try Tensor.conv2d(Tensor.zeros([1, 2, 4, 4]), weight: Tensor.zeros([3, 1, 2, 2]), bias: nil) } != nil)
        #expect(tensorError { try Tensor.conv2d(Tensor.zeros([2, 4, 4]), weight: Tensor.zeros([3, 2, 2, 2]), bias: nil) } != nil)
        #expect(tensorError { try Tensor.conv2d(Tensor.zeros([1, 1, 2, 2]), weight: Tensor.zeros([1, 1, 3, 3]), bias: nil) } != nil)
        #expect(tensorError { try Tensor.conv2d(Tensor.zeros([1, 1, 4, 4]), weight: Tensor.zeros([1, 1, 2, 2]), bias: nil, stride: (0, 1)) } != nil)
        #expect(tensorError { try Tensor.zeros([1, 1, 2, 2]).maxPool2d(kernel: (3, 3)) } != nil)
        #expect(tensorError { try Tensor.zeros([4, 4]).avgPool2d(kernel: (2, 2)) } != nil)
    }
}
