import GalenTensor

/// A set of images with optional class labels, as every image source delivers them:
/// `images` is `[N, C, H, W]` Float32 with intensities scaled to [0, 1] (uint8 / 255), and
/// `labels` holds one class index per image (nil for unlabelled images, e.g. for prediction).
public struct ImageSet: @unchecked Sendable {
    /// Images `[N, C, H, W]`, intensities in [0, 1].
    public var images: Tensor
    /// One class index (≥ 0) per image, or nil when the source has no labels.
    public var labels: [Int]?
    /// Where the images came from, for messages and reports (e.g. "pneumoniamnist.npz (test)").
    public var source: String

    /// A set from its parts.
    /// - Throws: `DataError.cannotRead` naming `source` when `images` is not rank 4 or the label count differs.
    public init(images: Tensor, labels: [Int]?, source: String) throws {
        guard images.rank == 4 else {
            throw DataError.cannotRead(source: source, reason: "images must be [N, C, H, W], got \(images.shape)")
        }
        if let labels, labels.count != images.shape[0] {
            throw DataError.cannotRead(source: source, reason: "\(labels.count) labels for \(images.shape[0]) images")
        }
        self.images = images
        self.labels = labels
        self.source = source
    }

    /// Number of images.
    public var count: Int { images.shape[0] }
    /// Channels (1 grey, 3 colour).
    public var channels: Int { images.shape[1] }
    /// Height in pixels.
    public var height: Int { images.shape[2] }
    /// Width in pixels.
    public var width: Int { images.shape[3] }

    /// The images at `indices` (in that order) with their labels.
    /// - Throws: `TensorError.indexOutOfRange` for an index outside `0..<count`.
    public func subset(_ indices: [Int], source: String? = nil) throws -> ImageSet {
        try ImageSet(images: images.gather(axis: 0, indices: indices), labels: labels.map { l in indices.map { l[$0] } },
                     source: source ?? self.source)
    }
}
