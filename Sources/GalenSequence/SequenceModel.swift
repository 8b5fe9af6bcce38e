import Foundation
import GalenBundle
import GalenData
import GalenNN
import GalenTensor

/// A sequence model bundle loaded for prediction: verified manifest, vocabulary and network.
public struct SequenceModel {
    /// The verified bundle.
    public let bundle: ModelBundle<SequenceModelContent>
    /// The network with its trained weights, in evaluation mode.
    public let network: SequenceNetwork

    /// The manifest's content.
    public var content: SequenceModelContent { bundle.manifest.content }

    struct KindOnly: Codable { var kind: String }

    /// The kind of model a bundle holds ("sequence", "images", "tabular"), read from its manifest; nil when unreadable.
    public static func kind(of url: URL, cipher: BundleFileCipher? = nil) -> String? {
        try? ModelBundle<KindOnly>(contentsOf: url, cipher: cipher).manifest.content.kind
    }

    /// Loads and verifies the bundle at `url` (every file's SHA-256 is checked).
    /// - Throws: `BundleError` (missing, tampered, truncated), `SequenceError.incompatibleBundle` for a bundle of
    ///   another kind, state-dict errors for weights that do not fit.
    public init(contentsOf url: URL, cipher: BundleFileCipher? = nil) throws {
        if let kind = SequenceModel.kind(of: url, cipher: cipher), kind != "sequence" {
            throw SequenceError.incompatibleBundle("\(url.path) holds a '\(kind)' model, not a sequence model")
        }
        bundle = try ModelBundle<SequenceModelContent>(contentsOf: url, cipher: cipher)
        network = try SequenceNetwork(bundle.manifest.content.network, seed: 0)
        try bundle.loadWeights("model.safetensors", into: network)
        network.eval()
    }

    /// Outcome probabilities of `members`' histories, in `members` order.
    /// - Throws: `NNError` when the network fails.
    public func probabilities(_ members: [CohortMember], histories: PatientHistories) throws -> [Float] {
        guard !members.isEmpty else { return [] }
        let x = EncodedSequences(members: members, histories: histories, vocabulary: content.vocabulary,
                                 maxLength: content.network.maxLength)
        return try GalenSequence.probabilities(of: network, x)
    }
}
