import Foundation
import Testing
@testable import GalenTensor

/// Naive (m×k)·(k×n) in Double for reference.
func referenceMatmul(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n {
        var s = 0.0
        for p in 0..<k { s += Double(a[i * k + p]) * Double(b[p * n + j]) }
        c[i * n + j] = Float(s)
    } }
    return c
}

@Suite("Matrix products")
struct MatMulTests {
    @Test func twoD() throws {
        let a = T([2, 3], [1, 2, 3, 4, 5, 6]), b = T([3, 2], [7, 8, 9, 10, 11, 12])
        let c = try a.matmul(b)
        #expect(c.shape == [2, 2] && c.scalars == [58, 64, 139, 154])
        for (m, k, n) in [(1, 1, 1), (5, 7, 3), (70, 50, 30), (33, 1, 17)] {
            let x = randn([m, k], seed: 1), y = randn([k, n], seed: 2)
            #expect(try close(x.matmul(y).scalars, referenceMatmul(x.scalars, y.scalars, m: m, k: k, n: n), atol: 1e-4, rtol: 1e-4))
        }
    }

    @Test func batchedAndBroadcastBatch() throws {
        let a = randn([2, 3, 4], seed: 3), b = randn([2, 4, 5], seed: 4)
        let c = try a.matmul(b)
        #expect(c.shape == [2, 3, 5])
        for i in 0..<2 {
            let ai = try a.slice(axis: 0, i..<(i + 1)).reshape([3, 4]), bi = try b.slice(axis: 0, i..<(i + 1)).reshape([4, 5])
            #expect(try close(c.slice(axis: 0, i..<(i + 1)).scalars, try ai.matmul(bi).scalars))
        }
        let w = randn([4, 5], seed: 5)
        let cw = try a.matmul(w)
        #expect(cw.shape == [2, 3, 5])
        #expect(try close(cw.slice(axis: 0, 1..<2).scalars, try a.slice(axis: 0, 1..<2).reshape([3, 4]).matmul(w).scalars))
        // [2, 1, 3, 4] @ [3, 4, 2] -> [2, 3, 3, 2]
        let p = randn([2, 1, 3, 4], seed: 6), q = randn([3, 4, 2], seed: 7)
        let pq = try p.matmul(q)
        #expect(pq.shape == [2, 3, 3, 2])
        let p1 = try p.slice(axis: 0, 1..<2).reshape([3, 4]), q2 = try q.slice(axis: 0, 2..<3).reshape([4, 2])
        #expect(try close(pq.slice(axis: 0, 1..<2).slice(axis: 1, 2..<3).scalars, try p1.matmul(q2).scalars))
    }

    @Test func vectorOperands() throws {
        let v = Tensor([1, 2, 3]), m = T([3, 2], [1, 0, 0, 1, 1, 1])
        let dot = try v.matmul(Tensor([4, 5, 6]))
        #expect(dot.shape == [] && dot.scalars == [32])
        let vm = try v.matmul(m)
        #expect(vm.shape == [2] && vm.scalars == [4, 5])
        let mv = try T([2, 3], [1, 0, 0, 0, 1, 1]).matmul(v)
        #expect(mv.shape == [2] && mv.scalars == [1, 5])
        #expect(try v.matmul(randn([4, 3, 2], seed: 8)).shape == [4, 2])
        #expect(try randn([4, 2, 3], seed: 9).matmul(v).shape == [4, 2])
    }

    @Test func emptyInnerDimension() throws {
        let c = try Tensor.zeros([2, 0]).matmul(Tensor.zeros([0, 3]))
        #expect(c.shape == [2, 3] && c.scalars == [Float](repeating: 0, count: 6))
        #expect(try Tensor.zeros([0, 4]).matmul(Tensor.zeros([4, 3])).shape == [0, 3])
    }

    @Test func matmulErrors() {
        #expect(tensorError { try Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 2])) }
            == .shapeMismatch(op: "matmul", shapes: [[2, 3], [4, 2]], detail: "inner dimensions differ (3 vs 4)"))
        #expect(tensorError { try Tensor.zeros([2, 2, 3]).matmul(Tensor.zeros([3, 3, 2])) }
            == .shapeMismatch(op: "matmul", shapes: [[2], [3]], detail: "dimension 0 is 2 in one and 3 in the other, and neither is 1"))
        #expect(tensorError { try Tensor(scalar: 1).matmul(Tensor.zeros([1, 1])) }
            == .shapeMismatch(op: "matmul", shapes: [[], [1, 1]], detail: "both operands need at least 1 dimension"))
        #expect(throws: TensorError.self) { try Tensor([1, 2]).matmul(Tensor([1, 2, 3])) }
        #expect(throws: TensorError.self) { try Tensor([1, 2]).matmul(Tensor.zeros([3, 2])) }
        #expect(throws: TensorError.self) { try Tensor.zeros([2, 3]).matmul(Tensor([1, 2])) }
    }

    @Test func linearMatchesMatmul() throws {
        let x = randn([4, 3], seed: 10), w = randn([5, 3], seed: 11), b = randn([5], seed: 12)
        let y = try Tensor.linear(x, weight: w, bias: b)
        let ref = try x.matmul(w.transposed()) + b
        #expect(y.shape == [4, 5] && close(y.scalars, ref.scalars, atol: 1e-5))
        #expect(try close(Tensor.linear(x, weight: w, bias: nil).scalars, try x.matmul(w.transposed()).scalars))
        let x3 = randn([2, 4, 3], seed: 13)
        #expect(try Tensor.linear(x3, weight: w, bias: b).shape == [2, 4, 5])
        #expect(try Tensor.linear(Tensor([1, 2, 3]), weight: w, bias: b).shape == [5])
        // No input features: the output is the bias (not uninitialised memory).
        let e = try Tensor.linear(Tensor.zeros([4, 0]), weight: Tensor.zeros([2, 0]), bias: Tensor([3, -1]))
        #expect(e.shape == [4, 2] && e.scalars == [3, -1, 3, -1, 3, -1, 3, -1])
        #expect(try Tensor.linear(Tensor.zeros([2, 0]), weight: Tensor.zeros([3, 0]), bias: nil).scalars == [0, 0, 0, 0, 0, 0])
    }

    @Test func linearErrors() {
        let x = Tensor.zeros([4, 3])
        #expect(tensorError { try Tensor.linear(x, weight: Tensor.zeros([5, 4]), bias: nil) }
            == .shapeMismatch(op: "linear", shapes: [[4, 3], [5, 4]],
                              detail: "input's last dimension must equal the weight's in-features (weight is [out, in])"))
        #expect(throws: TensorError.self) { try Tensor.linear(x, weight: Tensor.zeros([3]), bias: nil) }
        #expect(throws: TensorError.self) { try Tensor.linear(Tensor(scalar: 1), weight: Tensor.zeros([1, 1]), bias: nil) }
        #expect(tensorError { try Tensor.linear(x, weight: Tensor.zeros([5, 3]), bias: Tensor.zeros([4])) }
            == .shapeMismatch(op: "linear", shapes: [[4], [5, 3]], detail: "bias must be [5]"))
    }
}
