import Foundation
import GalenBundle
import GalenData
import GalenModels
import GalenNN
import GalenTensor

/// A sentence encoder for text classification: a WordPiece tokenizer and a BERT encoder (all-MiniLM-L6-v2 from
/// `models/all-MiniLM-L6-v2` by default), identified by its folder name and the SHA-256 of its weights so that a
/// bundle refuses any other encoder.
///
/// Embeddings are computed as sentence-transformers does (mean pooling over the attention mask, then L2
/// normalisation). For fine-tuning, `bottomStates` runs the frozen lower layers once and returns each text's token
/// states, which the trainable top layers then take.
public final class TextEncoder {
    /// The BERT encoder (evaluation mode).
    public let encoder: BertEncoder
    /// The tokenizer (uncased WordPiece).
    public let tokenizer: WordPieceTokenizer
    /// Tokens per text at most, `[CLS]` and `[SEP]` included.
    public let maxLength: Int
    /// The model folder's name (e.g. `all-MiniLM-L6-v2`).
    public let name: String
    /// SHA-256 (hex) of the folder's `model.safetensors`.
    public let sha256: String
    /// Texts per forward pass.
    public var batchSize = 64

    /// An encoder from its parts (tests use a small random `BertEncoder`).
    public init(encoder: BertEncoder, tokenizer: WordPieceTokenizer, maxLength: Int, name: String, sha256: String) {
        encoder.eval()
        self.encoder = encoder
        self.tokenizer = tokenizer
        self.maxLength = max(2, min(maxLength, encoder.config.maxPositionEmbeddings))
        self.name = name
        self.sha256 = sha256
    }

    /// Loads a sentence-transformers model folder (`config.json`, `model.safetensors`, `vocab.txt`; the maximum
    /// length from `sentence_bert_config.json`, 256 when absent, or `maxLength` when given).
    /// - Throws: `TextError.encoder` when the folder or one of its files is missing (naming
    ///   `scripts/fetch_minilm.sh`), `BertError`/`TokenizerError` for bad contents.
    public convenience init(directory: URL, maxLength: Int? = nil) throws {
        let fm = FileManager.default
        for file in ["config.json", "model.safetensors", "vocab.txt"]
            where !fm.fileExists(atPath: directory.appendingPathComponent(file).path) {
            throw TextError.encoder("encoder folder \(directory.path) has no \(file); run scripts/fetch_minilm.sh "
                                    + "(all-MiniLM-L6-v2 into models/all-MiniLM-L6-v2) or give --encoder DIR")
        }
        let tokenizer = try WordPieceTokenizer(vocabularyFile: directory.appendingPathComponent("vocab.txt"))
        let encoder = try BertEncoder.load(directory: directory)
        var length = 256
        if let data = try? Data(contentsOf: directory.appendingPathComponent("sentence_bert_config.json")),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let value = object["max_seq_length"] as? Int, value >= 2 {
            length = value
        }
        let hash = try FileHash.sha256(fileAt: directory.appendingPathComponent("model.safetensors"))
        self.init(encoder: encoder, tokenizer: tokenizer, maxLength: maxLength ?? length,
                  name: directory.standardizedFileURL.lastPathComponent, sha256: hash)
    }

    /// Embedding width H.
    public var dimension: Int { encoder.config.hiddenSize }

    /// Token ids per text (`[CLS] … [SEP]`, truncated to `maxLength`).
    /// - Throws: `TokenizerError` for texts the tokenizer cannot take.
    public func tokenize(_ texts: [String]) throws -> [[Int]] {
        try texts.map { try tokenizer.encode($0, maxLength: maxLength).map(Int.init) }
    }

    /// Normalised sentence embeddings `[n, H]` of tokenised texts, computed in batches of similar length without
    /// gradients; `progress(done, total)` is called after each batch.
    /// - Throws: `BertError` from the encoder.
    public func embed(_ ids: [[Int]], progress: (Int, Int) -> Void = { _, _ in }) throws -> Tensor {
        let h = dimension
        let out = Tensor.zeros([ids.count, h])
        let order = ids.indices.sorted { ids[$0].count < ids[$1].count }
        var done = 0
        for lo in stride(from: 0, to: order.count, by: batchSize) {
            let rows = Array(order[lo..<min(order.count, lo + batchSize)])
            let e = try encoder.embed(rows.map { ids[$0] }, batchSize: rows.count)
            for (r, original) in rows.enumerated() {
                (out.pointer + original * h).update(from: e.pointer + r * h, count: h)
            }
            done += rows.count
            progress(done, ids.count)
        }
        return out
    }

    /// Each text's token states `[T_i, H]` after the embeddings and the lowest `layers` encoder layers, computed in
    /// batches of similar length without gradients (padding never reaches a text's states: the key-padding mask
    /// keeps it out of attention, and the padded rows are dropped).
    /// - Throws: `BertError`/`NNError` from the encoder; `TextError.invalidOption` when `layers` is out of range.
    public func bottomStates(_ ids: [[Int]], layers: Int, progress: (Int, Int) -> Void = { _, _ in }) throws -> [Tensor] {
        guard layers >= 0, layers <= encoder.layers.count else {
            throw TextError.invalidOption("the encoder has \(encoder.layers.count) layers; cannot run the lowest \(layers)")
        }
        let h = dimension
        var out = [Tensor?](repeating: nil, count: ids.count)
        let order = ids.indices.sorted { ids[$0].count < ids[$1].count }
        var done = 0
        try withNoGrad {
            for lo in stride(from: 0, to: order.count, by: batchSize) {
                let rows = Array(order[lo..<min(order.count, lo + batchSize)])
                let (x, _, padding) = TextBatch.ids(rows.map { ids[$0] })
                var states = try encoder.embeddings.forward(x, tokenTypes: nil)
                for layer in encoder.layers.prefix(layers) { states = try layer.forward(states, keyPaddingMask: padding) }
                let t = x.shape[1]
                for (r, original) in rows.enumerated() {
                    let n = ids[original].count
                    let s = Tensor.zeros([n, h])
                    s.pointer.update(from: states.pointer + r * t * h, count: n * h)
                    out[original] = s
                }
                done += rows.count
                progress(done, ids.count)
            }
        }
        return out.map { $0! }
    }
}

/// Padding of variable-length texts into one batch.
enum TextBatch {
    /// Token ids `[n, T]` (T = the longest), the attention mask `[n, T]` (1 = token) and the key-padding mask
    /// `[n, T]` (1 = padding; nil when nothing is padded).
    static func ids(_ sequences: [[Int]]) -> (ids: Tensor, mask: Tensor, padding: Tensor?) {
        let t = max(1, sequences.map(\.count).max() ?? 1)
        let ids = Tensor.zeros([sequences.count, t]), mask = Tensor.zeros([sequences.count, t])
        for (r, s) in sequences.enumerated() {
            for (c, id) in s.enumerated() { ids.pointer[r * t + c] = Float(id); mask.pointer[r * t + c] = 1 }
        }
        return (ids, mask, padding(mask))
    }

    /// Token states `[n, T, H]` from per-text states `[T_i, H]` (zero-padded), with the attention mask and the
    /// key-padding mask.
    static func states(_ parts: [Tensor]) -> (states: Tensor, mask: Tensor, padding: Tensor?) {
        let h = parts.first?.shape[1] ?? 0
        let t = max(1, parts.map { $0.shape[0] }.max() ?? 1)
        let x = Tensor.zeros([parts.count, t, h]), mask = Tensor.zeros([parts.count, t])
        for (r, p) in parts.enumerated() {
            let n = p.shape[0]
            (x.pointer + r * t * h).update(from: p.pointer, count: n * h)
            for c in 0..<n { mask.pointer[r * t + c] = 1 }
        }
        return (x, mask, padding(mask))
    }

    /// 1 where `mask` is 0; nil when nothing is padded.
    static func padding(_ mask: Tensor) -> Tensor? {
        let p = Tensor.zeros(mask.shape)
        var any = false
        for i in 0..<mask.count where mask.pointer[i] == 0 { p.pointer[i] = 1; any = true }
        return any ? p : nil
    }
}
