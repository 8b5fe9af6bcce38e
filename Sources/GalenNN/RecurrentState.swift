import GalenTensor

/// The state of a recurrent network between sequences: PyTorch's `h_0`/`h_n` (and `c_0`/`c_n` of
/// an LSTM), one row per layer and direction.
public struct RecurrentState {
    /// `[layers · directions, N, H]` hidden states, ordered layer by layer, forward direction first.
    public var hidden: Tensor
    /// `[layers · directions, N, H]` LSTM cell states; nil for a GRU (and, as an initial state of an
    /// LSTM, for zeros).
    public var cell: Tensor?

    /// A state from its tensors.
    public init(hidden: Tensor, cell: Tensor? = nil) {
        self.hidden = hidden
        self.cell = cell
    }
}
