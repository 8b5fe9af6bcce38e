import Foundation
import GalenBundle
import GalenData
import GalenNN
import GalenTensor

/// An image model bundle loaded for evaluation and prediction: verified manifest and its networks — one
/// (`model.safetensors`), or the members of an ensemble (`member-1.safetensors`, …), scored as their mean.
public struct ImageModel {
    /// The verified bundle.
    public let bundle: ModelBundle<ImageModelContent>
    /// The networks with their trained weights, normalisation and scoring rule, in evaluation mode.
    public let ensemble: ImageEnsemble
    let head: ImageTaskHead

    /// The networks (one for a single-network bundle).
    public var members: [ImageNetwork] { ensemble.members }

    /// The manifest's content.
    public var content: ImageModelContent { bundle.manifest.content }

    /// Loads and verifies the bundle at `url`; `cipher` opens an encrypted bundle (a plain bundle loads either way).
    /// - Throws: `BundleError` (missing, tampered, truncated; `.encrypted` without a cipher), the cipher's errors,
    ///   `ImagingError.incompatibleBundle` for a bundle of another kind (e.g. a tabular model) or an ensemble
    ///   without members, safetensors and state-dict errors for weights that do not fit. A missing, truncated or
    ///   modified member file is a `BundleError` naming it.
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
        let head = ImageTaskHead(classCount: c.classNames.count)
        self.head = head
        var networks: [ImageNetwork] = []
        if let e = c.ensemble {
            guard !e.members.isEmpty else { throw ImagingError.incompatibleBundle("\(url.path): the ensemble lists no member networks") }
            for m in e.members {
                let network = try m.architecture.build(channels: c.channels, height: c.height, width: c.width, outputs: head.outputs, seed: 0)
                try bundle.loadWeights(m.file, into: network)
                network.eval()
                networks.append(ImageNetwork(network: network, architecture: m.architecture, normalization: m.normalization,
                                             scoring: m.testTimeAugmentation, head: head))
            }
        } else {
            let network = try c.architecture.build(channels: c.channels, height: c.height, width: c.width, outputs: head.outputs, seed: 0)
            try bundle.loadWeights("model.safetensors", into: network)
            network.eval()
            networks.append(ImageNetwork(network: network, architecture: c.architecture, normalization: c.normalization,
                                         scoring: c.scoring, head: head))
        }
        ensemble = try ImageEnsemble(members: networks, head: head)
    }

    struct KindOnly: Codable { var kind: String }

    /// The kind of model a bundle holds ("images", "tabular"), read from its manifest; nil when unreadable.
    /// Encrypted bundles need `cipher`.
    public static func kind(of url: URL, cipher: BundleFileCipher? = nil) -> String? {
        try? ModelBundle<KindOnly>(contentsOf: url, cipher: cipher).manifest.content.kind
    }

    /// Scores for every image of `set`: binary positive-class probabilities `[n]`, multiclass probabilities
    /// `[n × classes]` row-major; each network with its normalisation and test-time augmentation, as in training;
    /// for an ensemble the mean of its members' scores (`ImageEnsemble`).
    /// - Throws: `ImagingError.incompatibleBundle` when the images' channels or size differ from training.
    public func scores(_ set: ImageSet) throws -> [Float] {
        try checkFits(set)
        return try ensemble.scores(set.images)
    }

    /// Every network's own scores for `set`, in member order (one array for a single-network bundle); `scores` is
    /// their mean.
    /// - Throws: `ImagingError.incompatibleBundle` when the images' channels or size differ from training.
    public func memberScores(_ set: ImageSet) throws -> [[Float]] {
        try checkFits(set)
        return try ensemble.memberScores(set.images)
    }

    /// - Throws: `ImagingError.incompatibleBundle` when `set`'s images are not the model's channels and size.
    func checkFits(_ set: ImageSet) throws {
        let c = content
        guard (set.channels, set.height, set.width) == (c.channels, c.height, c.width) else {
            throw ImagingError.incompatibleBundle("\(set.source) has \(set.channels)×\(set.height)×\(set.width) images; "
                                                  + "the model takes \(c.channels)×\(c.height)×\(c.width)")
        }
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
