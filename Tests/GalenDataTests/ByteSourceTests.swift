import Foundation
import Testing
@testable import GalenData

/// Hands out bytes a few at a time, as a decrypting source does at chunk edges.
private final class DribbleSource: ByteSource {
    let bytes: [UInt8]
    var offset = 0
    let step: Int
    init(_ text: String, step: Int) { bytes = Array(text.utf8); self.step = step }
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        let n = min(count, step, bytes.count - offset)
        for i in 0..<n { buffer[i] = bytes[offset + i] }
        offset += n
        return n
    }
}

private struct SourceFailure: Error {}

private final class FailingSource: ByteSource {
    var calls = 0
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        calls += 1
        if calls > 1 { throw SourceFailure() }
        let header = Array("a,b\n".utf8)
        for i in header.indices { buffer[i] = header[i] }
        return header.count
    }
}

@Suite struct ByteSourceTests {
    @Test func batchReaderOverASourceMatchesTheFile() throws {
        var text = "id,x,label\n"
        for i in 0..<3000 { text += "P\(i),\(Double(i) / 7),\"note, \(i % 5)\"\n" }
        let path = try temporaryFile(text)
        defer { removeFile(path) }
        func rows(_ reader: CSVBatchReader) throws -> [String] {
            var out: [String] = []
            while let t = try reader.next(maxRows: 100) {
                for r in 0..<t.rowCount { out.append((0..<t.columnCount).map { t.columns[$0].text(at: r) ?? "" }.joined(separator: "|")) }
            }
            return out
        }
        let fromFile = try rows(CSVBatchReader(path: path, chunkSize: 1024))
        let fromSource = try rows(CSVBatchReader(source: DribbleSource(text, step: 77), name: "memory", chunkSize: 1024))
        #expect(fromFile.count == 3000)
        #expect(fromFile == fromSource)
    }

    @Test func sourceErrorsPropagate() {
        #expect(throws: SourceFailure.self) {
            let reader = try CSVBatchReader(source: FailingSource(), name: "memory")
            while try reader.next() != nil {}
        }
    }
}
