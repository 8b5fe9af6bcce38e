import Foundation
import GalenTensor

/// A labelled image dataset stored as a folder of class folders of PNG files (`root/<class>/*.png`,
/// the layout of torchvision's `ImageFolder` and Keras' `image_dataset_from_directory`).
///
/// Classes are the sub-folder names in sorted order (label i is `classNames[i]`); within a class, files
/// are taken in sorted order. Hidden entries and files not ending in `.png` (any case) are skipped. Every
/// image must have the channels (grey or RGB) and the size of the first one.
public struct ImageFolder: @unchecked Sendable {
    /// Images `[N, C, H, W]`, values in [0, 1].
    public var images: Tensor
    /// Class index of each image, `[N]`.
    public var labels: [Int]
    /// Class names (sub-folder names), sorted.
    public var classNames: [String]
    /// Each image's path relative to the root (`class/file.png`), in the order of `images`.
    public var files: [String]

    /// Reads every PNG under `root/<class>/`.
    /// - Throws: `DataError.cannotRead` naming the path when the root is not a folder, has no class
    ///   folders, a class folder has no PNG files, or an image is corrupt or differs in channels or size
    ///   from the first image (naming that file).
    public init(path root: String) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataError.cannotRead(source: root, reason: "not a folder (expected root/<class>/*.png)")
        }
        let rootURL = URL(fileURLWithPath: root)
        func visible(_ url: URL) throws -> [String] {
            try fm.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }.sorted()
        }
        let classes = try visible(rootURL).filter {
            var d: ObjCBool = false
            return fm.fileExists(atPath: rootURL.appendingPathComponent($0).path, isDirectory: &d) && d.boolValue
        }
        guard !classes.isEmpty else {
            throw DataError.cannotRead(source: root, reason: "has no class folders (expected root/<class>/*.png)")
        }
        var files: [String] = [], labels: [Int] = []
        for (label, name) in classes.enumerated() {
            let pngs = try visible(rootURL.appendingPathComponent(name)).filter { $0.lowercased().hasSuffix(".png") }
            guard !pngs.isEmpty else {
                throw DataError.cannotRead(source: rootURL.appendingPathComponent(name).path, reason: "class folder has no .png files")
            }
            for file in pngs { files.append(name + "/" + file); labels.append(label) }
        }

        // The first image fixes channels and size; the rest are decoded straight into the tensor.
        func bytes(_ relative: String) throws -> (Data, String) {
            let path = rootURL.appendingPathComponent(relative).path
            guard let data = fm.contents(atPath: path) else {
                throw DataError.cannotRead(source: path, reason: "the file cannot be read")
            }
            return (data, path)
        }
        let (firstData, firstPath) = try bytes(files[0])
        let first = try PNGImage.header(firstData, source: firstPath)
        let (c, h, w) = (first.colour ? 3 : 1, first.height, first.width)
        let images = Tensor.zeros([files.count, c, h, w])
        let per = c * h * w
        for (i, relative) in files.enumerated() {
            let (data, path) = i == 0 ? (firstData, firstPath) : try bytes(relative)
            try PNGImage.decode(data, source: path, into: images.pointer + i * per, expectedChannels: c, height: h, width: w)
        }
        self.images = images
        self.labels = labels
        self.classNames = classes
        self.files = files
    }
}
