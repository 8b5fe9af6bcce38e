import Foundation
@testable import GalenData

/// The repository root, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The WDBC copy shipped in the repository.
let wdbcPath = repositoryRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path

/// Reads CSV text held in a string.
func table(_ text: String, _ options: CSVReadOptions = CSVReadOptions()) throws -> Table {
    try CSVReader.read(string: text, source: "test.csv", options: options)
}

/// A fresh temporary file holding `bytes`; removed by the caller with `removeFile`.
func temporaryFile(_ bytes: [UInt8], suffix: String = ".csv") throws -> String {
    let path = NSTemporaryDirectory() + "galen-data-test-\(UUID().uuidString)\(suffix)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

func temporaryFile(_ text: String) throws -> String { try temporaryFile(Array(text.utf8)) }

func removeFile(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

/// The error thrown by `body`, as a `DataError`, or nil.
func dataError(_ body: () throws -> Void) -> DataError? {
    do { try body(); return nil } catch let e as DataError { return e } catch { return nil }
}
