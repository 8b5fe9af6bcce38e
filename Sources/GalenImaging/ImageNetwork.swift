import GalenNN
import GalenTensor

/// One trained network of an image model with what it needs to score raw images: the architecture (where
/// Grad-CAM cuts it), the per-channel normalisation it was trained with and its scoring rule (test-time
/// augmentation). A single-network bundle holds one; an ensemble bundle one per member (see `ImageEnsemble`).
public struct ImageNetwork {
    /// The network with its trained weights (used in evaluation mode).
    public let network: Module
    /// What `network` is.
    public let architecture: ImageArchitecture
    /// The standardisation fitted on the network's training images.
    public let normalization: ImageNormalization
    /// How the network scores an image (alone, or with its mirror image).
    public let scoring: ImageTestTimeAugmentation
    let head: ImageTaskHead

    init(network: Module, architecture: ImageArchitecture, normalization: ImageNormalization,
         scoring: ImageTestTimeAugmentation, head: ImageTaskHead) {
        self.network = network
        self.architecture = architecture
        self.normalization = normalization
        self.scoring = scoring
        self.head = head
    }

    /// Class scores for raw images `[N, C, H, W]` in [0, 1] (normalised here, on a copy): binary positive-class
    /// probabilities `[N]`, multiclass probabilities `[N × classes]` row-major.
    /// - Throws: the network's errors for images that do not fit it.
    func scores(_ images: Tensor) throws -> [Float] {
        let x = images.copy()
        try normalization.apply(to: x)
        return try scoring.scores(of: network, head: head, images: x)
    }

    /// Grad-CAM heat maps of raw images `[N, C, H, W]` for `classes` (one class per image): each map upsampled to
    /// `H × W` and divided by its maximum, so it lies in [0, 1] (all zeros when the map is zero everywhere).
    /// - Returns: `N` maps of `H · W` values, row-major.
    /// - Throws: `ImagingError` for classes that do not fit, layer errors.
    func heatMaps(_ images: Tensor, classes: [Int]) throws -> [[Float]] {
        let x = images.copy()
        try normalization.apply(to: x)
        network.eval()
        let stages = try architecture.stages(of: network)
        let cams = try GradCAM.maps(images: x, classes: classes, features: stages.features, head: stages.head)
        let (h, w) = (images.shape[2], images.shape[3])
        let (ch, cw) = (cams.shape[1], cams.shape[2])
        var out: [[Float]] = []
        out.reserveCapacity(classes.count)
        for j in 0..<classes.count {
            let cam = Array(UnsafeBufferPointer(start: cams.pointer + j * ch * cw, count: ch * cw))
            var up = GradCAM.upsample(cam, height: ch, width: cw, toHeight: h, width: w)
            let peak = up.max() ?? 0
            for p in 0..<up.count { up[p] = peak > 0 ? up[p] / peak : 0 }
            out.append(up)
        }
        return out
    }
}
