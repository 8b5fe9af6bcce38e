import GalenNN
import GalenTensor

/// A classifier of event sequences such as patient histories: a recurrent encoder (LSTM or GRU,
/// optionally stacked and bidirectional) reads each padded sequence up to its own length, and a
/// dense head turns the encoder's last state into class logits.
///
/// `[N, T, features]` (with per-sequence lengths) → encoder last state `[N, directions · hidden]`
/// → (Dense `headHidden` + ReLU, when set) → Dense → logits `[N, classes]` (one logit for a binary
/// task trained with `BCEWithLogitsLoss`). Parameter names: `encoder.weight_ih_l0`, … (PyTorch's
/// `nn.LSTM`/`nn.GRU` names) and `head.0.weight`, `head.0.bias`, … (`nn.Sequential`).
///
/// ```swift
/// let model = SequenceClassifier(features: 16, classes: 5, hidden: 64, headHidden: 64)
/// let logits = try model.forward(x, lengths: lengths)     // [N, 5]
/// ```
public final class SequenceClassifier: Module {
    /// The recurrent encoder (`returnSequences` false: it yields each sequence's last state).
    public let encoder: RecurrentLayer
    /// The dense head on the encoder's last state.
    public let head: Sequential

    /// - Parameters:
    ///   - features: features per step.
    ///   - classes: outputs (class count, or 1 for binary or regression targets).
    ///   - cell: `.lstm` (default) or `.gru`.
    ///   - hidden: hidden units of the encoder per direction.
    ///   - layers: stacked recurrent layers.
    ///   - bidirectional: whether the encoder also reads each sequence backwards.
    ///   - headHidden: width of a hidden Dense + ReLU layer before the output, or nil for none.
    ///   - seed: seed of every initial weight; nil draws one from `GlobalRandom`.
    public init(features: Int, classes: Int, cell: RecurrentCell = .lstm, hidden: Int = 64, layers: Int = 1,
                bidirectional: Bool = false, headHidden: Int? = nil, seed: UInt64? = nil) {
        var g = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
        switch cell {
        case .lstm: encoder = LSTM(features, hidden, layers: layers, bidirectional: bidirectional, seed: g.nextSeed())
        case .gru: encoder = GRU(features, hidden, layers: layers, bidirectional: bidirectional, seed: g.nextSeed())
        }
        let width = hidden * (bidirectional ? 2 : 1)
        var layers: [Module] = []
        if let headHidden {
            layers.append(Dense(width, headHidden, seed: g.nextSeed()))
            layers.append(ReLU())
            layers.append(Dense(headHidden, classes, seed: g.nextSeed()))
        } else {
            layers.append(Dense(width, classes, seed: g.nextSeed()))
        }
        head = Sequential(layers)
        super.init()
    }

    /// Logits `[N, classes]` for `[N, T, features]` sequences that all have `T` steps.
    /// - Throws: `NNError.badInput` for a wrong input shape.
    public override func forward(_ x: Tensor) throws -> Tensor {
        try head(encoder(x))
    }

    /// Logits `[N, classes]` for padded sequences with `lengths[n]` valid steps each (padding is never read).
    /// - Throws: `NNError.badInput` for a wrong input shape or lengths (see `RecurrentLayer.forward(_:lengths:initialState:)`).
    public func forward(_ x: Tensor, lengths: [Int]?) throws -> Tensor {
        try head(encoder.forward(x, lengths: lengths).last)
    }
}
