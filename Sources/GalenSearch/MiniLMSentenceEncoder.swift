import Foundation
import GalenBundle
import GalenData
import GalenModels
import GalenTensor

/// Sentence embeddings from a sentence-transformers BERT model folder (all-MiniLM-L6-v2 by default), as
/// sentence-transformers computes them: WordPiece ids (`vocab.txt`, uncased), truncation to the folder's
/// `max_seq_length` (`sentence_bert_config.json`, 256 when absent), the BERT encoder, mean pooling over the
/// attention mask and L2 normalisation.
///
/// Texts are embedded in batches of similar length (sorted by token count, then put back in input order), so
/// a batch is padded only to its own longest text.
public struct MiniLMSentenceEncoder: SentenceEncoder {
    /// The model folder's name and the SHA-256 of its weights, e.g. `all-MiniLM-L6-v2 (sha256 53aa…)`.
    public let identifier: String
    /// Embedding width (the encoder's hidden size: 384 for MiniLM-L6).
    public var dimension: Int { encoder.config.hiddenSize }
    /// The WordPiece tokenizer read from the folder's `vocab.txt`.
    public let tokenizer: WordPieceTokenizer
    /// The BERT encoder read from the folder's `config.json` and `model.safetensors`.
    public let encoder: BertEncoder
    /// Tokens per text at most, `[CLS]` and `[SEP]` included.
    public let maxLength: Int
    /// Texts per forward pass.
    public let batchSize: Int

    /// Loads the model folder.
    /// - Parameters:
    ///   - modelDirectory: a folder with `config.json`, `model.safetensors` and `vocab.txt`
    ///     (`scripts/fetch_minilm.sh` unpacks all-MiniLM-L6-v2 into `models/all-MiniLM-L6-v2`).
    ///   - batchSize: texts per forward pass (default 32).
    /// - Throws: `TokenizerError` for an unreadable vocabulary, `BertError` for a bad configuration or weights,
    ///   file errors for unreadable files.
    public init(modelDirectory: URL, batchSize: Int = 32) throws {
        tokenizer = try WordPieceTokenizer(vocabularyFile: modelDirectory.appendingPathComponent("vocab.txt"))
        encoder = try BertEncoder.load(directory: modelDirectory)
        var length = 256
        let st = modelDirectory.appendingPathComponent("sentence_bert_config.json")
        if let data = try? Data(contentsOf: st),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let value = object["max_seq_length"] as? Int, value >= 2 {
            length = value
        }
        maxLength = min(length, encoder.config.maxPositionEmbeddings)
        self.batchSize = max(1, batchSize)
        let hash = try FileHash.sha256(fileAt: modelDirectory.appendingPathComponent("model.safetensors"))
        identifier = "\(modelDirectory.standardizedFileURL.lastPathComponent) (sha256 \(hash))"
    }

    /// Normalised embeddings `[texts.count, dimension]`, row `i` for `texts[i]`.
    /// - Throws: `TokenizerError` or `BertError` from the model.
    public func embed(_ texts: [String]) throws -> Tensor {
        let ids = try texts.map { try tokenizer.encode($0, maxLength: maxLength).map(Int.init) }
        let order = ids.indices.sorted { ids[$0].count < ids[$1].count }
        let sorted = try encoder.embed(order.map { ids[$0] }, batchSize: batchSize)
        let d = dimension
        let out = Tensor.zeros([texts.count, d])
        for (row, original) in order.enumerated() {
            (out.pointer + original * d).update(from: sorted.pointer + row * d, count: d)
        }
        return out
    }
}
