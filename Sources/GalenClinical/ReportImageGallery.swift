/// A grid of example images for the report: each tile shows an image and a heat map (for example Grad-CAM)
/// with the true and predicted class, grouped into correct and wrong predictions.
public struct ReportImageGallery: Codable, Sendable, Equatable {
    /// One example.
    public struct Tile: Codable, Sendable, Equatable {
        /// The image as a `data:image/png;base64,…` URI.
        public var image: String
        /// The heat map overlaid on the image, as a data URI, or nil.
        public var heatMap: String?
        /// Index of the image in the evaluated set (0-based).
        public var index: Int
        /// True and predicted class names.
        public var actual: String
        public var predicted: String
        /// The probability of the predicted class.
        public var confidence: Double
        /// Whether the prediction was right.
        public var correct: Bool

        /// A tile from its parts.
        public init(image: String, heatMap: String?, index: Int, actual: String, predicted: String, confidence: Double, correct: Bool) {
            self.image = image
            self.heatMap = heatMap
            self.index = index
            self.actual = actual
            self.predicted = predicted
            self.confidence = confidence
            self.correct = correct
        }
    }

    /// The tiles, correct ones first.
    public var tiles: [Tile]
    /// What the heat maps show, e.g. "Grad-CAM of the predicted class over the last convolutional block".
    public var explanation: String

    /// A gallery from its parts.
    public init(tiles: [Tile], explanation: String) {
        self.tiles = tiles
        self.explanation = explanation
    }
}
