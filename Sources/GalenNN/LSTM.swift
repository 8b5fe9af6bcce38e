import GalenTensor

/// Long short-term memory over batch-first sequences (PyTorch's `nn.LSTM(batch_first=True)`,
/// Keras' `LSTM`): stacked layers, optionally bidirectional, with per-sequence lengths.
///
/// Gates i, f, g, o in PyTorch's order and names (`weight_ih_l0`, `bias_hh_l1_reverse`, …), so a
/// PyTorch state dict loads with `loadStateDict`. See `RecurrentLayer` for the shapes, the
/// initialisation and `forward(_:lengths:initialState:)`; the kernels are in `LSTMKernel.swift`.
///
/// ```swift
/// let encoder = LSTM(16, 64, returnSequences: true)      // [N, 48, 16] → [N, 48, 64]
/// let summary = LSTM(64, 64)                             // [N, 48, 64] → [N, 64] (last state)
/// let out = try LSTM(16, 32, layers: 2, bidirectional: true).forward(x, lengths: lengths)
/// // out.output [N, T, 64], out.state.hidden / out.state.cell [4, N, 32], out.last [N, 64]
/// ```
public final class LSTM: RecurrentLayer {
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
        super.init(cell: .lstm, inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, bidirectional: bidirectional,
                   bias: bias, returnSequences: returnSequences, seed: seed)
    }
}
