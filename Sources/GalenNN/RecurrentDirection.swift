/// The memory of one direction of one recurrent layer over one batch, as the LSTM and GRU kernels
/// (`LSTMKernel.swift`, `GRUKernel.swift`) read and write it. All matrices are row-major Float32;
/// `N` is the batch, `T` the padded sequence length, `F` the input size, `H` the hidden size,
/// `G` the number of gates (4 for LSTM, 3 for GRU) and `D` the number of directions of the layer.
///
/// Rows of the per-position buffers (`gates`, `saved`, `gradX`, `gradH`, `previous`) are indexed by
/// `n·T + t`. Positions past a sequence's length are never read or written by the step loops.
struct RecurrentDirection {
    /// Batch, padded length, hidden size and gate count.
    let batch: Int, length: Int, hidden: Int, gates: Int
    /// Whether this direction runs from each sequence's last valid element to its first.
    let reverse: Bool
    /// `[G·H, H]` recurrent weights, PyTorch's `weight_hh_l{k}`.
    let weightHH: UnsafePointer<Float>
    /// `[H, G·H]`: `W_hh` transposed, for the forward pass's per-step product (valid during the forward pass only).
    let weightHHTransposed: UnsafePointer<Float>
    /// `[G·H]` bias added to the input projection: LSTM `b_ih + b_hh`; GRU `b_ih + (b_hr, b_hz, 0)`.
    let biasX: UnsafePointer<Float>
    /// `[H]` GRU bias `b_hn`, added to `W_hn·h` inside the reset gate's product (unused by LSTM).
    let biasHN: UnsafePointer<Float>
    /// Layer output `[N, T, D·H]`, already offset to this direction's columns; row stride `outputStride`.
    let output: UnsafeMutablePointer<Float>
    /// `D·H`: distance between the outputs of consecutive time steps.
    let outputStride: Int
    /// `[N, H]` final hidden state (and LSTM cell state) of this direction, by batch row.
    let finalHidden: UnsafeMutablePointer<Float>, finalCell: UnsafeMutablePointer<Float>?
    /// `[N, H]` initial hidden (and LSTM cell) state, or nil for zeros.
    let initialHidden: UnsafePointer<Float>?, initialCell: UnsafePointer<Float>?
    /// `[N·T, G·H]`: the input projection `x·W_ihᵀ` on entry; the forward pass overwrites each valid
    /// row with the gate activations (LSTM i, f, g, o; GRU r, z, n) that the backward pass reads.
    let gateValues: UnsafeMutablePointer<Float>
    /// Kept for the backward pass, or nil at inference: LSTM `[N·T, 2H]`, the cell state `c_t` and
    /// `tanh(c_t)` of each position; GRU `[N·T, H]`, `W_hn·h_{t−1} + b_hn`.
    let saved: UnsafeMutablePointer<Float>?
}

/// What the backward pass of one direction reads and writes besides `RecurrentDirection`.
struct RecurrentDirectionGradients {
    /// Gradient of the layer output, same layout as `RecurrentDirection.output` (offset, stride `D·H`).
    let output: UnsafePointer<Float>
    /// `[N, H]` gradients of the final hidden (and LSTM cell) state, by batch row.
    let finalHidden: UnsafePointer<Float>, finalCell: UnsafePointer<Float>?
    /// `[N·T, G·H]`, zeroed on entry (or fully written, when every sequence has all `T` steps): gradients of the gate pre-activations on the input side
    /// (`x·W_ihᵀ + b_ih`), for `dW_ih`, `db_ih` and `dx`.
    let gateInput: UnsafeMutablePointer<Float>
    /// `[N·T, G·H]`, zeroed on entry (as `gateInput`): gradients on the recurrent side (`h·W_hhᵀ + b_hh`), for `dW_hh`
    /// and `db_hh`. The LSTM's are identical to `gateInput`, so it passes the same pointer.
    let gateHidden: UnsafeMutablePointer<Float>
    /// `[N·T, H]`, zeroed on entry (as `gateInput`): the hidden state each valid position started from (for `dW_hh`).
    let previous: UnsafeMutablePointer<Float>
    /// `[N, H]` gradients of the initial hidden (and LSTM cell) state, written for every batch row.
    let initialHidden: UnsafeMutablePointer<Float>, initialCell: UnsafeMutablePointer<Float>?
}
