import Foundation
import ZIPFoundation

/// NumPy's `.npz` format: a zip archive (stored or deflated) of `.npy` arrays,
/// as written by `np.savez` / `np.savez_compressed` (MedMNIST ships its splits this way).
public enum NumpyArchive {
    /// Reads every array, keyed by entry name without `.npy` (`train_images`, …).
    /// - Throws: `DataError.cannotRead` naming the file and entry (not a zip, corrupt or CRC mismatch, bad array).
    public static func read(path: String) throws -> [String: NumpyArray] {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DataError.cannotRead(source: path, reason: "no such readable file")
        }
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw DataError.cannotRead(source: path, reason: "not a zip (.npz) archive")
        }
        var out: [String: NumpyArray] = [:]
        for entry in archive where entry.type == .file && entry.path.hasSuffix(".npy") {
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                throw DataError.cannotRead(source: "\(path) (\(entry.path))", reason: "the entry is corrupt: \(error)")
            }
            let name = String(entry.path.dropLast(4))
            out[name] = try NumpyArray.parse(data, source: "\(path) (\(entry.path))")
        }
        guard !out.isEmpty else { throw DataError.cannotRead(source: path, reason: "the archive holds no .npy arrays") }
        return out
    }
}
