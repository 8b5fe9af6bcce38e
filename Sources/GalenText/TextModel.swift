import Foundation
import GalenBundle
import GalenData
import GalenNN
import GalenTensor

/// A text model bundle loaded for evaluation and prediction: the verified manifest, the encoder it was trained with
/// (read from its folder and checked against the manifest's SHA-256) with any fine-tuned top layers loaded, and the
/// head.
public struct TextModel {
    /// The verified bundle.
    public let bundle: ModelBundle<TextModelContent>
    /// The encoder (fine-tuned top layers included).
    public let encoder: TextEncoder
    /// The head (and the fine-tuned layers), in evaluation mode.
    public let classifier: TextClassifier
    let head: TextTaskHead

    /// The manifest's content.
    public var content: TextModelContent { bundle.manifest.content }

    /// Loads and verifies the bundle at `url` and the encoder folder `encoderDirectory`.
    /// - Throws: `BundleError` (missing, tampered, truncated; `.encrypted` without a cipher), `TextError.incompatibleBundle`
    ///   for a bundle of another kind, `TextError.encoder` when the folder is missing or its weights differ from those
    ///   the model was trained with, safetensors and state-dict errors for weights that do not fit.
    public init(contentsOf url: URL, encoderDirectory: URL, cipher: BundleFileCipher? = nil) throws {
        let loaded: ModelBundle<TextModelContent>
        do {
            loaded = try ModelBundle<TextModelContent>(contentsOf: url, cipher: cipher)
        } catch let e as BundleError {
            if case .corruptManifest = e, let kind = TextModel.kind(of: url, cipher: cipher), kind != "text" {
                throw TextError.incompatibleBundle("\(url.path) holds a '\(kind)' model, not a text model")
            }
            throw e
        }
        let c = loaded.manifest.content
        guard c.kind == "text" else { throw TextError.incompatibleBundle("\(url.path) holds a '\(c.kind)' model, not a text model") }
        let encoder = try TextEncoder(directory: encoderDirectory, maxLength: c.encoder.maxLength)
        try self.init(bundle: loaded, encoder: encoder)
    }

    /// A model from a verified bundle and an already loaded encoder (tests use a small random one).
    /// - Throws: `TextError.encoder` when the encoder's SHA-256 differs from the manifest's; state-dict errors.
    public init(bundle: ModelBundle<TextModelContent>, encoder: TextEncoder) throws {
        let c = bundle.manifest.content
        guard encoder.sha256 == c.encoder.sha256 else {
            throw TextError.encoder("the encoder \(encoder.name) (SHA-256 \(encoder.sha256.prefix(16))…) is not the one this model was "
                                    + "trained with: \(c.encoder.name) (SHA-256 \(c.encoder.sha256.prefix(16))…); give that folder with --encoder")
        }
        guard encoder.dimension == c.encoder.hiddenSize, encoder.encoder.layers.count == c.encoder.layers else {
            throw TextError.incompatibleBundle("the bundle's encoder description does not fit \(encoder.name)")
        }
        self.bundle = bundle
        self.encoder = encoder
        head = TextTaskHead(classCount: c.classNames.count)
        classifier = TextClassifier(encoder: encoder.encoder, fineTuneLayers: c.fineTuneLayers, hidden: c.hidden, dropout: c.dropout,
                                    outputs: head.outputs, seed: 0)
        try bundle.loadWeights("model.safetensors", into: classifier)
        classifier.eval()
        encoder.encoder.eval()
    }

    struct KindOnly: Codable { var kind: String }

    /// The kind of model a bundle holds ("text", "images", "tabular"), read from its manifest; nil when unreadable.
    public static func kind(of url: URL, cipher: BundleFileCipher? = nil) -> String? {
        try? ModelBundle<KindOnly>(contentsOf: url, cipher: cipher).manifest.content.kind
    }

    /// Scores for `texts`: binary positive-class probabilities `[n]`, multiclass probabilities `[n × classes]`
    /// row-major. `progress(done, total)` follows the encoding.
    /// - Throws: `TokenizerError`/`BertError` from the encoder.
    public func scores(_ texts: [String], progress: (Int, Int) -> Void = { _, _ in }) throws -> [Float] {
        let embeddings = try encoder.embed(encoder.tokenize(texts), progress: progress)
        let logits = try withNoGrad { try classifier(embeddings) }
        return try head.scores(logits)
    }

    /// Output column names: one probability per class (binary: the positive class), then `prediction`.
    public var outputColumns: [String] {
        head.task == .binary ? ["probability_\(content.classNames[1])", "prediction"]
            : content.classNames.map { "probability_\($0)" } + ["prediction"]
    }

    /// One output row's values for text `i` of `scores`.
    public func outputValues(_ scores: [Float], row i: Int) -> [String] {
        let t = content.threshold?.threshold ?? 0.5
        let label = content.classNames[head.predictedClass(scores, i, threshold: t)]
        if head.task == .binary { return [String(format: "%.6f", scores[i]), label] }
        let k = content.classNames.count
        return scores[(i * k)..<((i + 1) * k)].map { String(format: "%.6f", $0) } + [label]
    }
}
