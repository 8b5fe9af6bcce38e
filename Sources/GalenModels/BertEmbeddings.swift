import Foundation
import GalenNN
import GalenTensor

/// BERT's input embeddings (Hugging Face's `BertEmbeddings`, with its names):
/// `LayerNorm(word_embeddings[id] + position_embeddings[t] + token_type_embeddings[type])`,
/// then dropout in training.
public final class BertEmbeddings: Module {
    /// `[vocab, H]`; the padding id's row gets no gradient.
    public let wordEmbeddings: Embedding
    /// `[maxPositions, H]`.
    public let positionEmbeddings: Embedding
    /// `[typeVocab, H]`.
    public let tokenTypeEmbeddings: Embedding
    /// Norm over the sum.
    public let layerNorm: LayerNorm
    /// Dropout after the norm (training only).
    public let dropout: Dropout

    /// Randomly initialised embeddings for `config` (N(0, 1) rows, as `nn.Embedding`).
    /// - Parameter seed: seed of the initial rows and the dropout masks.
    public init(config: BertConfig, seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        wordEmbeddings = Embedding(config.vocabSize, config.hiddenSize, paddingIndex: config.padTokenId, seed: g.nextSeed())
        positionEmbeddings = Embedding(config.maxPositionEmbeddings, config.hiddenSize, seed: g.nextSeed())
        tokenTypeEmbeddings = Embedding(config.typeVocabSize, config.hiddenSize, seed: g.nextSeed())
        layerNorm = LayerNorm(config.hiddenSize, epsilon: Float(config.layerNormEps))
        dropout = Dropout(Float(config.hiddenDropoutProb), seed: g.nextSeed())
        super.init()
    }

    /// Hugging Face names: `word_embeddings`, `position_embeddings`, `token_type_embeddings`, `LayerNorm`, `dropout`.
    public override var namedChildren: [(String, Module)] {
        [("word_embeddings", wordEmbeddings), ("position_embeddings", positionEmbeddings),
         ("token_type_embeddings", tokenTypeEmbeddings), ("LayerNorm", layerNorm), ("dropout", dropout)]
    }

    /// Embeds token ids `[N, T]` (token types all 0) → `[N, T, H]`.
    /// - Throws: `NNError.badInput` for ids out of range or T beyond the position table.
    public override func forward(_ ids: Tensor) throws -> Tensor { try forward(ids, tokenTypes: nil) }

    /// Embeds token ids `[N, T]` with optional token types `[N, T]` (nil: all 0) → `[N, T, H]`.
    /// - Throws: `NNError.badInput` for a wrong shape, ids or types out of range, or T beyond the position table.
    public func forward(_ ids: Tensor, tokenTypes: Tensor?) throws -> Tensor {
        guard ids.rank == 2, tokenTypes.map({ $0.shape == ids.shape }) ?? true else {
            throw NNError.badInput(layer: "BertEmbeddings", detail: "expected ids [N, T] and token types of the same shape, got \(ids.shape)"
                                   + (tokenTypes.map { " and \($0.shape)" } ?? ""))
        }
        let n = ids.shape[0], t = ids.shape[1]
        guard t <= positionEmbeddings.count else {
            throw NNError.badInput(layer: "BertEmbeddings", detail: "sequence length \(t) exceeds the \(positionEmbeddings.count) positions")
        }
        let words = try wordEmbeddings(ids)
        let types = try tokenTypeEmbeddings(tokenTypes ?? Tensor.zeros([n, t]))
        let positions = try positionEmbeddings.weight.slice(axis: 0, 0 ..< t)
        let summed = try words + positions
        return try dropout(layerNorm.forward(summed, residual: types))
    }
}
