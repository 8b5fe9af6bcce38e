import GalenNN
import GalenTensor

/// A binary classifier of padded event sequences built from GalenNN layers:
///
/// token ids `[N, T]` → `Embedding` (padding id 0 stays zero) ⊕ step features `[N, T, 3]` →
/// - `lstm` / `gru`: the recurrent encoder reads each sequence up to its own length; its last state `[N, hidden]`;
/// - `transformer`: `Dense` to the model width + learned positions → encoder layers with a key padding mask →
///   mean over the valid steps `[N, hidden]`;
///
/// → `Dropout` → `Dense` → one logit `[N, 1]`. Padding never changes a sequence's logit: recurrent layers stop at
/// each length, attention ignores padded keys and pooling averages valid steps only.
public final class SequenceNetwork: Module {
    /// The sizes it was built with.
    public let config: SequenceNetworkConfig
    let embedding: Embedding
    let recurrent: RecurrentLayer?
    let projection: Dense?
    let positions: LearnedPositionEmbedding?
    let encoderLayers: [Module]
    let dropout: Dropout
    let head: Dense

    /// A network of `config`'s sizes with weights drawn from `seed`.
    /// - Throws: `SequenceError.invalidOption` for sizes out of range (e.g. heads not dividing the width).
    public init(_ config: SequenceNetworkConfig, seed: UInt64) throws {
        guard config.vocabularySize > 0, config.embeddingDimension > 0, config.hidden > 0, config.layers >= 1,
              config.maxLength >= 1, config.dropout >= 0, config.dropout < 1 else {
            throw SequenceError.invalidOption("network sizes must be positive and dropout in [0, 1): \(config.summary)")
        }
        var g = SeededGenerator(seed: seed)
        self.config = config
        embedding = Embedding(config.vocabularySize, config.embeddingDimension, paddingIndex: CodeVocabulary.padding, seed: g.nextSeed())
        let inputs = config.embeddingDimension + EncodedSequences.stepFeatures
        switch config.architecture {
        case .lstm, .gru:
            recurrent = config.architecture == .lstm ? LSTM(inputs, config.hidden, layers: config.layers, seed: g.nextSeed())
                                                     : GRU(inputs, config.hidden, layers: config.layers, seed: g.nextSeed())
            projection = nil
            positions = nil
            encoderLayers = []
        case .transformer:
            guard config.heads >= 1, config.hidden % config.heads == 0 else {
                throw SequenceError.invalidOption("the transformer width \(config.hidden) must be a multiple of its \(config.heads) heads")
            }
            recurrent = nil
            projection = Dense(inputs, config.hidden, seed: g.nextSeed())
            positions = LearnedPositionEmbedding(maxPositions: config.maxLength, dimension: config.hidden, seed: g.nextSeed())
            encoderLayers = (0..<config.layers).map { _ in
                TransformerEncoderLayer(dModel: config.hidden, heads: config.heads, feedforward: 2 * config.hidden,
                                        dropout: config.dropout, seed: g.nextSeed())
            }
        }
        dropout = Dropout(config.dropout, seed: g.nextSeed())
        head = Dense(config.hidden, 1, seed: g.nextSeed())
        super.init()
    }

    /// Logits `[N, 1]` for encoded sequences.
    /// - Throws: `NNError.badInput` for ids outside the vocabulary or sequences longer than `maxLength`.
    public func forward(_ s: EncodedSequences) throws -> Tensor {
        let x = try Tensor.concat([embedding(s.ids), s.features], axis: 2)
        let pooled: Tensor
        if let recurrent {
            pooled = try recurrent.forward(x, lengths: s.lengths).last
        } else {
            guard s.steps <= config.maxLength else {
                throw NNError.badInput(layer: "SequenceNetwork", detail: "\(s.steps) steps, more than the \(config.maxLength) positions")
            }
            var h = try positions!(projection!(x))
            let mask = s.paddingMask
            for layer in encoderLayers { h = try (layer as! TransformerEncoderLayer).forward(h, keyPaddingMask: mask) }
            let valid = 1 - mask                                            // [N, T]
            let n = s.count
            let summed = try (h * valid.unsqueeze(axis: 2)).sum(axes: [1])   // [N, hidden]
            let counts = try Tensor(shape: [n, 1], values: s.lengths.map { Float($0) })
            pooled = try summed / counts
        }
        return try head(dropout(pooled))
    }

    /// Not used: a sequence network needs lengths; call `forward(_: EncodedSequences)`.
    public override func forward(_ x: Tensor) throws -> Tensor {
        throw NNError.badInput(layer: "SequenceNetwork", detail: "takes EncodedSequences (ids, features, lengths), not a bare tensor")
    }
}
