import Foundation

/// Images from a folder of PNG files per class, `root/<class>/*.png` (read by `ImageFolder` through libpng):
/// one unsplit, labelled set whose class names are the folder names (sorted), so the training workflow makes a
/// stratified split itself.
///
/// For evaluation and prediction with a trained model, give the model's class names: each class folder is
/// then matched to the model's class by name, and a folder naming no class of the model is an error.
public struct PNGFolderSource: ImageSource {
    /// The root folder.
    public var path: String
    /// The model's class names, in label order, to which class folders are matched by name (nil: folders
    /// define the classes, in sorted order).
    public var modelClassNames: [String]?

    /// A source reading `path`; `modelClassNames` as described on the type.
    public init(path: String, modelClassNames: [String]? = nil) {
        self.path = path
        self.modelClassNames = modelClassNames
    }

    /// The folder name.
    public var name: String { URL(fileURLWithPath: path).lastPathComponent }

    /// Whether `path` is a folder (the only kind of image input that is not a NumPy file).
    public static func handles(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Reads every image, labelled by its class folder.
    /// - Throws: `DataError.cannotRead` naming the folder or file at fault (see `ImageFolder`), or a class folder
    ///   that names no class of the model.
    public func read() throws -> ImageDataset {
        let (set, names) = try load()
        return ImageDataset(train: set, classNames: names)
    }

    /// Reads every image (there are no splits; `split` must be nil).
    /// - Throws: as `read()`; `DataError.cannotRead` when a split is asked for.
    public func readSet(split: String?) throws -> ImageSet {
        if let split {
            throw DataError.cannotRead(source: path, reason: "a PNG folder has no '\(split)' split; leave out --split")
        }
        return try load().0
    }

    private func load() throws -> (ImageSet, [String]) {
        let folder = try ImageFolder(path: path)
        guard let modelNames = modelClassNames else {
            return (try ImageSet(images: folder.images, labels: folder.labels, source: name), folder.classNames)
        }
        var mapping: [Int] = []
        for folderName in folder.classNames {
            guard let index = modelNames.firstIndex(of: folderName) else {
                throw DataError.cannotRead(source: (path as NSString).appendingPathComponent(folderName),
                                           reason: "class folder '\(folderName)' is not one of the model's classes \(modelNames)")
            }
            mapping.append(index)
        }
        return (try ImageSet(images: folder.images, labels: folder.labels.map { mapping[$0] }, source: name), modelNames)
    }
}
