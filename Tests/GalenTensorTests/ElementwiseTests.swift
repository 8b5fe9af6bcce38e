import Foundation
import Testing
@testable import GalenTensor

/// A slow, obviously correct NumPy broadcast of `f` for checking the kernels.
func referenceBroadcast(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) throws -> Tensor {
    let shape = try Shape.broadcast(a.shape, b.shape, op: "reference")
    var values = [Float](repeating: 0, count: Shape.count(shape))
    let outStrides = Shape.strides(shape)
    func offset(_ t: Tensor, _ flat: Int) -> Int {
        let lead = shape.count - t.rank
        let st = Shape.strides(t.shape)
        var off = 0
        for d in 0..<t.rank {
            let i = (flat / outStrides[d + lead]) % shape[d + lead]
            off += (t.shape[d] == 1 ? 0 : i) * st[d]
        }
        return off
    }
    for i in values.indices { values[i] = f(a.pointer[offset(a, i)], b.pointer[offset(b, i)]) }
    return try Tensor(shape: shape, values: values)
}

@Suite("Elementwise operations and broadcasting")
struct ElementwiseTests {
    @Test func broadcastShapeRules() throws {
        #expect(try Shape.broadcast([2, 3], [3], op: "t") == [2, 3])
        #expect(try Shape.broadcast([3], [2, 3], op: "t") == [2, 3])
        #expect(try Shape.broadcast([2, 1], [1, 3], op: "t") == [2, 3])
        #expect(try Shape.broadcast([], [2, 2], op: "t") == [2, 2])
        #expect(try Shape.broadcast([5, 1, 4], [3, 1], op: "t") == [5, 3, 4])
        #expect(try Shape.broadcast([0], [1], op: "t") == [0])
        #expect(try Shape.broadcast([2, 0], [2, 1], op: "t") == [2, 0])
        #expect(try Shape.broadcast([1, 1], [1], op: "t") == [1, 1])
        let e = tensorError { try Tensor.zeros([2, 3]) + Tensor.zeros([2]) }
        #expect(e == .shapeMismatch(op: "add", shapes: [[2, 3], [2]], detail: "dimension 1 is 3 in one and 2 in the other, and neither is 1"))
        #expect(e?.description == "add: incompatible shapes [2, 3] and [2]: dimension 1 is 3 in one and 2 in the other, and neither is 1")
        #expect(throws: TensorError.self) { try Shape.broadcast([0], [2], op: "t") }
    }

    @Test func everyBinaryOpNamesItselfInShapeErrors() {
        let a = Tensor.zeros([2, 3]), b = Tensor.zeros([4])
        let ops: [(String, () throws -> Tensor)] = [
            ("add", { try a + b }), ("subtract", { try a - b }), ("multiply", { try a * b }), ("divide", { try a / b }),
            ("pow", { try a.pow(b) }), ("greater", { try a.greater(b) }), ("greaterEqual", { try a.greaterEqual(b) }),
            ("less", { try a.less(b) }), ("lessEqual", { try a.lessEqual(b) }), ("equal", { try a.equal(b) }),
            ("notEqual", { try a.notEqual(b) }), ("where", { try Tensor.where(a, a, b) }),
        ]
        for (name, op) in ops {
            guard case let .shapeMismatch(opName, shapes, _)? = tensorError(op) else { continue }
            #expect(opName == name)
            #expect(shapes == [[2, 3], [4]])
        }
    }

    @Test(arguments: [
        ([2, 3], [2, 3]), ([2, 3], [3]), ([2, 3], []), ([], [2, 3]), ([3, 1], [1, 4]), ([1, 4], [3, 1]),
        ([2, 1, 3], [4, 1]), ([2, 3, 1], [3, 5]), ([4, 1], [4, 1]), ([1], [3]), ([3, 1, 1], [1, 2, 1]), ([2, 2], [1, 1]),
        ([5, 1, 4, 1], [3, 1, 2]), ([0, 3], [1, 3]), ([2, 0], [2, 1]),
    ] as [([Int], [Int])])
    func binaryOpsMatchReference(shapes: ([Int], [Int])) throws {
        let a = randn(shapes.0, seed: 1), b = awayFromZero(shapes.1, seed: 2, low: 0.3)
        let pa = rand(shapes.0, seed: 3, 0.2, 2)
        #expect(try (a + b).scalars == (try referenceBroadcast(a, b, +)).scalars)
        #expect(try (a - b).scalars == (try referenceBroadcast(a, b, -)).scalars)
        #expect(try (a * b).scalars == (try referenceBroadcast(a, b, *)).scalars)
        #expect(try (a / b).scalars == (try referenceBroadcast(a, b, /)).scalars)
        #expect(try pa.pow(b).scalars == (try referenceBroadcast(pa, b, powf)).scalars)
        #expect(try (a + b).shape == (try Shape.broadcast(shapes.0, shapes.1, op: "t")))
        #expect(try a.greater(b).scalars == (try referenceBroadcast(a, b) { $0 > $1 ? 1 : 0 }).scalars)
        #expect(try b.less(a).scalars == (try referenceBroadcast(b, a) { $0 < $1 ? 1 : 0 }).scalars)
    }

    @Test func largeBroadcastUsesParallelPathCorrectly() throws {
        // Big enough to be split across threads.
        for (sa, sb) in [([300, 300], [300]), ([300, 1], [1, 300]), ([3, 200, 200], [200, 1]), ([90_000], [])] as [([Int], [Int])] {
            let a = randn(sa, seed: 4), b = randn(sb, seed: 5)
            #expect(try (a * b).scalars == (try referenceBroadcast(a, b, *)).scalars)
            #expect(try (b - a).scalars == (try referenceBroadcast(b, a, -)).scalars)
        }
    }

    @Test func emptyTensorsBroadcast() throws {
        // A zero-size dimension must not trap in the index arithmetic.
        let r = try Tensor.zeros([0, 1]) + Tensor.ones([1, 3])
        #expect(r.shape == [0, 3] && r.count == 0)
        #expect(try (Tensor.zeros([2, 0, 1]) * Tensor.ones([3])).shape == [2, 0, 3])
        #expect(try Tensor.zeros([0]).broadcast(to: [2, 0]).shape == [2, 0])
    }

    @Test func scalarOperands() {
        let a = Tensor([1, -2, 4])
        #expect((a + 1).scalars == [2, -1, 5])
        #expect((1 + a).scalars == [2, -1, 5])
        #expect((a - 1).scalars == [0, -3, 3])
        #expect((1 - a).scalars == [0, 3, -3])
        #expect((a * 2).scalars == [2, -4, 8])
        #expect((2 * a).scalars == [2, -4, 8])
        #expect((a / 4).scalars == [0.25, -0.5, 1])
        #expect((4 / a).scalars == [4, -2, 1])
        #expect((-a).scalars == [-1, 2, -4])
        #expect(a.pow(2).scalars == [1, 4, 16])
        #expect(a.pow(3).scalars == [1, -8, 64])
        #expect(Tensor([4, 9]).pow(0.5).scalars == [2, 3])
        #expect(Tensor([0, 2]).pow(0).scalars == [1, 1])
        #expect((Tensor([1]) / 0).scalars == [.infinity])
    }

    @Test func unaryValues() {
        let x = Tensor([-1, 0, 2])
        #expect(close(x.exp().scalars, [Foundation.exp(-1.0), 1, Foundation.exp(2.0)].map(Float.init)))
        #expect(close(Tensor([1, Float(M_E), 0.5]).log().scalars, [0, 1, Float(Foundation.log(0.5))]))
        #expect(Tensor([4, 0.25, 0]).sqrt().scalars == [2, 0.5, 0])
        #expect(x.abs().scalars == [1, 0, 2])
        #expect(close(x.tanh().scalars, [-0.7615942, 0, 0.9640276]))
        #expect(close(x.sigmoid().scalars, [0.26894142, 0.5, 0.880797]))
        #expect(x.relu().scalars == [0, 0, 2])
        #expect(x.leakyRelu().scalars == [-0.01, 0, 2])
        #expect(x.leakyRelu(slope: 0.2).scalars == [-0.2, 0, 2])
        // Exact GELU: x·Φ(x).
        #expect(close(Tensor([-1, 0, 1, 3]).gelu().scalars, [-0.15865526, 0, 0.8413447, 2.9959502]))
        #expect(close(Tensor([-1, 0, 1]).softplus().scalars, [0.31326166, 0.6931472, 1.3132616]))
        #expect(Tensor([-2, -0.5, 0.3, 2]).clamp(min: -1, max: 1).scalars == [-1, -0.5, 0.3, 1])
        #expect(Tensor([-2, 2]).clamp(min: 0).scalars == [0, 2])
        #expect(Tensor([-2, 2]).clamp(max: 0).scalars == [-2, 0])
    }

    @Test func unaryEdgeValues() {
        let l = Tensor([0, -1]).log().scalars
        #expect(l[0] == -.infinity && l[1].isNaN)
        #expect(Tensor([-1]).sqrt().scalars[0].isNaN)
        // Stable forms: no overflow to NaN for large magnitudes.
        let sg = Tensor([-100, 100]).sigmoid().scalars
        #expect(sg[0] >= 0 && sg[0] < 1e-30 && sg[1] == 1)
        #expect(Tensor([-1000, 1000]).sigmoid().scalars == [0, 1])
        let sp = Tensor([-100, 100, 1000]).softplus().scalars
        #expect(sp[0] >= 0 && sp[0] < 1e-30 && sp[1] == 100 && sp[2] == 1000)
        #expect(Tensor([-1000, 1000]).tanh().scalars == [-1, 1])
    }

    @Test func gradientEdgeValues() throws {
        // PyTorch's conventions at kinks and at the edges of a domain.
        func grad(_ x: Tensor, _ f: (Tensor) throws -> Tensor) throws -> [Float] {
            x.requiresGrad = true
            x.zeroGrad()
            try f(x).sum().backward()
            return x.grad!.scalars
        }
        #expect(try grad(Tensor([0])) { $0.relu() } == [0])
        #expect(try grad(Tensor([0])) { $0.abs() } == [0])
        #expect(try grad(Tensor([0])) { $0.leakyRelu(slope: 0.1) } == [0.1])
        #expect(try grad(Tensor([-1, 1])) { $0.clamp(min: -1, max: 1) } == [1, 1])
        #expect(try grad(Tensor([0, 0.5])) { $0.pow(0) } == [0, 0])
        #expect(try grad(Tensor([0, 3])) { $0.pow(2) } == [0, 6])
        #expect(try grad(Tensor([0])) { $0.pow(1) } == [1])
        // a^b with a = 0: d/da is 0 for b = 0, d/db is 0 for b ≥ 0 (not NaN).
        let b = Tensor([0, 1, 2.5]).requiringGrad()
        let a = Tensor([0, 0, 0]).requiringGrad()
        try a.pow(b).sum().backward()
        #expect(a.grad!.scalars == [0, 1, 0])
        #expect(b.grad!.scalars == [0, 0, 0])
        // Large inputs keep finite gradients.
        #expect(try grad(Tensor([-100, 100])) { $0.sigmoid() }.allSatisfy { $0.isFinite && $0 >= 0 })
        let sp = try grad(Tensor([-100, 100])) { $0.softplus() }
        #expect(sp[0] >= 0 && sp[0] < 1e-30 && sp[1] == 1)
        #expect(try grad(Tensor([-20, 20])) { $0.tanh() }.allSatisfy { $0.isFinite })
    }
}
