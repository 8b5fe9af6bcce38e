import GalenTensor

/// The networks of an image model scored together — the one scoring path of `galen train`, `evaluate`, `predict`,
/// the report and the ensemble's threshold. Class probabilities are the mean of the members' (binary: the mean
/// positive-class probability; multiclass: the mean softmax row), each member scoring with its own normalisation and
/// test-time augmentation; Grad-CAM heat maps are the mean of the members' maps, each scaled to its maximum first.
/// A single-network model is an ensemble of one and scores exactly as its network alone.
public struct ImageEnsemble {
    /// The members, in manifest order (at least one).
    public let members: [ImageNetwork]
    let head: ImageTaskHead

    /// - Throws: `ImagingError.incompatibleBundle` when `members` is empty.
    init(members: [ImageNetwork], head: ImageTaskHead) throws {
        guard !members.isEmpty else { throw ImagingError.incompatibleBundle("an image model needs at least one network") }
        self.members = members
        self.head = head
    }

    /// Every member's scores for raw images `[N, C, H, W]` in [0, 1] (see `ImageNetwork.scores`), in member order.
    /// - Throws: the networks' errors for images that do not fit them.
    func memberScores(_ images: Tensor) throws -> [[Float]] {
        try members.map { try $0.scores(images) }
    }

    /// The ensemble's scores for raw images: the mean of the members' scores (`[N]` binary, `[N × classes]`
    /// multiclass, row-major).
    /// - Throws: the networks' errors for images that do not fit them.
    func scores(_ images: Tensor) throws -> [Float] {
        Self.mean(try memberScores(images))
    }

    /// The element-wise mean of equally long score arrays, summed in member order; one array is returned as is.
    static func mean(_ scores: [[Float]]) -> [Float] {
        guard scores.count > 1 else { return scores.first ?? [] }
        var out = scores[0]
        out.withUnsafeMutableBufferPointer { o in
            for s in scores.dropFirst() {
                s.withUnsafeBufferPointer { x in for i in 0..<o.count { o[i] += x[i] } }
            }
            let k = Float(scores.count)
            for i in 0..<o.count { o[i] /= k }
        }
        return out
    }

    /// Grad-CAM heat maps of raw images for `classes` (one per image): the mean of the members' maps, each upsampled
    /// to the image and scaled to its maximum (`ImageNetwork.heatMaps`), so the result lies in [0, 1].
    /// - Returns: `N` maps of `H · W` values, row-major.
    /// - Throws: `ImagingError` for classes that do not fit, layer errors.
    func heatMaps(_ images: Tensor, classes: [Int]) throws -> [[Float]] {
        let perMember = try members.map { try $0.heatMaps(images, classes: classes) }
        guard perMember.count > 1 else { return perMember[0] }
        return (0..<classes.count).map { i in Self.mean(perMember.map { $0[i] }) }
    }
}
