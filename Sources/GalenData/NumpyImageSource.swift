import Foundation
import GalenTensor

/// Images from NumPy files:
///
/// - a MedMNIST-format `.npz` (`train_images`, `train_labels`, `val_images`, `val_labels`, `test_images`,
///   `test_labels`; images uint8 `[N, H, W]` grey or `[N, H, W, C]` with C = 1 or 3; labels `[N]` or `[N, 1]`),
///   read with its official splits;
/// - an `.npz` holding `images` (and optionally `labels`), one unsplit set;
/// - a plain `.npy` of images, with labels from a second `.npy` (`labelsPath`).
///
/// Images must be uint8 (scaled by 1/255) or float (`<f4`, `<f8`, taken as already in [0, 1]); labels must be
/// integer class indices (any integer dtype, or floats holding whole numbers). Every problem is a
/// `DataError.cannotRead` naming the file, the array and what is wrong — never the pixel values.
public struct NumpyImageSource: ImageSource {
    /// The `.npz` or `.npy` file of images.
    public var path: String
    /// A `.npy` file of labels for a plain `.npy` of images (ignored for `.npz`).
    public var labelsPath: String?

    /// A source reading `path` (and `labelsPath`).
    public init(path: String, labelsPath: String? = nil) {
        self.path = path
        self.labelsPath = labelsPath
    }

    /// The file name.
    public var name: String { URL(fileURLWithPath: path).lastPathComponent }

    /// Whether `path` names a NumPy file this source reads (`.npz` or `.npy`).
    public static func handles(_ path: String) -> Bool {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        return ext == "npz" || ext == "npy"
    }

    /// Reads the images and labels (labels are required: this is for training and evaluation).
    /// - Throws: `DataError.cannotRead` for a missing or corrupt file, missing arrays, a wrong dtype or shape,
    ///   or a label/image count mismatch; `DataError.invalidArgument` for unlabelled images.
    public func read() throws -> ImageDataset {
        let sets = try readSets(requireLabels: true)
        guard let train = sets["train"] ?? sets[""] else {
            throw DataError.cannotRead(source: path, reason: "no training images")
        }
        return ImageDataset(train: train, validation: sets["val"], test: sets["test"])
    }

    /// Reads one set of images for prediction or evaluation: the `test` split of a MedMNIST archive (or
    /// `split` when given: "train", "val", "test"), the `images` of a plain archive, or the `.npy` itself.
    /// Labels are read when present.
    /// - Throws: as `read()`; `DataError.cannotRead` when the requested split is absent.
    public func readSet(split: String? = nil) throws -> ImageSet {
        let sets = try readSets(requireLabels: false)
        if let split {
            guard let s = sets[split] else {
                throw DataError.cannotRead(source: path, reason: "has no '\(split)' split (found \(sets.keys.filter { !$0.isEmpty }.sorted()))")
            }
            return s
        }
        if let s = sets[""] ?? sets["test"] { return s }
        throw DataError.cannotRead(source: path, reason: "holds neither 'images' nor 'test_images'")
    }

    /// Split name ("" for an unsplit set) → images and labels.
    private func readSets(requireLabels: Bool) throws -> [String: ImageSet] {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if ext == "npy" {
            let images = try Self.readNpy(path)
            var labels: [Int]? = nil
            if let labelsPath {
                labels = try Self.labels(Self.readNpy(labelsPath), source: labelsPath, imageCount: images.shape.first ?? 0)
            } else if requireLabels {
                throw DataError.invalidArgument("\(path) holds images only: give the labels as a second .npy file (--labels LABELS.npy)")
            }
            return ["": try Self.imageSet(images, labels: labels, source: name)]
        }
        guard ext == "npz" else {
            throw DataError.cannotRead(source: path, reason: "expected a .npz archive or a .npy array")
        }
        let arrays = try NumpyArchive.read(path: path)
        var out: [String: ImageSet] = [:]
        for split in ["train", "val", "test"] {
            let imagesKey = "\(split)_images", labelsKey = "\(split)_labels"
            guard let images = arrays[imagesKey] else {
                if arrays[labelsKey] != nil {
                    throw DataError.cannotRead(source: path, reason: "has \(labelsKey) but no \(imagesKey)")
                }
                continue
            }
            var labels: [Int]? = nil
            if let l = arrays[labelsKey] {
                labels = try Self.labels(l, source: "\(path) (\(labelsKey))", imageCount: images.shape.first ?? 0)
            } else if requireLabels {
                throw DataError.cannotRead(source: path, reason: "has \(imagesKey) but no \(labelsKey)")
            }
            out[split] = try Self.imageSet(images, labels: labels, source: "\(name) (\(split))", array: imagesKey, path: path)
        }
        if let images = arrays["images"] {
            var labels: [Int]? = nil
            if let l = arrays["labels"] {
                labels = try Self.labels(l, source: "\(path) (labels)", imageCount: images.shape.first ?? 0)
            } else if requireLabels {
                throw DataError.cannotRead(source: path, reason: "has 'images' but no 'labels'")
            }
            out[""] = try Self.imageSet(images, labels: labels, source: name, array: "images", path: path)
        }
        guard !out.isEmpty else {
            throw DataError.cannotRead(source: path, reason: "holds no image arrays: expected train_images/train_labels, "
                                       + "val_…, test_… (MedMNIST) or images/labels (found \(arrays.keys.sorted()))")
        }
        if requireLabels && out["train"] == nil && out[""] == nil {
            throw DataError.cannotRead(source: path, reason: "has no train_images (found \(arrays.keys.sorted()))")
        }
        if requireLabels, out["train"] != nil, (out["val"] == nil) != (out["test"] == nil) {
            throw DataError.cannotRead(source: path, reason: "has only one of the val and test splits")
        }
        return out
    }

    static func readNpy(_ path: String) throws -> NumpyArray {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.cannotRead(source: path, reason: "no such readable file")
        }
        return try NumpyArray.parse(data, source: path)
    }

    /// NHWC / NHW uint8 or float → an `ImageSet` `[N, C, H, W]` in [0, 1].
    static func imageSet(_ a: NumpyArray, labels: [Int]?, source: String, array: String? = nil, path: String? = nil) throws -> ImageSet {
        let where_ = path.map { p in array.map { "\(p) (\($0))" } ?? p } ?? source
        let s = a.shape
        guard s.count == 3 || (s.count == 4 && (s[3] == 1 || s[3] == 3)) else {
            throw DataError.cannotRead(source: where_, reason: "images have shape \(s); expected [N, H, W] (grey) or [N, H, W, C] with C = 1 or 3")
        }
        guard s[0] > 0, s[1] > 0, s[2] > 0 else {
            throw DataError.cannotRead(source: where_, reason: "images have shape \(s): no pixels")
        }
        let scale: Float
        switch a.dtype.dropFirst() {
        case "u1": scale = 1 / 255
        case "f4", "f8":
            scale = 1
            if let bad = a.values.firstIndex(where: { !$0.isFinite || $0 < 0 || $0 > 1 }) {
                throw DataError.cannotRead(source: where_, reason: "float images must hold values in [0, 1]; element \(bad) does not")
            }
        default:
            throw DataError.cannotRead(source: where_, reason: "images have dtype \(a.dtype); expected uint8 (|u1) or float (<f4, <f8) in [0, 1]")
        }
        let (n, h, w, c) = (s[0], s[1], s[2], s.count == 4 ? s[3] : 1)
        let t = Tensor.zeros([n, c, h, w])
        a.values.withUnsafeBufferPointer { src in
            let dst = t.pointer
            for i in 0..<n {
                for y in 0..<h {
                    for x in 0..<w {
                        let from = ((i * h + y) * w + x) * c
                        for ch in 0..<c { dst[((i * c + ch) * h + y) * w + x] = src[from + ch] * scale }
                    }
                }
            }
        }
        return try ImageSet(images: t, labels: labels, source: source)
    }

    /// Class indices from a label array `[N]` or `[N, 1]`.
    static func labels(_ a: NumpyArray, source: String, imageCount: Int) throws -> [Int] {
        guard a.shape.count == 1 || (a.shape.count == 2 && a.shape[1] == 1) else {
            throw DataError.cannotRead(source: source, reason: "labels have shape \(a.shape); expected [N] or [N, 1] (multi-label data is not supported)")
        }
        guard a.shape[0] == imageCount else {
            throw DataError.cannotRead(source: source, reason: "\(a.shape[0]) labels for \(imageCount) images")
        }
        let kind = a.dtype.dropFirst().first
        guard kind == "u" || kind == "i" || kind == "f" || kind == "b" else {
            throw DataError.cannotRead(source: source, reason: "labels have dtype \(a.dtype); expected integer class indices")
        }
        var out: [Int] = []
        out.reserveCapacity(a.values.count)
        for (i, v) in a.values.enumerated() {
            guard v.isFinite, v >= 0, v == v.rounded(), v < 1_000_000 else {
                throw DataError.cannotRead(source: source, reason: "label \(i) is not a class index (a whole number ≥ 0)")
            }
            out.append(Int(v))
        }
        return out
    }
}
