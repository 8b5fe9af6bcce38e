import Testing
@testable import GalenTensor

/// The 16-lane sums (LaneSums.swift) against sums in Double, on lengths around the lane width, with and without
/// the ReLU mask.
@Suite struct LaneSumsTests {
    static let lengths = [0, 1, 7, 15, 16, 17, 31, 32, 49, 196, 1001]

    @Test func sumsMatchDouble() {
        for (k, n) in Self.lengths.enumerated() {
            let x = randn([max(n, 1)], seed: UInt64(500 + k), scale: 3, shift: 0.5)
            let p = UnsafePointer(x.pointer)
            var s = 0.0, ss = 0.0
            let center: Float = 0.25
            for i in 0..<n { s += Double(p[i]); ss += Double(p[i] - center) * Double(p[i] - center) }
            let lane = Kernels.laneSum(p, count: n), squares = Kernels.laneSumOfSquares(p, count: n, center: center)
            #expect(Swift.abs(Double(lane) - s) <= 1e-5 * (1 + Double(n)), "sum of \(n): \(lane) vs \(s)")
            #expect(Swift.abs(Double(squares) - ss) <= 1e-5 * (1 + ss), "squares of \(n): \(squares) vs \(ss)")
        }
    }

    @Test func gradientSumsMatchDoubleWithAndWithoutMask() {
        for (k, n) in Self.lengths.enumerated() {
            let m = max(n, 1)
            let g = randn([m], seed: UInt64(600 + k)), x = randn([m], seed: UInt64(700 + k), scale: 2)
            let y = randn([m], seed: UInt64(800 + k))  // about half positive: the mask
            let center: Float = -0.3
            for masked in [false, true] {
                var a = 0.0, b = 0.0
                for i in 0..<n where !masked || y.pointer[i] > 0 {
                    a += Double(g.pointer[i]); b += Double(g.pointer[i]) * Double(x.pointer[i] - center)
                }
                let (la, lb) = Kernels.laneGradientSums(g.pointer, x.pointer, mask: masked ? UnsafePointer(y.pointer) : nil,
                                                        count: n, center: center)
                #expect(Swift.abs(Double(la) - a) <= 1e-5 * (1 + Double(n)), "Σg of \(n), mask \(masked): \(la) vs \(a)")
                #expect(Swift.abs(Double(lb) - b) <= 1e-5 * (1 + 3 * Double(n)), "Σg·x of \(n), mask \(masked): \(lb) vs \(b)")
            }
        }
    }

    /// A NaN gradient where the mask is off does not leak into the masked sums (the select drops it).
    @Test func maskedSumsIgnoreValuesWhereTheMaskIsOff() {
        let n = 37
        let g = Tensor.ones([n]), x = Tensor.ones([n]), y = Tensor.ones([n])
        for i in stride(from: 0, to: n, by: 3) { g.pointer[i] = .nan; y.pointer[i] = 0 }
        let (a, b) = Kernels.laneGradientSums(g.pointer, x.pointer, mask: UnsafePointer(y.pointer), count: n, center: 0)
        #expect(a == Float(n - 13) && b == Float(n - 13))
    }
}
