import Foundation
import Testing
@testable import GalenTensor

@Suite("Reductions")
struct ReductionTests {
    let x = T([2, 3], [1, 2, 3, 4, 5, 6])

    @Test func sumValuesAndShapes() throws {
        #expect(x.sum().scalars == [21] && x.sum().shape == [])
        #expect(try x.sum(axes: [0]).scalars == [5, 7, 9])
        #expect(try x.sum(axes: [1]).scalars == [6, 15])
        #expect(try x.sum(axes: [-1]).scalars == [6, 15])
        #expect(try x.sum(axes: [0, 1]).shape == [])
        #expect(try x.sum(axes: [0], keepDims: true).shape == [1, 3])
        #expect(try x.sum(axes: [1], keepDims: true).shape == [2, 1])
        #expect(try x.sum(axes: nil, keepDims: true).shape == [1, 1])
        let y = randn([2, 3, 4], seed: 1)
        #expect(try y.sum(axes: [0, 2]).shape == [3])
        #expect(try y.sum(axes: [2, 0], keepDims: true).shape == [1, 3, 1])
        #expect(try close(y.sum(axes: [0, 2]).scalars, try y.sum(axes: [2]).sum(axes: [0]).scalars))
        #expect(Tensor(scalar: 3).sum().scalars == [3])
        #expect(try Tensor(scalar: 3).sum(axes: [0]).scalars == [3])
        #expect(try Tensor.zeros([2, 0]).sum(axes: [1]).scalars == [0, 0])
    }

    @Test func sumAxisErrors() {
        #expect(tensorError { try x.sum(axes: [2]) } == .invalidAxis(op: "sum", axis: 2, rank: 2))
        #expect(tensorError { try x.sum(axes: [-3]) } == .invalidAxis(op: "sum", axis: -3, rank: 2))
        #expect(tensorError { try x.sum(axes: [1, -1]) } == .invalidArgument(op: "sum", detail: "axis -1 given twice"))
        #expect(tensorError { try x.mean(axes: [5]) } == .invalidAxis(op: "mean", axis: 5, rank: 2))
        #expect(tensorError { try x.variance(axes: [2]) } == .invalidAxis(op: "variance", axis: 2, rank: 2))
        #expect(tensorError { try x.max(axis: 2) } == .invalidAxis(op: "max", axis: 2, rank: 2))
        #expect(tensorError { try x.min(axis: -3) } == .invalidAxis(op: "min", axis: -3, rank: 2))
        #expect(tensorError { try x.argmax(axis: 2) } == .invalidAxis(op: "argmax", axis: 2, rank: 2))
        #expect(tensorError { try x.logSumExp(axis: 2) } == .invalidAxis(op: "logSumExp", axis: 2, rank: 2))
        #expect(tensorError { try Tensor.zeros([0]).max() } == .invalidArgument(op: "max", detail: "cannot reduce an empty tensor of shape [0]"))
        #expect(throws: TensorError.self) { try Tensor.zeros([2, 0]).min(axis: 1) }
        #expect(throws: TensorError.self) { try Tensor.zeros([0, 2]).argmax() }
    }

    @Test func largeSumsAcrossThreads() throws {
        let big = Tensor.ones([400, 300])
        #expect(try big.sum(axes: [1]).scalars == [Float](repeating: 300, count: 400))
        #expect(try big.sum(axes: [0]).scalars == [Float](repeating: 400, count: 300))
        #expect(big.sum().scalars == [120_000])
    }

    @Test func meanAndVariance() throws {
        #expect(x.mean().scalars == [3.5])
        #expect(try x.mean(axes: [0]).scalars == [2.5, 3.5, 4.5])
        #expect(try x.mean(axes: [1], keepDims: true).scalars == [2, 5])
        #expect(try x.mean(axes: [1], keepDims: true).shape == [2, 1])
        let v = Tensor([1, 2, 3, 4])
        #expect(try close(v.variance().scalars, [5.0 / 3]))  // unbiased by default, as PyTorch
        #expect(try close(v.variance(unbiased: false).scalars, [1.25]))
        #expect(try close(x.variance(axes: [0]).scalars, [4.5, 4.5, 4.5]))
        #expect(try close(x.variance(axes: [1]).scalars, [1, 1]))
        #expect(try x.variance(axes: [1], keepDims: true).shape == [2, 1])
        #expect(try x.variance(axes: [0, 1], keepDims: true).shape == [1, 1])
        #expect(try close(x.variance().scalars, [3.5]))
    }

    @Test func maxMinValuesAndShapes() throws {
        let y = T([2, 3], [3, -1, 7, 0, 8, -5])
        #expect(try y.max().scalars == [8] && (try y.max().shape) == [])
        #expect(try y.min().scalars == [-5])
        #expect(try y.max(keepDims: true).shape == [1, 1])
        #expect(try y.max(axis: 0).scalars == [3, 8, 7])
        #expect(try y.max(axis: 1).scalars == [7, 8])
        #expect(try y.min(axis: 1).scalars == [-1, -5])
        #expect(try y.min(axis: -2).scalars == [0, -1, -5])
        #expect(try y.max(axis: 1, keepDims: true).shape == [2, 1])
        #expect(try y.max(axis: 0, keepDims: true).shape == [1, 3])
        let z = randn([3, 4, 5], seed: 2)
        #expect(try z.max(axis: 1).shape == [3, 5])
        let m = try z.max(axis: 1).scalars, expected = (0..<3).flatMap { i in (0..<5).map { k in
            (0..<4).map { j in z.pointer[(i * 4 + j) * 5 + k] }.max()! } }
        #expect(m == expected)
        #expect(try Tensor(scalar: 2).max().scalars == [2])
    }

    @Test func nanPropagatesThroughMaxAndMin() throws {
        #expect(try Tensor([1, .nan, 3]).max().scalars[0].isNaN)
        #expect(try Tensor([.nan, 1, 3]).max().scalars[0].isNaN)
        #expect(try Tensor([1, 3, .nan]).min().scalars[0].isNaN)
        let y = T([2, 3], [1, .nan, 2, 4, 5, 6])
        let m = try y.max(axis: 1).scalars
        #expect(m[0].isNaN && m[1] == 6)
        let c = try y.min(axis: 0).scalars
        #expect(c[0] == 1 && c[1].isNaN && c[2] == 2)
        #expect(try Tensor([1, .nan, 3]).argmax().scalars == [1])
    }

    @Test func maxGradientGoesToFirstMaximum() throws {
        let t = Tensor([1, 5, 5, 2]).requiringGrad()
        try t.max().backward()
        #expect(t.grad?.scalars == [0, 1, 0, 0])
    }

    @Test func argmax() throws {
        let y = T([2, 3], [3, -1, 7, 9, 8, -5])
        #expect(try y.argmax().scalars == [3])
        #expect(try y.argmax().shape == [])
        #expect(try y.argmax(keepDims: true).shape == [1, 1])
        #expect(try y.argmax(axis: 1).scalars == [2, 0])
        #expect(try y.argmax(axis: 0).scalars == [1, 1, 0])
        #expect(try y.argmax(axis: 1, keepDims: true).shape == [2, 1])
        #expect(try Tensor([2, 7, 7, 1]).argmax().scalars == [1])  // first of ties
        #expect(try Tensor(scalar: 4).argmax().scalars == [0])
        #expect(try Tensor(scalar: 4).argmax(axis: 0).scalars == [0])
        #expect(tensorError { try Tensor(scalar: 4).argmax(axis: 3) } == .invalidAxis(op: "argmax", axis: 3, rank: 0))
        #expect(tensorError { try Tensor(scalar: 4).max(axis: 3) } == .invalidAxis(op: "max", axis: 3, rank: 0))
        #expect(try !Tensor([1, 2]).requiringGrad().argmax().requiresGrad)
    }

    @Test func logSumExpStable() throws {
        let y = T([2, 2], [1000, 1000, -1000, -1001])
        let l = try y.logSumExp(axis: 1).scalars
        #expect(close(l, [1000 + Float(Foundation.log(2.0)), -1000 + Float(Foundation.log(1 + Foundation.exp(-1.0)))]))
        #expect(try y.logSumExp(axis: 0, keepDims: true).shape == [1, 2])
        let n = try Tensor([-.infinity, -.infinity]).logSumExp(axis: 0).scalars
        #expect(n == [-.infinity])
        #expect(try close(Tensor([0, 0, 0]).logSumExp(axis: 0).scalars, [Float(Foundation.log(3.0))]))
        // Empty sums give -inf (and never trap).
        #expect(try Tensor.zeros([2, 0]).logSumExp(axis: 1).scalars == [-.infinity, -.infinity])
        #expect(try Tensor.zeros([0, 3]).logSumExp(axis: 1).shape == [0])
    }
}
