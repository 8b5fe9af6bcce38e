import Foundation
import GalenTensor

/// Sentence embeddings from token states as sentence-transformers computes them for models such
/// as all-MiniLM-L6-v2: mean pooling over the attention mask, then L2 normalisation. Both steps
/// are tensor operations, so gradients flow through them (for fine-tuning).
public enum SentencePooling {
    /// Mean of the token states `[N, T, H]` over the positions where `attentionMask` `[N, T]` is
    /// nonzero → `[N, H]` (sentence-transformers: Σ h·m / max(Σ m, 1e-9)).
    /// - Throws: `BertError.badInput` when the shapes do not fit.
    public static func meanPooled(_ states: Tensor, attentionMask: Tensor) throws -> Tensor {
        guard states.rank == 3, attentionMask.shape == [states.shape[0], states.shape[1]] else {
            throw BertError.badInput("mean pooling needs states [N, T, H] and a mask [N, T], got \(states.shape) and \(attentionMask.shape)")
        }
        let mask = attentionMask.detached()
        let binary = Tensor.uninitialized(mask.shape)
        for i in 0..<mask.count { binary.pointer[i] = mask.pointer[i] != 0 ? 1 : 0 }
        let weights = try binary.unsqueeze(axis: 2)
        let summed = try (states * weights).sum(axes: [1])
        let counts = try binary.sum(axes: [1], keepDims: true).clamp(min: 1e-9)
        return try summed / counts
    }

    /// Each row of `x` `[N, H]` divided by its Euclidean norm (at least 1e-12, as
    /// `torch.nn.functional.normalize`).
    /// - Throws: `BertError.badInput` for a tensor that is not 2-D.
    public static func l2Normalized(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2 else { throw BertError.badInput("L2 normalisation needs [N, H], got \(x.shape)") }
        let norms = try (x * x).sum(axes: [1], keepDims: true).sqrt().clamp(min: 1e-12)
        return try x / norms
    }
}
