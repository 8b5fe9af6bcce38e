import Foundation
import Testing
@testable import GalenTensor

@Suite("Shape operations")
struct ShapeOpsTests {
    let x = T([2, 3], [1, 2, 3, 4, 5, 6])

    @Test func reshape() throws {
        let r = try x.reshape([3, 2])
        #expect(r.shape == [3, 2] && r.scalars == x.scalars)
        #expect(r.storage === x.storage)  // shares storage
        #expect(try x.reshape([-1]).shape == [6])
        #expect(try x.reshape([3, -1]).shape == [3, 2])
        #expect(try x.reshape([1, -1, 1]).shape == [1, 6, 1])
        #expect(try Tensor([5]).reshape([]).shape == [])
        #expect(try Tensor(scalar: 5).reshape([1, 1]).shape == [1, 1])
        #expect(try Tensor.zeros([0, 3]).reshape([3, 0]).shape == [3, 0])
    }

    @Test func reshapeErrors() {
        #expect(tensorError { try x.reshape([4, 2]) }
            == .invalidArgument(op: "reshape", detail: "cannot reshape [2, 3] (6 values) into [4, 2] (8 values)"))
        #expect(tensorError { try x.reshape([4, -1]) }
            == .invalidArgument(op: "reshape", detail: "cannot reshape [2, 3] (6 values) into [4, -1]"))
        #expect(tensorError { try x.reshape([-1, -1]) }
            == .invalidArgument(op: "reshape", detail: "shape [-1, -1] may hold at most one -1 and no other negative size"))
        #expect(throws: TensorError.self) { try x.reshape([-2, -3]) }
        #expect(throws: TensorError.self) { try x.reshape([0, -1]) }
        #expect(throws: TensorError.self) { try Tensor.zeros([0]).reshape([-1, 0]) }
    }

    @Test func flatten() throws {
        let y = randn([2, 3, 4], seed: 1)
        #expect(try y.flatten().shape == [2, 12])
        #expect(try y.flatten(from: 0).shape == [24])
        #expect(try y.flatten(from: 2).shape == [2, 3, 4])
        #expect(try y.flatten(from: -2).shape == [2, 12])
        #expect(try y.flatten().scalars == y.scalars)
        #expect(tensorError { try y.flatten(from: 3) } == .invalidAxis(op: "flatten", axis: 3, rank: 3))
    }

    @Test func permuteAndTranspose() throws {
        #expect(try x.transposed().scalars == [1, 4, 2, 5, 3, 6])
        #expect(try x.transposed().shape == [3, 2])
        let y = T([2, 3, 2], (0..<12).map(Float.init))
        let p = try y.permute([2, 0, 1])
        #expect(p.shape == [2, 2, 3])
        // p[k, i, j] = y[i, j, k]
        for i in 0..<2 { for j in 0..<3 { for k in 0..<2 {
            #expect(try p.value(at: [k, i, j]) == y.value(at: [i, j, k]))
        } } }
        #expect(try y.permute([0, 1, 2]).scalars == y.scalars)
        #expect(try y.permute([-1, 0, 1]).scalars == p.scalars)
        #expect(try y.transposed(0, 2).shape == [2, 3, 2])
        #expect(try y.transposed(0, 2).value(at: [1, 2, 0]) == y.value(at: [0, 2, 1]))
        // Large 2-D transpose (blocked kernel) and a 4-D permutation.
        let big = randn([70, 45], seed: 2)
        let bt = try big.transposed()
        #expect(try bt.transposed().scalars == big.scalars)
        #expect(try bt.value(at: [44, 69]) == big.value(at: [69, 44]))
        let q = randn([2, 3, 4, 5], seed: 3)
        let qp = try q.permute([3, 1, 0, 2])
        #expect(try qp.value(at: [4, 2, 1, 3]) == q.value(at: [1, 2, 3, 4]))
        #expect(try qp.permute([2, 1, 3, 0]).scalars == q.scalars)
        // Permuting a view of an empty tensor.
        #expect(try Tensor.zeros([0, 3, 2]).permute([2, 0, 1]).shape == [2, 0, 3])
    }

    @Test func permuteErrors() {
        let y = Tensor.zeros([2, 3, 4])
        #expect(tensorError { try y.permute([0, 1]) }
            == .invalidArgument(op: "permute", detail: "[0, 1] is not a permutation of the 3 axes of [2, 3, 4]"))
        #expect(throws: TensorError.self) { try y.permute([0, 1, 1]) }
        #expect(tensorError { try y.permute([0, 1, 3]) } == .invalidAxis(op: "permute", axis: 3, rank: 3))
        #expect(tensorError { try Tensor([1, 2]).transposed() }
            == .invalidArgument(op: "transpose", detail: "needs at least 2 dimensions, got shape [2]"))
        #expect(tensorError { try y.transposed(0, 3) } == .invalidAxis(op: "transpose", axis: 3, rank: 3))
    }

    @Test func broadcastTo() throws {
        let b = try Tensor([1, 2, 3]).broadcast(to: [2, 3])
        #expect(b.shape == [2, 3] && b.scalars == [1, 2, 3, 1, 2, 3])
        let c = try T([2, 1], [7, 8]).broadcast(to: [2, 2, 3])
        #expect(c.scalars == [7, 7, 7, 8, 8, 8, 7, 7, 7, 8, 8, 8])
        #expect(try Tensor(scalar: 4).broadcast(to: [3]).scalars == [4, 4, 4])
        #expect(try x.broadcast(to: [2, 3]).scalars == x.scalars)
        #expect(tensorError { try Tensor([1, 2, 3]).broadcast(to: [2]) }
            == .shapeMismatch(op: "broadcast", shapes: [[3], [2]], detail: "dimension 0 is 3 in one and 2 in the other, and neither is 1"))
        #expect(tensorError { try x.broadcast(to: [3]) } == nil ? false : true)
        #expect(tensorError { try T([2, 1], [1, 2]).broadcast(to: [2, 3]).broadcast(to: [1, 3]) }
            == .shapeMismatch(op: "broadcast", shapes: [[2, 3], [1, 3]], detail: "the first does not broadcast to the second"))
    }

    @Test func squeezeUnsqueeze() throws {
        let y = Tensor.zeros([2, 1, 3, 1])
        #expect(try y.squeeze().shape == [2, 3])
        #expect(try y.squeeze(axis: 1).shape == [2, 3, 1])
        #expect(try y.squeeze(axis: -1).shape == [2, 1, 3])
        #expect(try x.unsqueeze(axis: 0).shape == [1, 2, 3])
        #expect(try x.unsqueeze(axis: 2).shape == [2, 3, 1])
        #expect(try x.unsqueeze(axis: -1).shape == [2, 3, 1])
        #expect(try x.unsqueeze(axis: 1).shape == [2, 1, 3])
        #expect(try Tensor(scalar: 1).unsqueeze(axis: 0).shape == [1])
        #expect(try Tensor(scalar: 1).squeeze(axis: 0).shape == [])
        #expect(try Tensor(scalar: 1).squeeze().shape == [])
        #expect(tensorError { try y.squeeze(axis: 0) }
            == .invalidArgument(op: "squeeze", detail: "dimension 0 of [2, 1, 3, 1] has size 2, not 1"))
        #expect(tensorError { try y.squeeze(axis: 4) } == .invalidAxis(op: "squeeze", axis: 4, rank: 4))
        #expect(tensorError { try x.unsqueeze(axis: 4) } == .invalidAxis(op: "unsqueeze", axis: 4, rank: 3))
        #expect(tensorError { try x.unsqueeze(axis: -4) } == .invalidAxis(op: "unsqueeze", axis: -4, rank: 3))
    }

    @Test func slice() throws {
        #expect(try x.slice(axis: 1, 1..<3).scalars == [2, 3, 5, 6])
        #expect(try x.slice(axis: 0, 1..<2).scalars == [4, 5, 6])
        #expect(try x.slice(axis: -1, 0..<1).shape == [2, 1])
        #expect(try x.slice(axis: 1, 2..<2).shape == [2, 0])
        #expect(try x.slice(axis: 1, 0..<3).scalars == x.scalars)
        let y = T([2, 3, 2], (0..<12).map(Float.init))
        #expect(try y.slice(axis: 1, 1..<2).scalars == [2, 3, 8, 9])
    }

    @Test func sliceErrors() {
        #expect(tensorError { try x.slice(axis: 1, 1..<4) } == .indexOutOfRange(op: "slice", index: 4, dimension: 1, size: 3))
        #expect(tensorError { try x.slice(axis: 0, -1..<1) } == .indexOutOfRange(op: "slice", index: -1, dimension: 0, size: 2))
        #expect(tensorError { try x.slice(axis: 2, 0..<1) } == .invalidAxis(op: "slice", axis: 2, rank: 2))
        #expect(tensorError { try Tensor(scalar: 1).slice(axis: 0, 0..<1) } == .invalidAxis(op: "slice", axis: 0, rank: 0))
    }

    @Test func concatAndStack() throws {
        let a = T([2, 2], [1, 2, 3, 4]), b = T([2, 1], [5, 6])
        let c = try Tensor.concat([a, b], axis: 1)
        #expect(c.shape == [2, 3] && c.scalars == [1, 2, 5, 3, 4, 6])
        let d = try Tensor.concat([a, T([1, 2], [7, 8])], axis: 0)
        #expect(d.shape == [3, 2] && d.scalars == [1, 2, 3, 4, 7, 8])
        #expect(try Tensor.concat([a], axis: -1).scalars == a.scalars)
        #expect(try Tensor.concat([a, Tensor.zeros([2, 0]), b], axis: -1).scalars == c.scalars)
        let s = try Tensor.stack([Tensor([1, 2]), Tensor([3, 4]), Tensor([5, 6])])
        #expect(s.shape == [3, 2] && s.scalars == [1, 2, 3, 4, 5, 6])
        let s1 = try Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], axis: 1)
        #expect(s1.shape == [2, 2] && s1.scalars == [1, 3, 2, 4])
        let s2 = try Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], axis: -1)
        #expect(s2.scalars == s1.scalars)
        #expect(try Tensor.stack([Tensor(scalar: 1), Tensor(scalar: 2)]).scalars == [1, 2])
    }

    @Test func concatAndStackErrors() {
        #expect(tensorError { try Tensor.concat([], axis: 0) } == .invalidArgument(op: "concat", detail: "needs at least one tensor"))
        #expect(tensorError { try Tensor.concat([Tensor.zeros([2, 2]), Tensor.zeros([3, 2])], axis: 1) }
            == .shapeMismatch(op: "concat", shapes: [[2, 2], [3, 2]], detail: "dimensions other than 1 must match"))
        #expect(tensorError { try Tensor.concat([Tensor.zeros([2, 2]), Tensor.zeros([2])], axis: 0) }
            == .shapeMismatch(op: "concat", shapes: [[2, 2], [2]], detail: "tensors must have the same rank"))
        #expect(tensorError { try Tensor.concat([Tensor.zeros([2])], axis: 1) } == .invalidAxis(op: "concat", axis: 1, rank: 1))
        #expect(tensorError { try Tensor.concat([Tensor(scalar: 1), Tensor(scalar: 2)], axis: 0) }
            == .invalidAxis(op: "concat", axis: 0, rank: 0))
        #expect(tensorError { try Tensor.stack([]) } == .invalidArgument(op: "stack", detail: "needs at least one tensor"))
        #expect(tensorError { try Tensor.stack([Tensor.zeros([2]), Tensor.zeros([3])]) }
            == .shapeMismatch(op: "stack", shapes: [[2], [3]], detail: "all tensors must have the same shape"))
        #expect(tensorError { try Tensor.stack([Tensor.zeros([2])], axis: 2) } == .invalidAxis(op: "stack", axis: 2, rank: 2))
    }

    @Test func gatherAndIndexSelect() throws {
        let y = T([3, 2], [1, 2, 3, 4, 5, 6])
        #expect(try y.gather(axis: 0, indices: [2, 0, 2]).scalars == [5, 6, 1, 2, 5, 6])
        #expect(try y.gather(axis: 1, indices: [1, 1, 0]).scalars == [2, 2, 1, 4, 4, 3, 6, 6, 5])
        #expect(try y.gather(axis: 0, indices: []).shape == [0, 2])
        #expect(try y.indexSelect(axis: -1, indices: Tensor([1])).scalars == [2, 4, 6])
        let z = T([2, 3, 2], (0..<12).map(Float.init))
        #expect(try z.gather(axis: 1, indices: [2, 0]).scalars == [4, 5, 0, 1, 10, 11, 6, 7])
    }

    @Test func gatherAndIndexSelectErrors() {
        let y = Tensor.zeros([3, 2])
        #expect(tensorError { try y.gather(axis: 0, indices: [0, 3]) } == .indexOutOfRange(op: "gather", index: 3, dimension: 0, size: 3))
        #expect(tensorError { try y.gather(axis: 1, indices: [-1]) } == .indexOutOfRange(op: "gather", index: -1, dimension: 1, size: 2))
        #expect(tensorError { try y.gather(axis: 2, indices: [0]) } == .invalidAxis(op: "gather", axis: 2, rank: 2))
        #expect(tensorError { try Tensor(scalar: 1).gather(axis: 0, indices: [0]) } == .invalidAxis(op: "gather", axis: 0, rank: 0))
        #expect(tensorError { try y.indexSelect(axis: 0, indices: Tensor([0.5])) }
            == .invalidArgument(op: "indexSelect", detail: "index 0.5 is not an integer"))
        #expect(throws: TensorError.self) { try y.indexSelect(axis: 0, indices: Tensor([.nan])) }
        #expect(throws: TensorError.self) { try y.indexSelect(axis: 0, indices: Tensor([.infinity])) }
        #expect(throws: TensorError.self) { try y.indexSelect(axis: 0, indices: Tensor([1e30])) }
        #expect(throws: TensorError.self) { try y.indexSelect(axis: 0, indices: Tensor([-1e30])) }
        #expect(tensorError { try y.indexSelect(axis: 0, indices: Tensor([5])) } == .indexOutOfRange(op: "gather", index: 5, dimension: 0, size: 3))
    }

    @Test func errorDescriptionsNameOpAndShapes() {
        #expect(TensorError.invalidAxis(op: "sum", axis: 3, rank: 2).description == "sum: axis 3 is out of range for a tensor of rank 2")
        #expect(TensorError.indexOutOfRange(op: "gather", index: 5, dimension: 0, size: 3).description
            == "gather: index 5 is out of range for dimension 0 of size 3")
        #expect(TensorError.autograd("x").description == "backward: x")
        #expect(TensorError.nonFinite(op: "fit", detail: "NaN loss").description == "fit: NaN loss")
        let e = tensorError { try Tensor.concat([Tensor.zeros([2, 2]), Tensor.zeros([3, 2])], axis: 1) }
        #expect(e?.description == "concat: incompatible shapes [2, 2] and [3, 2]: dimensions other than 1 must match")
    }
}
