import Foundation
import GalenNN
import GalenTensor

/// A BERT encoder (Hugging Face's `BertModel` without the pooler) built from Galen's layers:
/// `BertEmbeddings`, then `numHiddenLayers` post-LN `TransformerEncoderLayer`s (GELU, BERT's
/// layer-norm epsilon). Loads Hugging Face safetensors by parameter name
/// (`BertEncoder.load(directory:)`, see `BertWeights`) and computes sentence embeddings as
/// sentence-transformers does (`sentenceEmbeddings`).
///
/// Galen's own parameter names are `embeddings.*` (Hugging Face's) and
/// `encoder.layer.N.*` with PyTorch `nn.TransformerEncoderLayer` names inside
/// (`self_attn.in_proj_weight` holds Hugging Face's query, key and value weights stacked).
///
/// Inference (`withNoGrad`, eval mode) runs fused kernels and records nothing; in training mode
/// with gradients enabled, gradients flow through every layer (for fine-tuning the top layers,
/// set `requiresGrad = false` on the others).
public final class BertEncoder: Module {
    /// The architecture.
    public let config: BertConfig
    /// Token, position and type embeddings with their norm.
    public let embeddings: BertEmbeddings
    /// The encoder layers, bottom first.
    public let layers: [TransformerEncoderLayer]

    /// A randomly initialised encoder (for tests and training from scratch).
    /// - Throws: `BertError.config` when `config` is not buildable.
    public init(config: BertConfig, seed: UInt64 = 0) throws {
        try config.validate()
        self.config = config
        var g = SeededGenerator(seed: seed)
        embeddings = BertEmbeddings(config: config, seed: g.nextSeed())
        layers = (0..<config.numHiddenLayers).map { _ in
            TransformerEncoderLayer(dModel: config.hiddenSize, heads: config.numAttentionHeads,
                                    feedforward: config.intermediateSize, dropout: Float(config.hiddenDropoutProb),
                                    activation: config.activation ?? .gelu, layerNormEpsilon: Float(config.layerNormEps),
                                    normFirst: false, seed: g.nextSeed())
        }
        super.init()
    }

    /// Names: `embeddings`, `encoder.layer.0`, `encoder.layer.1`, …
    public override var namedChildren: [(String, Module)] {
        [("embeddings", embeddings)] + layers.enumerated().map { ("encoder.layer.\($0.offset)", $0.element) }
    }

    /// Loads `config.json` and `model.safetensors` from a Hugging Face / sentence-transformers
    /// model folder (such as `models/all-MiniLM-L6-v2`), in evaluation mode.
    /// - Throws: `BertError` naming the file and tensor at fault; `SafeTensorsError` for an unreadable file.
    public static func load(directory: URL) throws -> BertEncoder {
        let config = try BertConfig.load(contentsOf: directory.appendingPathComponent("config.json"))
        let encoder = try BertEncoder(config: config)
        try encoder.loadHuggingFaceWeights(contentsOf: directory.appendingPathComponent("model.safetensors"))
        encoder.eval()
        return encoder
    }

    /// Token states `[N, T, H]` for token ids `[N, T]`.
    /// - Parameters:
    ///   - inputIDs: ids in `0..<vocabSize` (as Float32 values).
    ///   - attentionMask: `[N, T]`, nonzero for tokens and 0 for padding (Hugging Face's
    ///     `attention_mask`); nil attends everywhere.
    ///   - tokenTypeIDs: `[N, T]` segment ids, nil for all 0.
    /// - Throws: `BertError.badInput` naming the problem (shape, id range, length).
    public func hiddenStates(inputIDs: Tensor, attentionMask: Tensor? = nil, tokenTypeIDs: Tensor? = nil) throws -> Tensor {
        guard inputIDs.rank == 2 else { throw BertError.badInput("input ids must be [N, T], got \(inputIDs.shape)") }
        if let m = attentionMask, m.shape != inputIDs.shape {
            throw BertError.badInput("attention mask \(m.shape) does not match input ids \(inputIDs.shape)")
        }
        var padding: Tensor? = nil
        if let m = attentionMask {
            let p = Tensor.uninitialized(m.shape)
            var any = false
            for i in 0..<m.count { let pad: Float = m.pointer[i] == 0 ? 1 : 0; p.pointer[i] = pad; any = any || pad != 0 }
            padding = any ? p : nil
        }
        do {
            var h = try embeddings.forward(inputIDs, tokenTypes: tokenTypeIDs)
            for layer in layers { h = try layer.forward(h, keyPaddingMask: padding) }
            return h
        } catch let error as NNError {
            throw BertError.badInput("\(error)")
        }
    }

    /// Sentence embeddings `[N, H]` as sentence-transformers computes them: token states, mean
    /// pooling over the attention mask, then (by default) L2 normalisation.
    /// - Throws: `BertError.badInput` naming the problem.
    public func sentenceEmbeddings(inputIDs: Tensor, attentionMask: Tensor, normalize: Bool = true) throws -> Tensor {
        let states = try hiddenStates(inputIDs: inputIDs, attentionMask: attentionMask)
        let pooled = try SentencePooling.meanPooled(states, attentionMask: attentionMask)
        return normalize ? try SentencePooling.l2Normalized(pooled) : pooled
    }

    /// Normalised sentence embeddings `[count, H]` for tokenised sentences of any lengths, without
    /// gradients: sentences are padded per batch of `batchSize` to that batch's longest.
    /// - Parameters:
    ///   - tokenIDs: one id list per sentence (with `[CLS]` and `[SEP]`), each 1…`maxPositionEmbeddings` long.
    ///   - batchSize: sentences per forward pass.
    /// - Throws: `BertError.badInput` naming the sentence index of an empty or too long sentence.
    public func embed(_ tokenIDs: [[Int]], batchSize: Int = 32) throws -> Tensor {
        guard batchSize > 0 else { throw BertError.badInput("batch size must be positive, got \(batchSize)") }
        for (i, ids) in tokenIDs.enumerated() where ids.isEmpty || ids.count > config.maxPositionEmbeddings {
            throw BertError.badInput("sentence \(i) has \(ids.count) tokens; 1…\(config.maxPositionEmbeddings) are allowed")
        }
        let h = config.hiddenSize
        let out = Tensor.zeros([tokenIDs.count, h])
        try withNoGrad {
            for start in stride(from: 0, to: tokenIDs.count, by: batchSize) {
                let batch = tokenIDs[start ..< min(start + batchSize, tokenIDs.count)]
                let t = batch.map(\.count).max() ?? 1
                let ids = Tensor.zeros([batch.count, t]), mask = Tensor.zeros([batch.count, t])
                for (r, sentence) in batch.enumerated() {
                    for (c, id) in sentence.enumerated() {
                        ids.pointer[r * t + c] = Float(id)
                        mask.pointer[r * t + c] = 1
                    }
                }
                let e = try sentenceEmbeddings(inputIDs: ids, attentionMask: mask)
                (out.pointer + start * h).update(from: e.pointer, count: e.count)
            }
        }
        return out
    }
}
