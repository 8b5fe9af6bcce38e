import Foundation
import Testing
@testable import GalenTensor

@Suite("Comparisons and where")
struct ComparisonTests {
    @Test func masks() throws {
        let a = Tensor([1, 2, 3]), b = Tensor([2, 2, 2])
        #expect(try a.greater(b).scalars == [0, 0, 1])
        #expect(try a.greaterEqual(b).scalars == [0, 1, 1])
        #expect(try a.less(b).scalars == [1, 0, 0])
        #expect(try a.lessEqual(b).scalars == [1, 1, 0])
        #expect(try a.equal(b).scalars == [0, 1, 0])
        #expect(try a.notEqual(b).scalars == [1, 0, 1])
        #expect(a.greater(1.5).scalars == [0, 1, 1])
        #expect(a.less(2.5).scalars == [1, 1, 0])
        let m = try T([2, 1], [1, 3]).greater(Tensor([0, 2, 4]))
        #expect(m.shape == [2, 3] && m.scalars == [1, 0, 0, 1, 1, 0])
    }

    @Test func masksCarryNoGradient() throws {
        let a = Tensor([1, 2]).requiringGrad()
        #expect(try !a.greater(Tensor([0, 3])).requiresGrad)
        #expect(!a.less(1).requiresGrad)
    }

    @Test func nanComparisons() throws {
        let n = Tensor([.nan]), one = Tensor([1])
        #expect(try n.greater(one).scalars == [0])
        #expect(try n.less(one).scalars == [0])
        #expect(try n.equal(n).scalars == [0])
        #expect(try n.notEqual(n).scalars == [1])
    }

    @Test func whereSelects() throws {
        let c = Tensor([1, 0, 1]), a = Tensor([1, 2, 3]), b = Tensor([-1, -2, -3])
        #expect(try Tensor.where(c, a, b).scalars == [1, -2, 3])
        // Any non-zero counts as true.
        #expect(try Tensor.where(Tensor([0.5, 0, -2]), a, b).scalars == [1, -2, 3])
        // Broadcasting all three.
        let w = try Tensor.where(T([2, 1], [1, 0]), Tensor([1, 2, 3]), Tensor(scalar: 0))
        #expect(w.shape == [2, 3] && w.scalars == [1, 2, 3, 0, 0, 0])
        let v = try Tensor.where(Tensor([1, 0]), T([2, 1], [5, 6]), Tensor(scalar: -1))
        #expect(v.shape == [2, 2] && v.scalars == [5, -1, 6, -1])
        #expect(tensorError { try Tensor.where(Tensor([1, 0]), Tensor([1, 2, 3]), b) }
            == .shapeMismatch(op: "where", shapes: [[2], [3]], detail: "dimension 0 is 2 in one and 3 in the other, and neither is 1"))
    }

    @Test func whereGradientGoesToChosenSide() throws {
        let a = Tensor([1, 2, 3]).requiringGrad(), b = Tensor(scalar: 5).requiringGrad()
        try Tensor.where(Tensor([1, 0, 0]), a, b).sum().backward()
        #expect(a.grad?.scalars == [1, 0, 0])
        #expect(b.grad?.scalars == [2])
    }
}
