import Foundation
import Testing
@testable import GalenTensor

@Suite("Softmax and log-softmax")
struct SoftmaxTests {
    @Test func valuesAndNormalisation() throws {
        let x = T([2, 3], [1, 2, 3, 0, 0, 0])
        let s = try x.softmax()
        #expect(close(s.scalars, [0.09003057, 0.24472848, 0.66524094, 1.0 / 3, 1.0 / 3, 1.0 / 3]))
        #expect(try close(s.sum(axes: [1]).scalars, [1, 1]))
        let s0 = try x.softmax(axis: 0)
        #expect(try close(s0.sum(axes: [0]).scalars, [1, 1, 1]))
        #expect(try close(x.logSoftmax().scalars, s.scalars.map { Foundation.log($0) }, atol: 1e-6))
        let y = randn([2, 3, 4], seed: 1)
        #expect(try close(y.softmax(axis: 1).sum(axes: [1]).scalars, [Float](repeating: 1, count: 8)))
        #expect(try close(y.logSoftmax(axis: 1).exp().scalars, try y.softmax(axis: 1).scalars))
    }

    @Test func stableForLargeInputs() throws {
        let big = Tensor([1000, 1001, 1002])
        let s = try big.softmax().scalars
        #expect(!s.contains { $0.isNaN })
        #expect(close(s, try Tensor([0, 1, 2]).softmax().scalars))
        let neg = try Tensor([-1000, -1001, -1002]).softmax().scalars
        #expect(close(neg, try Tensor([0, -1, -2]).softmax().scalars))
        let ls = try Tensor([3000, 0]).logSoftmax().scalars
        #expect(ls == [0, -3000])
        #expect(try close(big.logSoftmax().scalars, try Tensor([0, 1, 2]).logSoftmax().scalars))
        // Gradients stay finite too.
        let x = Tensor([1000, 2000, -3000]).requiringGrad()
        try (try x.logSoftmax() * Tensor([1, 2, 3])).sum().backward()
        #expect(!x.grad!.hasNonFinite)
    }

    @Test func largeTensorMatchesReference() throws {
        // Enough rows to be split across threads, along the last and the first axis.
        let x = randn([200, 60], seed: 2, scale: 3)
        let xs = x.scalars
        var expected = [Float](repeating: 0, count: xs.count)
        for i in 0..<200 {
            let row = (0..<60).map { Double(xs[i * 60 + $0]) }
            let m = row.max()!, s = row.reduce(0) { $0 + Foundation.exp($1 - m) }
            for j in 0..<60 { expected[i * 60 + j] = Float(Foundation.exp(row[j] - m) / s) }
        }
        #expect(try close(x.softmax().scalars, expected, atol: 1e-6, rtol: 1e-5))
        let t = try x.transposed()
        #expect(try close(t.softmax(axis: 0).transposed().scalars, expected, atol: 1e-6, rtol: 1e-5))
    }

    @Test func infinitiesAndNaN() throws {
        let m = try Tensor([-.infinity, 0]).softmax().scalars
        #expect(m == [0, 1])
        #expect(try Tensor([.nan, 1]).softmax().scalars.allSatisfy { $0.isNaN })
    }

    @Test func axisErrors() {
        let x = Tensor.zeros([2, 3])
        #expect(tensorError { try x.softmax(axis: 2) } == .invalidAxis(op: "softmax", axis: 2, rank: 2))
        #expect(tensorError { try x.logSoftmax(axis: -3) } == .invalidAxis(op: "logSoftmax", axis: -3, rank: 2))
        #expect(tensorError { try Tensor(scalar: 1).softmax(axis: 0) } == .invalidAxis(op: "softmax", axis: 0, rank: 0))
        #expect(tensorError { try Tensor(scalar: 1).logSoftmax(axis: 0) } == .invalidAxis(op: "logSoftmax", axis: 0, rank: 0))
    }
}
