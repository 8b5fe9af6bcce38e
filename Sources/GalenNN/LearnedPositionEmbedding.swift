import Foundation
import GalenTensor

/// Learned absolute position embeddings (BERT's `position_embeddings`, an `nn.Embedding` over
/// positions 0…T−1): adds row t of `weight` to position t of a `[N, T, dim]` input.
///
/// `weight` is `[maxPositions, dim]`, initialised N(0, 1) as `nn.Embedding`.
public final class LearnedPositionEmbedding: Module {
    /// `[maxPositions, dim]`.
    public let weight: Tensor
    /// The longest sequence this table covers.
    public let maxPositions: Int
    /// Vector length.
    public let dimension: Int

    /// - Parameters:
    ///   - maxPositions: longest sequence.
    ///   - dimension: vector length (the model width).
    ///   - seed: seed of the N(0, 1) initial rows; nil draws one from `GlobalRandom`.
    public init(maxPositions: Int, dimension: Int, seed: UInt64? = nil) {
        precondition(maxPositions > 0 && dimension > 0, "LearnedPositionEmbedding needs positive sizes")
        self.maxPositions = maxPositions
        self.dimension = dimension
        var g = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
        weight = Tensor.normal([maxPositions, dimension], generator: &g).requiringGrad()
        super.init()
    }

    /// `x + weight[0..<T]` for `x` `[N, T, dim]` (or `[T, dim]`).
    /// - Throws: `NNError.badInput` when the width differs or T exceeds `maxPositions`.
    public override func forward(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 2, x.shape[x.rank - 1] == dimension, x.shape[x.rank - 2] <= maxPositions else {
            throw NNError.badInput(layer: "LearnedPositionEmbedding(\(maxPositions), \(dimension))",
                                   detail: "expected [..., T ≤ \(maxPositions), \(dimension)], got \(x.shape)")
        }
        return try x + weight.slice(axis: 0, 0 ..< x.shape[x.rank - 2])
    }
}
