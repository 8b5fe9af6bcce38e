import Foundation
import Testing
@testable import GalenTensor

@Suite("Creation and tensor basics")
struct CreationTests {
    @Test func constants() {
        let z = Tensor.zeros([2, 3])
        #expect(z.shape == [2, 3] && z.count == 6 && z.scalars == [Float](repeating: 0, count: 6))
        #expect(Tensor.ones([4]).scalars == [1, 1, 1, 1])
        #expect(Tensor.full([2, 2], -2.5).scalars == [-2.5, -2.5, -2.5, -2.5])
        #expect(Tensor.zeros(like: Tensor.ones([3, 1])).shape == [3, 1])
        let s = Tensor.zeros([])
        #expect(s.shape == [] && s.count == 1 && s.rank == 0)
        let e = Tensor.zeros([0, 4])
        #expect(e.count == 0 && e.scalars.isEmpty)
        #expect(!z.requiresGrad && z.isLeaf && z.grad == nil)
    }

    @Test func arange() throws {
        #expect(try Tensor.arange(0, 5).scalars == [0, 1, 2, 3, 4])
        #expect(try Tensor.arange(1, 2, step: 0.25).scalars == [1, 1.25, 1.5, 1.75])
        #expect(try Tensor.arange(5, 0, step: -2).scalars == [5, 3, 1])
        #expect(try Tensor.arange(0, 1, step: 0.1).count == 10)
        #expect(try Tensor.arange(3, 1).count == 0)
        #expect(try Tensor.arange(2, 2).shape == [0])
        #expect(throws: TensorError.self) { try Tensor.arange(0, 1, step: 0) }
        #expect(throws: TensorError.self) { try Tensor.arange(0, .infinity) }
        #expect(throws: TensorError.self) { try Tensor.arange(.nan, 1) }
        // Far too many values: an error, not a trap or a giant allocation.
        #expect(throws: TensorError.self) { try Tensor.arange(0, 1e30, step: 1e-30) }
        #expect(try Tensor.arange(0, -1e30, step: 1e-30).count == 0)
    }

    @Test func initialisersAndAccessors() throws {
        let t = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(try t.value(at: [1, 2]) == 6)
        #expect(try t.value(at: [0, 1]) == 2)
        #expect(try Tensor(rows: [[1, 2], [3, 4]]).scalars == [1, 2, 3, 4])
        #expect(try Tensor(rows: []).shape == [0, 0])
        #expect(try Tensor(scalar: 7).shape == [] && (try Tensor(scalar: 7).item()) == 7)
        #expect(try Tensor([3]).item() == 3)
        #expect(Tensor([1, 2]).shape == [2])
    }

    @Test func initialiserErrors() {
        #expect(tensorError { try Tensor(shape: [2, 2], values: [1, 2, 3]) }
            == .invalidArgument(op: "Tensor(shape:values:)", detail: "shape [2, 2] holds 4 values but 3 were given"))
        #expect(tensorError { try Tensor(shape: [-1, 2], values: []) }
            == .invalidArgument(op: "Tensor(shape:values:)", detail: "negative dimension in shape [-1, 2]"))
        #expect(tensorError { try Tensor(rows: [[1, 2], [3]]) }
            == .invalidArgument(op: "Tensor(rows:)", detail: "row 1 has 1 values, row 0 has 2"))
        #expect(tensorError { try Tensor([1, 2]).item() }
            == .invalidArgument(op: "item", detail: "tensor of shape [2] has 2 elements, not 1"))
        let t = Tensor.zeros([2, 3])
        #expect(tensorError { try t.value(at: [0, 3]) } == .indexOutOfRange(op: "value(at:)", index: 3, dimension: 1, size: 3))
        #expect(tensorError { try t.value(at: [-1, 0]) } == .indexOutOfRange(op: "value(at:)", index: -1, dimension: 0, size: 2))
        #expect(tensorError { try t.value(at: [0]) } == .invalidArgument(op: "value(at:)", detail: "1 indices for a tensor of rank 2"))
    }

    @Test func copyDetachAssign() throws {
        let a = Tensor([1, 2, 3])
        let c = a.copy(), d = a.detached()
        a.pointer[0] = 9
        #expect(c.scalars == [1, 2, 3])
        #expect(d.scalars == [9, 2, 3])
        try c.assign(Tensor([4, 5, 6]))
        #expect(c.scalars == [4, 5, 6])
        #expect(tensorError { try c.assign(Tensor([1, 2])) }
            == .shapeMismatch(op: "assign", shapes: [[3], [2]], detail: "shapes must be equal"))
        try c.assign(c)  // self-assignment is a no-op
        #expect(c.scalars == [4, 5, 6])
    }

    @Test func nonFiniteAndDescription() {
        #expect(!Tensor([1, 2]).hasNonFinite)
        #expect(Tensor([1, .nan]).hasNonFinite)
        #expect(Tensor([-.infinity]).hasNonFinite)
        let d = Tensor.ones([2, 5]).requiringGrad().description
        #expect(d.contains("[2, 5]") && d.contains("…") && d.contains("requiresGrad"))
    }

    // MARK: random

    @Test func generatorIsReproducible() {
        var g1 = SeededGenerator(seed: 42), g2 = SeededGenerator(seed: 42), g3 = SeededGenerator(seed: 43)
        let a = (0..<8).map { _ in g1.next() }, b = (0..<8).map { _ in g2.next() }, c = (0..<8).map { _ in g3.next() }
        #expect(a == b)
        #expect(a != c)
        var u = SeededGenerator(seed: 1)
        for _ in 0..<1000 { let x = u.nextUnitFloat(); #expect(x >= 0 && x < 1) }
    }

    @Test func seededUniformAndNormal() {
        #expect(Tensor.uniform([50], seed: 7).scalars == Tensor.uniform([50], seed: 7).scalars)
        #expect(Tensor.uniform([50], seed: 7).scalars != Tensor.uniform([50], seed: 8).scalars)
        #expect(Tensor.randn([50], seed: 7).scalars == Tensor.randn([50], seed: 7).scalars)
        #expect(Tensor.randn([50], seed: 7).scalars != Tensor.randn([50], seed: 8).scalars)
        var g1 = SeededGenerator(seed: 3), g2 = SeededGenerator(seed: 3)
        #expect(Tensor.normal([20], mean: 2, std: 3, generator: &g1).scalars == Tensor.normal([20], mean: 2, std: 3, generator: &g2).scalars)
        // Consecutive draws from one generator differ.
        var g = SeededGenerator(seed: 3)
        #expect(Tensor.uniform([10], generator: &g).scalars != Tensor.uniform([10], generator: &g).scalars)
    }

    @Test func uniformStatistics() {
        let u = Tensor.uniform([20_000], low: -2, high: 6, seed: 11).scalars
        #expect(u.allSatisfy { $0 >= -2 && $0 < 6 })
        let mean = u.reduce(0, +) / Float(u.count)
        #expect(Swift.abs(mean - 2) < 0.1)
        #expect(u.min()! < -1.9 && u.max()! > 5.9)
    }

    @Test func normalStatistics() {
        var g = SeededGenerator(seed: 12)
        let n = Tensor.normal([20_000], mean: 1, std: 2, generator: &g).scalars.map(Double.init)
        let mean = n.reduce(0, +) / Double(n.count)
        let sd = (n.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n.count - 1)).squareRoot()
        #expect(Swift.abs(mean - 1) < 0.05)
        #expect(Swift.abs(sd - 2) < 0.05)
        #expect(n.allSatisfy { $0.isFinite })
    }

    @Test func fans() {
        #expect(Tensor.fans([8, 4]) == (fanIn: 4, fanOut: 8))
        #expect(Tensor.fans([16, 3, 5, 5]) == (fanIn: 75, fanOut: 400))
        #expect(Tensor.fans([6]) == (fanIn: 6, fanOut: 6))
    }

    @Test func glorotAndKaimingBounds() {
        var g = SeededGenerator(seed: 5)
        let w = Tensor.glorotUniform([60, 40], generator: &g).scalars
        let a = (6.0 / Float(100)).squareRoot()
        #expect(w.allSatisfy { Swift.abs($0) <= a })
        #expect(w.map { Swift.abs($0) }.max()! > 0.95 * a)

        let k = Tensor.kaimingUniform([50, 30], generator: &g).scalars
        let b = (2 as Float).squareRoot() * (3.0 / Float(30)).squareRoot()
        #expect(k.allSatisfy { Swift.abs($0) <= b })
        #expect(k.map { Swift.abs($0) }.max()! > 0.95 * b)

        // PyTorch's Linear default: slope √5 gives bound 1/√fanIn.
        let l = Tensor.kaimingUniform([20, 25], negativeSlope: (5 as Float).squareRoot(), generator: &g).scalars
        #expect(l.allSatisfy { Swift.abs($0) <= 0.2 + 1e-6 })
        #expect(l.map { Swift.abs($0) }.max()! > 0.19)

        let kn = Tensor.kaimingNormal([200, 50], generator: &g).scalars.map(Double.init)
        let sd = (kn.map { $0 * $0 }.reduce(0, +) / Double(kn.count)).squareRoot()
        #expect(Swift.abs(sd - (2.0 / 50).squareRoot()) < 0.01)

        var h1 = SeededGenerator(seed: 9), h2 = SeededGenerator(seed: 9)
        #expect(Tensor.glorotUniform([4, 4], generator: &h1).scalars == Tensor.glorotUniform([4, 4], generator: &h2).scalars)
    }
}
