import Foundation
import GalenBundle
import GalenData
import GalenNN
import GalenTensor

/// An image model bundle loaded for evaluation and prediction: verified manifest, normalisation and network.
public struct ImageModel {
    /// The verified bundle.
    public let bundle: ModelBundle<ImageModelContent>
    /// The network with its trained weights, in evaluation mode.
    public let network: Module
    let head: ImageTaskHead

    /// The manifest's content.
    public var content: ImageModelContent { bundle.manifest.content }

    /// Loads and verifies the bundle at `url`; `cipher` opens an encrypted bundle (a plain bundle loads either way).
    /// - Throws: `BundleError` (missing, tampered, truncated; `.encrypted` without a cipher), the cipher's errors,
    ///   `ImagingError.incompatibleBundle` for a bundle of another kind (e.g. a tabular model), safetensors and
    ///   state-dict errors for weights that do not fit.
    public init(contentsOf url: URL, cipher: BundleFileCipher? = nil) throws {
        do {
            bundle = try ModelBundle<ImageModelContent>(contentsOf: url, cipher: cipher)
        } catch let e as BundleError {
            if case .corruptManifest = e, let kind = try? ModelBundle<KindOnly>(contentsOf: url, cipher: cipher).manifest.content.kind,
               kind != "images" {
                throw ImagingError.incompatibleBundle("\(url.path) holds a '\(kind)' model, not an image model")
            }
            throw e
        }
        let c = bundle.manifest.content
        guard c.kind == "images" else { throw ImagingError.incompatibleBundle("\(url.path) holds a '\(c.kind)' model, not an image model") }
        head = ImageTaskHead(classCount: c.classNames.count)
        network = try c.architecture.build(channels: c.channels, height: c.height, width: c.width, outputs: head.outputs, seed: 0)
        try bundle.loadWeights("model.safetensors", into: network)
        network.eval()
    }

    struct KindOnly: Codable { var kind: String }

    /// The kind of model a bundle holds ("images", "tabular"), read from its manifest; nil when unreadable.
    /// Encrypted bundles need `cipher`.
    public static func kind(of url: URL, cipher: BundleFileCipher? = nil) -> String? {
        try? ModelBundle<KindOnly>(contentsOf: url, cipher: cipher).manifest.content.kind
    }

    /// Scores for every image of `set`: binary positive-class probabilities `[n]`, multiclass probabilities
    /// `[n × classes]` row-major; with the bundle's test-time augmentation (`content.scoring`), as in training.
    /// - Throws: `ImagingError.incompatibleBundle` when the images' channels or size differ from training.
    public func scores(_ set: ImageSet) throws -> [Float] {
        let c = content
        guard (set.channels, set.height, set.width) == (c.channels, c.height, c.width) else {
            throw ImagingError.incompatibleBundle("\(set.source) has \(set.channels)×\(set.height)×\(set.width) images; "
                                                  + "the model takes \(c.channels)×\(c.height)×\(c.width)")
        }
        let x = set.images.copy()
        try c.normalization.apply(to: x)
        return try c.scoring.scores(of: network, head: head, images: x)
    }

    /// Output column names: one probability per class (binary: the positive class), then `prediction`.
    public var outputColumns: [String] {
        head.task == .binary ? ["probability_\(content.classNames[1])", "prediction"]
            : content.classNames.map { "probability_\($0)" } + ["prediction"]
    }

    /// One output row's values for image `i` of `scores`.
    public func outputValues(_ scores: [Float], row i: Int) -> [String] {
        let t = content.threshold?.threshold ?? 0.5
        let label = content.classNames[head.predictedClass(scores, i, threshold: t)]
        if head.task == .binary { return [String(format: "%.6f", scores[i]), label] }
        let k = content.classNames.count
        return scores[(i * k)..<((i + 1) * k)].map { String(format: "%.6f", $0) } + [label]
    }
}
