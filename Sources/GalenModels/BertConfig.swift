import Foundation
import GalenNN

/// The architecture of a BERT encoder, read from a Hugging Face `config.json` (its key names).
public struct BertConfig: Codable, Sendable, Equatable {
    /// Token ids `0..<vocabSize`.
    public var vocabSize: Int
    /// Model width H.
    public var hiddenSize: Int
    /// Encoder layers.
    public var numHiddenLayers: Int
    /// Attention heads (dividing H).
    public var numAttentionHeads: Int
    /// Width of the feed-forward block.
    public var intermediateSize: Int
    /// Longest sequence (rows of the position table).
    public var maxPositionEmbeddings: Int
    /// Token types (segments); 2 for BERT.
    public var typeVocabSize: Int
    /// `eps` of every layer norm (BERT: 1e-12).
    public var layerNormEps: Double
    /// The feed-forward activation: `"gelu"` (exact erf form) or `"relu"`.
    public var hiddenAct: String
    /// Dropout on embeddings and layer outputs in training.
    public var hiddenDropoutProb: Double
    /// Dropout on attention weights in training.
    public var attentionProbsDropoutProb: Double
    /// The padding token id (its embedding row gets no gradient).
    public var padTokenId: Int
    /// Only `"absolute"` is supported.
    public var positionEmbeddingType: String

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", intermediateSize = "intermediate_size"
        case maxPositionEmbeddings = "max_position_embeddings", typeVocabSize = "type_vocab_size"
        case layerNormEps = "layer_norm_eps", hiddenAct = "hidden_act", hiddenDropoutProb = "hidden_dropout_prob"
        case attentionProbsDropoutProb = "attention_probs_dropout_prob", padTokenId = "pad_token_id"
        case positionEmbeddingType = "position_embedding_type"
    }

    /// A configuration; the defaults are those of BERT-base where Hugging Face has defaults.
    public init(vocabSize: Int, hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int, intermediateSize: Int,
                maxPositionEmbeddings: Int = 512, typeVocabSize: Int = 2, layerNormEps: Double = 1e-12,
                hiddenAct: String = "gelu", hiddenDropoutProb: Double = 0.1, attentionProbsDropoutProb: Double = 0.1,
                padTokenId: Int = 0, positionEmbeddingType: String = "absolute") {
        self.vocabSize = vocabSize; self.hiddenSize = hiddenSize; self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads; self.intermediateSize = intermediateSize
        self.maxPositionEmbeddings = maxPositionEmbeddings; self.typeVocabSize = typeVocabSize
        self.layerNormEps = layerNormEps; self.hiddenAct = hiddenAct; self.hiddenDropoutProb = hiddenDropoutProb
        self.attentionProbsDropoutProb = attentionProbsDropoutProb; self.padTokenId = padTokenId
        self.positionEmbeddingType = positionEmbeddingType
    }

    /// Decodes Hugging Face's keys; the optional ones (eps, activation, dropouts, padding id,
    /// position type, max positions, type vocabulary) take Hugging Face's defaults when absent.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vocabSize = try c.decode(Int.self, forKey: .vocabSize)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
        intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 512
        typeVocabSize = try c.decodeIfPresent(Int.self, forKey: .typeVocabSize) ?? 2
        layerNormEps = try c.decodeIfPresent(Double.self, forKey: .layerNormEps) ?? 1e-12
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        hiddenDropoutProb = try c.decodeIfPresent(Double.self, forKey: .hiddenDropoutProb) ?? 0.1
        attentionProbsDropoutProb = try c.decodeIfPresent(Double.self, forKey: .attentionProbsDropoutProb) ?? 0.1
        padTokenId = try c.decodeIfPresent(Int.self, forKey: .padTokenId) ?? 0
        positionEmbeddingType = try c.decodeIfPresent(String.self, forKey: .positionEmbeddingType) ?? "absolute"
    }

    /// Reads and validates a Hugging Face `config.json`.
    /// - Throws: `BertError.config` naming the file and the problem (unreadable, not JSON, a
    ///   missing key, or an unsupported value).
    public static func load(contentsOf url: URL) throws -> BertConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw BertError.config(path: url.path, detail: "cannot be read (\(error.localizedDescription))")
        }
        let config: BertConfig
        do { config = try JSONDecoder().decode(BertConfig.self, from: data) } catch let DecodingError.keyNotFound(key, _) {
            throw BertError.config(path: url.path, detail: "missing key \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw BertError.config(path: url.path, detail: "key \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch {
            throw BertError.config(path: url.path, detail: "not a valid JSON configuration")
        }
        try config.validate(path: url.path)
        return config
    }

    /// Checks that Galen can build this architecture.
    /// - Throws: `BertError.config` naming the offending key.
    public func validate(path: String = "config") throws {
        func fail(_ detail: String) -> BertError { .config(path: path, detail: detail) }
        for (key, value) in [("vocab_size", vocabSize), ("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
                             ("num_attention_heads", numAttentionHeads), ("intermediate_size", intermediateSize),
                             ("max_position_embeddings", maxPositionEmbeddings), ("type_vocab_size", typeVocabSize)] where value <= 0 {
            throw fail("\(key) must be positive, got \(value)")
        }
        guard hiddenSize % numAttentionHeads == 0 else {
            throw fail("hidden_size \(hiddenSize) is not divisible by num_attention_heads \(numAttentionHeads)")
        }
        guard activation != nil else {
            throw fail("hidden_act \"\(hiddenAct)\" is not supported (supported: gelu, relu)")
        }
        guard positionEmbeddingType == "absolute" else {
            throw fail("position_embedding_type \"\(positionEmbeddingType)\" is not supported (supported: absolute)")
        }
        guard layerNormEps > 0, layerNormEps.isFinite else { throw fail("layer_norm_eps must be positive") }
        for (key, p) in [("hidden_dropout_prob", hiddenDropoutProb), ("attention_probs_dropout_prob", attentionProbsDropoutProb)]
            where !(p >= 0 && p < 1) {
            throw fail("\(key) must be in [0, 1), got \(p)")
        }
        guard padTokenId >= 0, padTokenId < vocabSize else { throw fail("pad_token_id \(padTokenId) is not in 0..<vocab_size") }
    }

    /// `hiddenAct` as a layer activation, nil when unsupported.
    public var activation: TransformerActivation? {
        switch hiddenAct {
        case "gelu": return .gelu
        case "relu": return .relu
        default: return nil
        }
    }
}
