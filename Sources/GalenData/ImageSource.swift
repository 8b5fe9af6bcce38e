/// Where a labelled image dataset comes from. Each source returns the images as an `ImageDataset`;
/// the training workflow does not care which kind of file they were read from.
///
/// Implemented by `NumpyImageSource` (MedMNIST `.npz` archives with official splits, plain `.npy`
/// arrays) and `PNGFolderSource` (a folder of PNG files per class).
public protocol ImageSource {
    /// The file or folder the images are read from.
    var path: String { get }
    /// A short name for messages and reports (usually the file or folder name).
    var name: String { get }
    /// Reads every image and label, for training.
    /// - Throws: `DataError` naming the file and the problem.
    func read() throws -> ImageDataset
    /// Reads one set of images for evaluation or prediction (`split` picks "train", "val" or "test" of a source
    /// with official splits; nil for its default set). Labels are read when present.
    /// - Throws: `DataError` naming the file and the problem.
    func readSet(split: String?) throws -> ImageSet
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
    /// Class names in label order when the source names its classes (PNG class folders), else nil.
    public var classNames: [String]?

    /// A dataset from its parts.
    public init(train: ImageSet, validation: ImageSet? = nil, test: ImageSet? = nil, classNames: [String]? = nil) {
        self.train = train
        self.validation = validation
        self.test = test
        self.classNames = classNames
    }

    /// Whether the source ships its own validation and test splits.
    public var hasOfficialSplits: Bool { validation != nil && test != nil }
}
