import Foundation
import GalenClinical
import GalenNN
import GalenTensor

/// Builds the report's grid of test images: up to half correct and half wrong predictions (the most confident
/// of each, so the wrong ones are the model's worst mistakes), each with its Grad-CAM heat map overlaid.
enum ImageGallery {
    /// - Parameters:
    ///   - model: the networks (one, or an ensemble's members: their heat maps are averaged, see `ImageEnsemble`).
    ///   - images: the images in [0, 1] `[N, C, H, W]`, for display and (normalised by each network) for Grad-CAM.
    ///   - scores: the model's scores for them (see `ImageEnsemble.scores`).
    ///   - count: tiles wanted.
    static func make(model: ImageEnsemble, images: Tensor, labels: [Int], scores: [Float], threshold: Double,
                     classNames: [String], count: Int) throws -> ReportImageGallery {
        let head = model.head
        let n = labels.count
        let predicted = (0..<n).map { head.predictedClass(scores, $0, threshold: threshold) }
        let confidence = (0..<n).map { head.confidence(scores, $0, threshold: threshold) }
        let byConfidence = (0..<n).sorted { confidence[$0] != confidence[$1] ? confidence[$0] > confidence[$1] : $0 < $1 }
        let wrong = byConfidence.filter { predicted[$0] != labels[$0] }
        let right = byConfidence.filter { predicted[$0] == labels[$0] }
        let wantWrong = min(wrong.count, count / 2)
        let chosen = Array(right.prefix(count - wantWrong)) + Array(wrong.prefix(wantWrong))
        guard !chosen.isEmpty else { return ReportImageGallery(tiles: [], explanation: "") }

        let maps = try model.heatMaps(images.gather(axis: 0, indices: chosen), classes: chosen.map { predicted[$0] })
        let (c, h, w) = (images.shape[1], images.shape[2], images.shape[3])
        var tiles: [ReportImageGallery.Tile] = []
        for (j, i) in chosen.enumerated() {
            // Display image: grey as is, colour as RGB (first three channels).
            var pixels = [UInt8](repeating: 0, count: h * w * 3)
            let base = images.pointer + i * c * h * w
            for p in 0..<(h * w) {
                for k in 0..<3 { pixels[p * 3 + k] = byte(base[min(k, c - 1) * h * w + p]) }
            }
            let map = maps[j]
            var overlay = pixels
            for p in 0..<(h * w) {
                let (r, g, b) = jet(map[p])
                for (k, colour) in [r, g, b].enumerated() {
                    overlay[p * 3 + k] = byte(0.55 * Float(pixels[p * 3 + k]) / 255 + 0.45 * colour)
                }
            }
            tiles.append(ReportImageGallery.Tile(
                image: try PNGEncoder.dataURI(pixels, width: w, height: h, channels: 3),
                heatMap: try PNGEncoder.dataURI(overlay, width: w, height: h, channels: 3),
                index: i, actual: classNames[labels[i]], predicted: classNames[predicted[i]],
                confidence: Double(confidence[i]), correct: predicted[i] == labels[i]))
        }
        return ReportImageGallery(tiles: tiles, explanation:
            "Each pair shows an image and its Grad-CAM heat map for the predicted class (gradients of the class score "
            + "with respect to the last convolutional block's feature map, averaged per channel as weights; ReLU of the "
            + "weighted sum; bilinearly upsampled; red = most influential"
            + (model.members.count > 1 ? "; the mean of the \(model.members.count) member networks' maps, each scaled to its maximum" : "")
            + "). Shown: the most confident correct predictions and the most confident wrong ones.")
    }

    static func byte(_ v: Float) -> UInt8 { UInt8(max(0, min(255, (v * 255).rounded()))) }

    /// The "jet" colour map at `v` in [0, 1] → (r, g, b) in [0, 1].
    static func jet(_ v: Float) -> (Float, Float, Float) {
        func clamp(_ x: Float) -> Float { max(0, min(1, x)) }
        return (clamp(1.5 - abs(4 * v - 3)), clamp(1.5 - abs(4 * v - 2)), clamp(1.5 - abs(4 * v - 1)))
    }
}
