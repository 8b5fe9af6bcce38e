import Foundation
import GalenTensor

/// A MedMNIST v2 dataset (e.g. PneumoniaMNIST, BreastMNIST) read from its
/// official `.npz`: `train/val/test` images (uint8, `[N, H, W]` grey or
/// `[N, H, W, 3]` colour) and labels (`[N, 1]` or `[N]`).
public struct MedMNIST: Sendable {
    /// One split: images `[N, C, H, W]` scaled to [0, 1] and class indices `[N]`.
    public struct Split: @unchecked Sendable {
        public var images: Tensor
        public var labels: [Int]
    }

    public var train: Split
    public var validation: Split
    public var test: Split
    /// Number of classes (largest label + 1 over all splits).
    public var classCount: Int

    /// Reads `path`.
    /// - Throws: `DataError.cannotRead` for an unreadable archive or missing/ill-shaped arrays,
    ///   naming the file and the array.
    public init(path: String) throws {
        let arrays = try NumpyArchive.read(path: path)
        func split(_ name: String) throws -> Split {
            guard let images = arrays["\(name)_images"], let labels = arrays["\(name)_labels"] else {
                throw DataError.cannotRead(source: path, reason: "missing \(name)_images or \(name)_labels (found \(arrays.keys.sorted()))")
            }
            let s = images.shape
            guard s.count == 3 || (s.count == 4 && (s[3] == 3 || s[3] == 1)) else {
                throw DataError.cannotRead(source: path, reason: "\(name)_images has shape \(s), expected [N, H, W] or [N, H, W, 3]")
            }
            guard labels.values.count == s[0], labels.shape.count <= 2 else {
                throw DataError.cannotRead(source: path, reason: "\(name)_labels has shape \(labels.shape) for \(s[0]) images (multi-label sets are not supported)")
            }
            let (n, h, w, c) = (s[0], s[1], s[2], s.count == 4 ? s[3] : 1)
            // NHWC uint8 → NCHW in [0, 1].
            let t = Tensor.zeros([n, c, h, w])
            let src = images.values, dst = t.pointer
            for i in 0..<n { for y in 0..<h { for x in 0..<w { for ch in 0..<c {
                dst[((i * c + ch) * h + y) * w + x] = src[((i * h + y) * w + x) * c + ch] / 255
            } } } }
            var out: [Int] = []
            out.reserveCapacity(n)
            for (i, v) in labels.values.enumerated() {
                guard v >= 0, v == v.rounded() else {
                    throw DataError.cannotRead(source: path, reason: "\(name)_labels[\(i)] is not a class index")
                }
                out.append(Int(v))
            }
            return Split(images: t, labels: out)
        }
        train = try split("train")
        validation = try split("val")
        test = try split("test")
        classCount = ([train, validation, test].flatMap(\.labels).max() ?? 0) + 1
    }
}
