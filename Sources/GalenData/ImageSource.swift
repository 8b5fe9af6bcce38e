/// Where a labelled image dataset comes from. Each source returns the images as an `ImageDataset`;
/// the training workflow does not care which kind of file they were read from.
///
/// Implemented by `NumpyImageSource` (MedMNIST `.npz` archives with official splits, plain `.npy`
/// arrays); a folder of PNG files per class can conform the same way.
public protocol ImageSource {
    /// A short name for messages and reports (usually the file or folder name).
    var name: String { get }
    /// Reads every image and label.
    /// - Throws: `DataError` naming the file and the problem.
    func read() throws -> ImageDataset
}

/// Images split for training: `train` always; `validation` and `test` when the source ships official splits
/// (MedMNIST does), else nil and the workflow makes a stratified split itself.
public struct ImageDataset: Sendable {
    /// Training images (labelled).
    public var train: ImageSet
    /// Official validation images, if any.
    public var validation: ImageSet?
    /// Official test images, if any.
    public var test: ImageSet?

    /// A dataset from its parts.
    public init(train: ImageSet, validation: ImageSet? = nil, test: ImageSet? = nil) {
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// Whether the source ships its own validation and test splits.
    public var hasOfficialSplits: Bool { validation != nil && test != nil }
}
