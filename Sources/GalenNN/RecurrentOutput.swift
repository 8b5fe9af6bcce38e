import GalenTensor

/// What a recurrent network returns for a batch of sequences (PyTorch's `output, h_n` or
/// `output, (h_n, c_n)`, with the last state of each sequence also given ready for a classifier head).
public struct RecurrentOutput {
    /// `[N, T, directions · H]`: the top layer's hidden state at every step (both directions
    /// concatenated, forward first); zero at steps past a sequence's length.
    public let output: Tensor
    /// Final states `[layers · directions, N, H]`: for each sequence, the state at its true last step
    /// (the reverse direction's at its first step).
    public let state: RecurrentState
    /// `[N, directions · H]`: the top layer's final hidden state of each direction, concatenated
    /// (forward first), the usual input of a classification head.
    public let last: Tensor
}
