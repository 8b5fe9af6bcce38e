import Foundation
import GalenBundle
import GalenData
import GalenModels
import GalenNN
import GalenPrivacy
import GalenTensor

/// Reading and writing the fine-tuned weights of a `PHITransformerTagger` (the format is described there).
extension PHITransformerTagger {
    /// The weights shipped with Galen (`Resources/phi_tagger.safetensors` of GalenText), nil when the resource is
    /// absent from this build.
    public static var bundledWeightsURL: URL? {
        Bundle.module.url(forResource: "phi_tagger", withExtension: "safetensors", subdirectory: "Resources")
    }

    /// The tensors this tagger writes: its top layers under their encoder names, then `head.weight`, `head.bias`.
    func fineTunedTensors() -> [String: Tensor] {
        let first = encoder.layers.count - fineTunedLayers
        let prefixes = (first..<encoder.layers.count).map { "encoder.layer.\($0)." }
        var out: [String: Tensor] = [:]
        for (name, t) in encoder.stateDict() where prefixes.contains(where: { name.hasPrefix($0) }) { out[name] = t }
        out["head.weight"] = head.weight
        if let b = head.bias { out["head.bias"] = b }
        return out
    }

    /// Writes the fine-tuned weights (F16) and settings to `url`, atomically.
    /// - Throws: `SafeTensorsError` when the file cannot be written.
    public func write(to url: URL) throws {
        let metadata = ["format": PHITransformerTagger.format, "version": PHITransformerTagger.version,
                        "classes": PHITransformerTagger.classNames.joined(separator: ","),
                        "fine_tuned_layers": String(fineTunedLayers), "window": String(windowLength),
                        "threshold": String(threshold), "minimum_words": String(minimumWords),
                        "base_model": baseModelName, "base_model_sha256": baseModelSHA256, "training": training]
        try SafeTensors.write(fineTunedTensors(), metadata: metadata, halfPrecision: true, to: url)
    }

    /// Loads fine-tuned weights onto a base encoder.
    /// - Parameters:
    ///   - url: the weight file.
    ///   - base: the base model folder, loaded with `TextEncoder(directory:)` (its SHA-256 must match the file's).
    /// - Throws: `PrivacyError.invalidTagger` naming the file when it is missing, unreadable, of another format or
    ///   version, trained for other classes or another base model, or lacks or misshapes a tensor; the errors of
    ///   `TextEncoder(directory:)` for the base folder.
    public static func load(weights url: URL, base: TextEncoder) throws -> PHITransformerTagger {
        let path = url.path
        func fail(_ reason: String) -> PrivacyError { PrivacyError.invalidTagger(tagger: .transformer, path: path, reason: reason) }
        guard FileManager.default.fileExists(atPath: path) else { throw fail("the file does not exist") }
        let tensors: [String: Tensor], meta: [String: String]
        do {
            (tensors, meta) = try SafeTensors.readWithMetadata(contentsOf: url)
        } catch {
            throw fail("not a readable safetensors file (\(error))")
        }
        guard meta["format"] == format else { throw fail("not a Galen PHI tagger weight file (format '\(meta["format"] ?? "none")')") }
        guard meta["version"] == version else { throw fail("version \(meta["version"] ?? "none"); this Galen reads version \(version)") }
        guard meta["classes"] == classNames.joined(separator: ",") else { throw fail("trained for other classes than this Galen's PHI types") }
        let encoder = base.encoder
        guard let k = meta["fine_tuned_layers"].flatMap(Int.init), k >= 0, k <= encoder.layers.count,
              let window = meta["window"].flatMap(Int.init),
              let threshold = meta["threshold"].flatMap(Float.init),
              let minimumWords = meta["minimum_words"].flatMap(Int.init) else {
            throw fail("missing or invalid settings (fine_tuned_layers, window, threshold, minimum_words)")
        }
        guard meta["base_model_sha256"] == base.sha256 else {
            throw fail("trained on another base model (SHA-256 \(meta["base_model_sha256"] ?? "none"), the encoder folder's is \(base.sha256))")
        }
        let h = encoder.config.hiddenSize
        let head = Dense(h, classNames.count, seed: 0)
        guard let w = tensors["head.weight"], w.shape == head.weight.shape, let b = tensors["head.bias"], b.shape == [classNames.count] else {
            throw fail("head.weight [\(classNames.count), \(h)] or head.bias [\(classNames.count)] is missing or misshapen")
        }
        let first = encoder.layers.count - k
        var layerState: [String: Tensor] = [:]
        for (name, t) in encoder.stateDict() {
            guard let layer = name.split(separator: ".").dropFirst(2).first.flatMap({ Int($0) }), name.hasPrefix("encoder.layer."),
                  layer >= first else { continue }
            guard let src = tensors[name] else { throw fail("tensor \(name) is missing") }
            guard src.shape == t.shape else { throw fail("tensor \(name) has shape \(src.shape), expected \(t.shape)") }
            layerState[name] = src
        }
        let expected = Set(layerState.keys).union(["head.weight", "head.bias"])
        if let extra = tensors.keys.sorted().first(where: { !expected.contains($0) }) { throw fail("unexpected tensor \(extra)") }
        for (name, t) in tensors where !t.isFiniteEverywhere { throw fail("tensor \(name) holds a non-finite value") }
        do {
            try withNoGrad {
                try encoder.loadStateDict(layerState, strict: false)
                try head.weight.assign(w)
                try head.bias!.assign(b)
            }
            return try PHITransformerTagger(encoder: encoder, tokenizer: base.tokenizer, head: head, fineTunedLayers: k,
                                            windowLength: window, threshold: threshold, minimumWords: minimumWords,
                                            baseModelName: base.name, baseModelSHA256: base.sha256,
                                            training: meta["training"] ?? "")
        } catch let e as PrivacyError {
            throw e
        } catch {
            throw fail("\(error)")
        }
    }
}

extension Tensor {
    /// Whether every value is finite (no NaN or infinity).
    var isFiniteEverywhere: Bool {
        for i in 0..<count where !pointer[i].isFinite { return false }
        return true
    }
}
