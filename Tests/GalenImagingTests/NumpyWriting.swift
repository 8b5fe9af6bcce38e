import Foundation
import ZIPFoundation

/// Writes `.npy` / `.npz` files for tests (NumPy format version 1.0, C order).
enum NumpyWriting {
    /// `.npy` bytes for `values` stored as `dtype` ("|u1", "<f4", "<i8") with `shape`.
    static func npy(_ values: [Double], shape: [Int], dtype: String) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(dtype)', 'fortran_order': False, 'shape': \(shapeText), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var d = Data([0x93]) + Data("NUMPY".utf8) + Data([1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        d += Data(header.utf8)
        for v in values {
            switch dtype {
            case "|u1": d.append(UInt8(v))
            case "<f4": withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { d.append(contentsOf: $0) }
            case "<i8": withUnsafeBytes(of: Int64(v).littleEndian) { d.append(contentsOf: $0) }
            default: fatalError("test helper: unsupported dtype \(dtype)")
            }
        }
        return d
    }

    /// Writes an `.npz` (zip of `name.npy` entries) at `url`.
    static func npz(_ arrays: [String: Data], to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for (name, data) in arrays.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
    }

    static func tempDir() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("galen-imaging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// A three-class 8×8 set without official splits, written as `x.npy` / `y.npy` in `dir`: 60 images of `squares`
    /// (seed 4) with every third one replaced by a flat grey image of class 2. Returns the two paths.
    static func unsplitThreeClassSet(in dir: URL) throws -> (images: String, labels: String) {
        var (pixels, labels) = squares(n: 60, size: 8, seed: 4)
        for i in stride(from: 0, to: 60, by: 3) {
            labels[i] = 2
            for p in 0..<64 { pixels[i * 64 + p] = 60 }
        }
        let x = dir.appendingPathComponent("x.npy"), y = dir.appendingPathComponent("y.npy")
        try npy(pixels, shape: [60, 8, 8], dtype: "|u1").write(to: x)
        try npy(labels, shape: [60], dtype: "<i8").write(to: y)
        return (x.path, y.path)
    }

    /// A synthetic two-class set of `n` grey `size × size` uint8 images: class 1 has a bright square in the
    /// upper-left quadrant, class 0 in the lower-right; noise from `seed`. Returns (pixels, labels).
    static func squares(n: Int, size: Int, seed: UInt64) -> (pixels: [Double], labels: [Double]) {
        var state = seed &+ 0x9E3779B97F4A7C15
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var pixels: [Double] = [], labels: [Double] = []
        for i in 0..<n {
            let label = i % 2
            labels.append(Double(label))
            let half = size / 2
            for y in 0..<size {
                for x in 0..<size {
                    let inSquare = label == 1 ? (y < half && x < half) : (y >= half && x >= half)
                    pixels.append(((inSquare ? 180 : 40) + next() * 60).rounded())
                }
            }
        }
        return (pixels, labels)
    }
}
