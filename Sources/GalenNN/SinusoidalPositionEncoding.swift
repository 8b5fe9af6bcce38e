import Foundation
import GalenTensor

/// Fixed sinusoidal position encodings ("Attention Is All You Need", and PyTorch's transformer
/// tutorial): `pe[t, 2i] = sin(t / 10000^(2i/d))`, `pe[t, 2i+1] = cos(t / 10000^(2i/d))`, added to
/// position t of a `[N, T, d]` input.
///
/// `pe` `[maxLength, d]` is a buffer: saved in the state dict, never trained.
public final class SinusoidalPositionEncoding: Module {
    /// `[maxLength, dimension]`.
    public let pe: Tensor
    /// The longest sequence covered.
    public let maxLength: Int
    /// Vector length (even or odd; an odd last column holds a sine).
    public let dimension: Int

    /// - Parameters:
    ///   - dimension: the model width.
    ///   - maxLength: the longest sequence (PyTorch's tutorial uses 5000).
    public init(dimension: Int, maxLength: Int = 5000) {
        precondition(dimension > 0 && maxLength > 0, "SinusoidalPositionEncoding needs positive sizes")
        self.dimension = dimension
        self.maxLength = maxLength
        let table = Tensor.zeros([maxLength, dimension])
        let p = table.pointer
        for i in stride(from: 0, to: dimension, by: 2) {
            // Computed in Float32 as the tutorial's torch.exp(arange * (-log(10000) / d)).
            let frequency = Foundation.exp(Float(i) * (-Foundation.log(Float(10_000)) / Float(dimension)))
            for t in 0..<maxLength {
                let angle = Float(t) * frequency
                p[t * dimension + i] = Foundation.sin(angle)
                if i + 1 < dimension { p[t * dimension + i + 1] = Foundation.cos(angle) }
            }
        }
        pe = table
        super.init()
    }

    /// `x + pe[0..<T]` for `x` `[N, T, dimension]` (or `[T, dimension]`).
    /// - Throws: `NNError.badInput` when the width differs or T exceeds `maxLength`.
    public override func forward(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 2, x.shape[x.rank - 1] == dimension, x.shape[x.rank - 2] <= maxLength else {
            throw NNError.badInput(layer: "SinusoidalPositionEncoding(\(dimension))",
                                   detail: "expected [..., T ≤ \(maxLength), \(dimension)], got \(x.shape)")
        }
        return try x + pe.slice(axis: 0, 0 ..< x.shape[x.rank - 2])
    }
}
