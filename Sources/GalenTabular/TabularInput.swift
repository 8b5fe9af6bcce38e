import Foundation
import GalenBundle
import GalenData
import GalenPrivacy

/// Opens the CSV inputs of training, evaluation and prediction, plain or encrypted (recognised by the
/// `GALENENC` header, whatever the file's name) — encrypted ones need the key.
enum TabularInput {
    /// The whole table and the SHA-256 of its plaintext bytes. An encrypted file is decrypted in memory
    /// (memory: the plaintext size, as reading the table needs anyway); nothing is written to disk.
    /// - Throws: `EncryptionError.missingKey` for an encrypted file without a key, other `EncryptionError`s for a
    ///   wrong key or damaged file, `DataError` for the CSV.
    static func readTable(path: String, options: CSVReadOptions, key: EncryptionKey?) throws -> (table: Table, sha256: String) {
        guard EncryptedFile.isEncrypted(path: path) else {
            let table = try CSVReader.read(path: path, options: options)
            return (table, try FileHash.sha256(fileAt: URL(fileURLWithPath: path)))
        }
        guard let key else { throw EncryptionError.missingKey(what: path) }
        let data = try EncryptedFile.readAll(path: path, key: key)
        return (try CSVReader.read(bytes: [UInt8](data), source: path, options: options), FileHash.sha256(data))
    }

    /// A batch reader; an encrypted file is decrypted chunk by chunk as it is read (bounded memory).
    /// - Throws: as `readTable`, and `CSVBatchReader`'s errors.
    static func batchReader(path: String, options: CSVReadOptions, key: EncryptionKey?) throws -> CSVBatchReader {
        guard EncryptedFile.isEncrypted(path: path) else { return try CSVBatchReader(path: path, options: options) }
        guard let key else { throw EncryptionError.missingKey(what: path) }
        return try CSVBatchReader(source: EncryptedFileReader(path: path, key: key), name: path, options: options)
    }
}
