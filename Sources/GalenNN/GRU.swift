import GalenTensor

/// Gated recurrent unit over batch-first sequences (PyTorch's `nn.GRU(batch_first=True)`, Keras'
/// `GRU(reset_after=True)`): stacked layers, optionally bidirectional, with per-sequence lengths.
///
/// Gates r, z, n in PyTorch's order and names (`weight_ih_l0`, `bias_hh_l1_reverse`, …), with
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), so a PyTorch state dict loads with
/// `loadStateDict`. See `RecurrentLayer` for the shapes, the initialisation and
/// `forward(_:lengths:initialState:)`; the kernels are in `GRUKernel.swift`.
///
/// ```swift
/// let gru = GRU(16, 64)                                  // [N, T, 16] → [N, 64] (last state)
/// let out = try gru.forward(x, lengths: lengths)         // out.output [N, T, 64], out.state.hidden [1, N, 64]
/// ```
public final class GRU: RecurrentLayer {
    /// - Parameters:
    ///   - inputSize: features per step.
    ///   - hiddenSize: hidden units per direction.
    ///   - layers: stacked layers (each takes the previous one's outputs).
    ///   - bidirectional: also run each layer from the end of each sequence.
    ///   - bias: whether the layers have `bias_ih`/`bias_hh`.
    ///   - returnSequences: `forward(_:)` returns every step's output (true) or the last state (false).
    ///   - seed: seed of the initial weights; nil draws one from `GlobalRandom`.
    public init(_ inputSize: Int, _ hiddenSize: Int, layers: Int = 1, bidirectional: Bool = false, bias: Bool = true,
                returnSequences: Bool = false, seed: UInt64? = nil) {
        super.init(cell: .gru, inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, bidirectional: bidirectional,
                   bias: bias, returnSequences: returnSequences, seed: seed)
    }
}
