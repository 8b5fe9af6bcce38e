import Foundation
import GalenSearch

/// The sentence encoders `galen index` and `galen search` can use, by `--model` value.
///
/// - `trigram`: ``HashedTrigramEncoder`` (512 hashed character trigrams; a lexical baseline, no model files);
/// - a model folder (default `models/all-MiniLM-L6-v2`, fetched by `scripts/fetch_minilm.sh`): the MiniLM BERT
///   encoder of GalenModels with the WordPiece tokenizer of GalenData (``MiniLMSentenceEncoder``);
/// - `none`: no encoder (BM25 only).
enum SearchEncoders {
    /// The default `--model`.
    static let defaultModel = "models/all-MiniLM-L6-v2"

    /// The encoder for a `--model` value, nil for `none`.
    /// - Throws: `CLIError.data` for a folder without model files; the model's errors for unreadable ones.
    static func encoder(model: String) throws -> SentenceEncoder? {
        switch model {
        case "none": return nil
        case "trigram", "hashed-trigrams-512": return try HashedTrigramEncoder(dimension: 512)
        default: break
        }
        let folder = URL(fileURLWithPath: model)
        let config = folder.appendingPathComponent("config.json")
        let weights = folder.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: config.path), FileManager.default.fileExists(atPath: weights.path) else {
            throw CLIError.data("\(model): no config.json and model.safetensors here; run scripts/fetch_minilm.sh, or use --model trigram or --model none")
        }
        return try MiniLMSentenceEncoder(modelDirectory: folder)
    }

    /// The encoder that matches an index's recorded encoder `identifier`; `model` is the `--model` option (the
    /// MiniLM folder for MiniLM indexes).
    static func encoder(forIndex identifier: String, model: String?) throws -> SentenceEncoder {
        if identifier.hasPrefix("hashed-trigrams-"), let d = Int(identifier.dropFirst("hashed-trigrams-".count)) {
            return try HashedTrigramEncoder(dimension: d)
        }
        guard let encoder = try encoder(model: model ?? defaultModel) else {
            throw CLIError.usage("this index was embedded with \(identifier); --model none cannot search it densely")
        }
        return encoder
    }
}
