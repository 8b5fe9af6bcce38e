import Foundation
import GalenTensor
import Testing
@testable import GalenData

/// Random inputs: the reader never crashes, and streaming agrees with the whole-file reader at any chunking.
@Suite struct FuzzTests {
    @Test func arbitraryByteSoupNeverCrashes() {
        var g = SeededGenerator(seed: 11)
        let alphabet: [UInt8] = Array("a1,;\t\"\r\n .-eE+xaaa111,,,\n\n".utf8) + [0xC3, 0xA9]
        var outcomes = [0, 0]
        for _ in 0..<3000 {
            let n = Int(g.next() % 40)
            let bytes = (0..<n).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] }
            do {
                let t = try CSVReader.read(bytes: bytes)
                _ = try SchemaReport.make(t).renderText()
                outcomes[0] += 1
            } catch is DataError {
                outcomes[1] += 1
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        #expect(outcomes[0] > 20 && outcomes[1] > 20, "\(outcomes)")
    }

    @Test func streamingAgreesWithWholeFileReads() throws {
        var g = SeededGenerator(seed: 5)
        let pieces = ["x", "1.5", "", "NA", "a,b", "say \"hi\"", "two\nlines", "cr\rline", "é", "  sp  ", "-3e2", "yes"]
        let endings = ["\n", "\r\n", "\r"]
        for trial in 0..<12 {
            let columns = 1 + Int(g.next() % 4)
            let eol = endings[trial % 3]
            var text = CSVWriter.row((0..<columns).map { "c\($0)" }).replacingOccurrences(of: "\n", with: eol)
            let rows = 200 + Int(g.next() % 300)
            for _ in 0..<rows {
                let fields = (0..<columns).map { _ in pieces[Int(g.next() % UInt64(pieces.count))] }
                var line = fields.map { CSVWriter.field($0) }.joined(separator: ",") + eol
                if columns > 1 || !fields[0].isEmpty { } else { line = "\"\"" + eol }
                text += line
            }
            let path = try temporaryFile(text)
            defer { removeFile(path) }
            var o = CSVReadOptions()
            o.columnTypes = Dictionary(uniqueKeysWithValues: (0..<columns).map { ("c\($0)", ColumnType.categorical) })
            let whole = try CSVReader.read(path: path, options: o)
            let reader = try CSVBatchReader(path: path, options: o, chunkSize: 1024)
            var r0 = 0
            while let b = try reader.next(maxRows: 1 + Int(g.next() % 97)) {
                for c in 0..<columns {
                    let a = whole.columns[c], s = b.columns[c]
                    for r in 0..<b.rowCount where a.text(at: r0 + r) != s.text(at: r) {
                        Issue.record("trial \(trial): row \(r0 + r) column \(c): \(String(describing: a.text(at: r0 + r))) vs \(String(describing: s.text(at: r)))")
                    }
                }
                for r in 0..<b.rowCount { #expect(b.line(ofRow: r) == whole.line(ofRow: r0 + r)) }
                r0 += b.rowCount
            }
            #expect(r0 == whole.rowCount)
        }
    }
}
