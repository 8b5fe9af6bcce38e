import Foundation
import GalenTensor

/// What `LSTM` and `GRU` share (PyTorch's `RNNBase`): stacked layers, optionally bidirectional,
/// over batch-first `[N, T, F]` input, with per-sequence lengths so that padding never reaches the
/// results, and PyTorch's parameter names, shapes, gate order and initialisation, so that PyTorch
/// state dicts load by name.
///
/// Parameters, for layer `k` (inputs `F` for `k = 0`, `directions · H` above) and `G` gates:
/// `weight_ih_l{k}` `[G·H, F]`, `weight_hh_l{k}` `[G·H, H]`, `bias_ih_l{k}` `[G·H]`, `bias_hh_l{k}`
/// `[G·H]`, and the same with the suffix `_reverse` for the reverse direction. Every parameter
/// starts U(−1/√H, 1/√H), drawn from the seeded generator in that order.
public class RecurrentLayer: Module {
    /// LSTM or GRU.
    public let cell: RecurrentCell
    /// Features per step of the input, hidden units per direction, stacked layers.
    public let inputSize: Int, hiddenSize: Int, layerCount: Int
    /// Whether each layer also runs from the end of each sequence to its start.
    public let bidirectional: Bool
    /// Whether the layers have biases.
    public let hasBias: Bool
    /// What `forward(_:)` returns: the top layer's output at every step `[N, T, directions · H]`
    /// (true), or the last state of each sequence `[N, directions · H]` (false, as Keras' default).
    public let returnSequences: Bool
    /// Per layer, the weights of each direction (forward, then reverse).
    let weights: [[RecurrentWeights]]

    /// Number of directions: 2 when bidirectional, else 1.
    public var directionCount: Int { bidirectional ? 2 : 1 }

    init(cell: RecurrentCell, inputSize: Int, hiddenSize: Int, layers: Int, bidirectional: Bool, bias: Bool,
         returnSequences: Bool, seed: UInt64?) {
        precondition(inputSize > 0 && hiddenSize > 0 && layers > 0,
                     "\(cell == .lstm ? "LSTM" : "GRU") needs positive sizes, got input \(inputSize), hidden \(hiddenSize), layers \(layers)")
        self.cell = cell
        self.inputSize = inputSize; self.hiddenSize = hiddenSize; self.layerCount = layers
        self.bidirectional = bidirectional; self.hasBias = bias; self.returnSequences = returnSequences
        var g = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
        let bound = 1 / Float(hiddenSize).squareRoot()
        let G = cell.gateCount * hiddenSize
        func draw(_ shape: [Int]) -> Tensor { Tensor.uniform(shape, low: -bound, high: bound, generator: &g).requiringGrad() }
        var weights: [[RecurrentWeights]] = []
        for k in 0..<layers {
            let inputs = k == 0 ? inputSize : hiddenSize * (bidirectional ? 2 : 1)
            var layer: [RecurrentWeights] = []
            for _ in 0..<(bidirectional ? 2 : 1) {
                let wih = draw([G, inputs]), whh = draw([G, hiddenSize])
                let bih = bias ? draw([G]) : nil, bhh = bias ? draw([G]) : nil
                layer.append(RecurrentWeights(inputHidden: wih, hiddenHidden: whh, inputBias: bih, hiddenBias: bhh))
            }
            weights.append(layer)
        }
        self.weights = weights
        super.init()
    }

    /// A short name for messages, e.g. "LSTM(16 → 64, 2 layers, bidirectional)".
    var layerName: String {
        var parts = ["\(inputSize) → \(hiddenSize)"]
        if layerCount > 1 { parts.append("\(layerCount) layers") }
        if bidirectional { parts.append("bidirectional") }
        return "\(cell == .lstm ? "LSTM" : "GRU")(\(parts.joined(separator: ", ")))"
    }

    /// PyTorch's names, in its order: per layer, per direction, `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`.
    public override var namedLocalTensors: [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        for (k, layer) in weights.enumerated() {
            for (d, w) in layer.enumerated() {
                let suffix = "_l\(k)" + (d == 1 ? "_reverse" : "")
                out.append(("weight_ih" + suffix, w.inputHidden))
                out.append(("weight_hh" + suffix, w.hiddenHidden))
                if let b = w.inputBias { out.append(("bias_ih" + suffix, b)) }
                if let b = w.hiddenBias { out.append(("bias_hh" + suffix, b)) }
            }
        }
        return out
    }

    public override var namedChildren: [(String, Module)] { [] }

    /// `[N, T, inputSize]` → the top layer's outputs `[N, T, directions · H]` when `returnSequences`,
    /// else the last state of each sequence `[N, directions · H]`. Every sequence has all `T` steps.
    /// - Throws: `NNError.badInput` naming the expected and actual shapes.
    public override func forward(_ x: Tensor) throws -> Tensor {
        let packed = try run(x, lengths: nil, initialState: nil)
        return returnSequences ? try topOutput(packed.last!, x) : try lastState(packed.last!, x)
    }

    /// Runs the network over a batch of padded sequences.
    /// - Parameters:
    ///   - x: `[N, T, inputSize]`, batch first.
    ///   - lengths: valid steps of each sequence (each in `0...T`), or nil when all have `T`. Steps
    ///     past a sequence's length are never read: its outputs there are zero, its final state is
    ///     the state at its last valid step, and the reverse direction starts at that step (as
    ///     PyTorch's `pack_padded_sequence`). A length of 0 gives zero outputs and the initial state.
    ///   - initialState: `[layers · directions, N, H]` initial states (an LSTM may omit `cell`), or
    ///     nil for zeros.
    /// - Returns: the outputs at every step, the final states and the last state of each sequence.
    /// - Throws: `NNError.badInput` for a wrong input or state shape, a length count different from
    ///   `N` or a length outside `0...T`, or a cell state given to a GRU.
    public func forward(_ x: Tensor, lengths: [Int]?, initialState: RecurrentState? = nil) throws -> RecurrentOutput {
        let packed = try run(x, lengths: lengths, initialState: initialState)
        let N = x.shape[0], H = hiddenSize, D = directionCount
        let outputCount = N * x.shape[1] * D * H, stateCount = D * N * H
        var hidden: [Tensor] = [], cells: [Tensor] = []
        for p in packed {
            hidden.append(try p.slice(axis: 0, outputCount..<(outputCount + stateCount)).reshape([D, N, H]))
            if cell == .lstm {
                cells.append(try p.slice(axis: 0, (outputCount + stateCount)..<(outputCount + 2 * stateCount)).reshape([D, N, H]))
            }
        }
        let state = RecurrentState(hidden: hidden.count == 1 ? hidden[0] : try Tensor.concat(hidden, axis: 0),
                                   cell: cells.isEmpty ? nil : (cells.count == 1 ? cells[0] : try Tensor.concat(cells, axis: 0)))
        return RecurrentOutput(output: try topOutput(packed.last!, x), state: state, last: try lastState(packed.last!, x))
    }

    /// Checks the arguments and runs every layer; returns each layer's packed result
    /// (see `RecurrentOperation.layer`).
    private func run(_ x: Tensor, lengths: [Int]?, initialState: RecurrentState?) throws -> [Tensor] {
        guard x.rank == 3, x.shape[2] == inputSize else {
            throw NNError.badInput(layer: layerName, detail: "expected input [N, T, \(inputSize)] (batch first), got \(x.shape)")
        }
        let N = x.shape[0], T = x.shape[1]
        guard N > 0, T > 0 else {
            throw NNError.badInput(layer: layerName, detail: "input \(x.shape) has no sequences or no steps")
        }
        let lengths = lengths ?? [Int](repeating: T, count: N)
        guard lengths.count == N else {
            throw NNError.badInput(layer: layerName, detail: "\(lengths.count) lengths for a batch of \(N) sequences")
        }
        if let i = lengths.firstIndex(where: { $0 < 0 || $0 > T }) {
            throw NNError.badInput(layer: layerName, detail: "length \(lengths[i]) of sequence \(i) is outside 0...\(T) (the input's steps)")
        }
        let stateShape = [layerCount * directionCount, N, hiddenSize]
        if let s = initialState {
            guard s.hidden.shape == stateShape else {
                throw NNError.badInput(layer: layerName, detail: "initial hidden state must be \(stateShape) ([layers · directions, N, H]), got \(s.hidden.shape)")
            }
            if let c = s.cell {
                guard cell == .lstm else { throw NNError.badInput(layer: layerName, detail: "a GRU has no cell state, but one was given") }
                guard c.shape == stateShape else {
                    throw NNError.badInput(layer: layerName, detail: "initial cell state must be \(stateShape) ([layers · directions, N, H]), got \(c.shape)")
                }
            }
        }
        var packed: [Tensor] = []
        var input = x
        let outputCount = N * T * directionCount * hiddenSize
        for (k, layer) in weights.enumerated() {
            if k > 0 {
                input = try packed[k - 1].slice(axis: 0, 0..<outputCount).reshape([N, T, directionCount * hiddenSize])
            }
            packed.append(RecurrentOperation.layer(input, cell: cell, directions: layer, hidden: hiddenSize, lengths: lengths,
                                                   initialHidden: initialState?.hidden, initialCell: initialState?.cell,
                                                   stateIndex: k * directionCount))
        }
        return packed
    }

    /// The output `[N, T, D·H]` inside a layer's packed result.
    private func topOutput(_ packed: Tensor, _ x: Tensor) throws -> Tensor {
        let N = x.shape[0], T = x.shape[1], width = directionCount * hiddenSize
        return try packed.slice(axis: 0, 0..<(N * T * width)).reshape([N, T, width])
    }

    /// The final hidden states `[N, D·H]` (directions side by side) inside a layer's packed result.
    private func lastState(_ packed: Tensor, _ x: Tensor) throws -> Tensor {
        let N = x.shape[0], H = hiddenSize, D = directionCount
        let start = N * x.shape[1] * D * H
        let h = try packed.slice(axis: 0, start..<(start + D * N * H))
        if D == 1 { return try h.reshape([N, H]) }
        return try h.reshape([D, N, H]).permute([1, 0, 2]).reshape([N, D * H])
    }
}
