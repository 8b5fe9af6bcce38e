import Foundation
import GalenTensor

/// A lookup table of learned vectors (PyTorch's `nn.Embedding`): integer ids of any shape `[...]`
/// → `[..., dim]`.
///
/// `weight` is `[count, dim]`, initialised N(0, 1) as in PyTorch. With `paddingIndex`, that row
/// starts at zero and never receives a gradient (PyTorch's `padding_idx`). Ids are held in a
/// Float32 tensor (exact up to 2^24), as Galen's tensors are Float32.
public final class Embedding: Module {
    /// `[count, dim]`.
    public let weight: Tensor
    /// Number of rows (the vocabulary size).
    public let count: Int
    /// Length of each vector.
    public let dimension: Int
    /// The id whose row stays zero and gets no gradient, if any.
    public let paddingIndex: Int?

    /// - Parameters:
    ///   - count: number of ids (rows).
    ///   - dimension: vector length.
    ///   - paddingIndex: an id in `0..<count` whose row is zero and frozen, or nil.
    ///   - seed: seed of the N(0, 1) initial rows; nil draws one from `GlobalRandom`.
    public init(_ count: Int, _ dimension: Int, paddingIndex: Int? = nil, seed: UInt64? = nil) {
        precondition(count > 0 && dimension > 0, "Embedding needs positive sizes, got \(count) × \(dimension)")
        precondition(paddingIndex.map { $0 >= 0 && $0 < count } ?? true, "Embedding padding index \(paddingIndex!) is not in 0..<\(count)")
        self.count = count
        self.dimension = dimension
        self.paddingIndex = paddingIndex
        var g = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
        let w = Tensor.normal([count, dimension], generator: &g)
        if let p = paddingIndex { for j in 0..<dimension { w.pointer[p * dimension + j] = 0 } }
        weight = w.requiringGrad()
        super.init()
    }

    /// Rows of `weight` for the ids in `ids` (`[...]` → `[..., dimension]`).
    /// - Throws: `NNError.badInput` naming the position of an id that is not an integer in `0..<count`.
    public override func forward(_ ids: Tensor) throws -> Tensor {
        try Embedding.lookup(ids, weight: weight, paddingIndex: paddingIndex, layer: "Embedding(\(count), \(dimension))")
    }

    /// The lookup of `forward` against any `[rows, dim]` table (for layers that share it).
    /// - Throws: `NNError.badInput` naming the position of an id that is not an integer in `0..<rows`.
    public static func lookup(_ ids: Tensor, weight: Tensor, paddingIndex: Int?, layer: String) throws -> Tensor {
        let rows = weight.shape[0], dim = weight.shape[1]
        let pi = ids.pointer
        var index = [Int](repeating: 0, count: ids.count)
        for i in 0..<ids.count {
            let v = pi[i]
            guard v.isFinite, v == v.rounded(), v >= 0, v < Float(rows) else {
                throw NNError.badInput(layer: layer, detail: "id at flat position \(i) of input \(ids.shape) is not an integer in 0..<\(rows)")
            }
            index[i] = Int(v)
        }
        let out = Tensor.uninitialized(ids.shape + [dim])
        let pw = weight.pointer, po = out.pointer
        for (i, r) in index.enumerated() { (po + i * dim).update(from: pw + r * dim, count: dim) }
        return out.recordingGradient("embedding", inputs: [weight]) { g in
            let grad = Tensor.zeros([rows, dim])
            let pg = g.pointer, pd = grad.pointer
            for (i, r) in index.enumerated() where r != paddingIndex {
                let dst = pd + r * dim, src = pg + i * dim
                for j in 0..<dim { dst[j] += src[j] }
            }
            return [grad]
        }
    }
}
