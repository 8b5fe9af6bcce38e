import Foundation
import Testing
@testable import GalenData

/// Issue item 12: every kind of bad input gets a clear error or a documented handling, never a crash.
@Suite struct BadInputTests {
    @Test func emptyFile() throws {
        for content in ["", "\n\n", "\u{FEFF}", "  \n"] {
            let path = try temporaryFile(content)
            defer { removeFile(path) }
            let e = dataError { _ = try CSVReader.read(path: path) }
            #expect(e == .emptyFile(source: path), "\(content.debugDescription)")
            #expect(e?.description.contains("empty") == true)
        }
    }

    @Test func headerOnly() throws {
        for content in ["a,b,c", "a,b,c\n", "a,b,c\r\n\r\n"] {
            let e = dataError { _ = try table(content) }
            #expect(e == .noDataRows(source: "test.csv", columns: ["a", "b", "c"]))
        }
        let path = try temporaryFile("a,b\n")
        defer { removeFile(path) }
        let reader = try CSVBatchReader(path: path)
        #expect(dataError { _ = try reader.next() } == .noDataRows(source: path, columns: ["a", "b"]))
    }

    @Test func raggedRows() {
        let e = dataError { _ = try table("a,b,c\n1,2,3\n4,5\n6,7,8\n") }
        #expect(e == .raggedRow(source: "test.csv", line: 3, expected: 3, actual: 2))
        #expect(e?.description == "test.csv, line 3: expected 3 fields (as in the header) but found 2")
        let more = dataError { _ = try table("a,b\n1,2\n\"x\ny\",2,3\n") }
        #expect(more == .raggedRow(source: "test.csv", line: 3, expected: 2, actual: 3))
    }

    @Test func invalidUTF8() throws {
        let bytes = Array("a,b\n1,ok\n2,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let e = dataError { _ = try CSVReader.read(bytes: bytes, source: "bad.csv") }
        #expect(e == .invalidUTF8(source: "bad.csv", line: 3, byteOffset: 11))
        #expect(e?.description.contains("line 3") == true)
        // In the header, and through the streaming reader.
        #expect(dataError { _ = try CSVReader.read(bytes: [0x61, 0xFF, 0x0A, 0x31, 0x0A]) } == .invalidUTF8(source: "input", line: 1, byteOffset: 1))
        let path = try temporaryFile(bytes)
        defer { removeFile(path) }
        let reader = try CSVBatchReader(path: path)
        #expect(dataError { _ = try reader.next() } == .invalidUTF8(source: path, line: 3, byteOffset: 11))
        // Overlong encodings and surrogates are invalid too.
        for seq: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            #expect(firstInvalidUTF8(seq, count: seq.count) == 0)
        }
        #expect(firstInvalidUTF8(Array("héllo wörld €𝄞".utf8), count: Array("héllo wörld €𝄞".utf8).count) == nil)
    }

    @Test func utf16IsRefusedWithAReason() {
        let e = dataError { _ = try CSVReader.read(bytes: [0xFF, 0xFE, 0x61, 0x00]) }
        #expect(e == .unsupportedEncoding(source: "input", encoding: "UTF-16"))
    }

    @Test func unterminatedQuote() {
        let e = dataError { _ = try table("a,b\n1,2\n3,\"open\n4,5\n") }
        #expect(e == .unterminatedQuote(source: "test.csv", line: 3))
    }

    @Test func unknownTargetColumn() throws {
        let t = try table("age,diagnosis\n50,benign\n60,malignant\n")
        let e = dataError { _ = try PreparedDataset.prepare(t, target: "diagnosys") }
        guard case let .unknownColumn(name, role, available, suggestion) = e else { Issue.record("\(String(describing: e))"); return }
        #expect(name == "diagnosys" && role == "target" && available == ["age", "diagnosis"] && suggestion == "diagnosis")
        #expect(e!.description.contains("did you mean 'diagnosis'"))
        #expect(closestName(to: "Diagnosis", among: ["age", "diagnosis"]) == "diagnosis")
        #expect(closestName(to: "zzzz", among: ["age", "diagnosis"]) == nil)
    }

    @Test func targetWithOneClass() throws {
        let t = try table("age,dx\n50,benign\n60,benign\n70,\n")
        #expect(dataError { _ = try PreparedDataset.prepare(t, target: "dx") } == .targetHasOneClass(column: "dx", value: "benign"))
        let all = try table("age,dx\n50,\n60,NA\n")
        #expect(dataError { _ = try PreparedDataset.prepare(all, target: "dx") } == .targetAllMissing(column: "dx"))
    }

    @Test func allMissingColumnIsKeptThenLeftOutOfFeatures() throws {
        let t = try table("a,empty,y\n1,,0\n2,NA,1\n3,,0\n4,,1\n")
        #expect(t.column(named: "empty")!.missingCount == 4)
        #expect(t.warnings.contains { $0.kind == .allMissingColumn && $0.column == "empty" })
        let p = try Preprocessor.fit(t, target: "y")
        #expect(p.excludedColumns.contains { $0.name == "empty" && $0.reason == .allMissing })
        #expect(p.featureNames == ["a"])
    }

    @Test func infAndNaNStrings() throws {
        let t = try table("x,y\n1,a\ninf,b\nNaN,c\n-Infinity,d\n5,e\n1e999,f\n")
        let x = t.column(named: "x")!
        #expect(x.type == .numeric)
        #expect(x.missingCount == 4)
        #expect(x.numbers!.allSatisfy { $0.isNaN || $0.isFinite })
        let w = t.warnings.filter { $0.kind == .nonFiniteValue }
        #expect(w.map(\.row) == [2, 4, 6])
        #expect(w.first?.column == "x" && w.first?.line == 3)
        // Nothing non-finite reaches the features.
        let p = try Preprocessor.fit(t, target: "y")
        let f = try p.transform(t).features
        #expect(!f.hasNonFinite)
        // Infinity built in code is caught by the transform, with a warning.
        let coded = try Table(columns: [Column(name: "x", numbers: [1, .infinity, 3])])
        let r = try p.transform(coded)
        #expect(!r.features.hasNonFinite)
        #expect(r.warnings.contains { $0.kind == .nonFiniteValue && $0.row == 2 })
    }

    @Test func tenThousandColumns() throws {
        let n = 10_000
        var text = (0..<n).map { "c\($0)" }.joined(separator: ",") + "\n"
        for r in 0..<3 { text += (0..<n).map { String($0 * 3 + r) }.joined(separator: ",") + "\n" }
        let t = try table(text)
        #expect(t.columnCount == n && t.rowCount == 3)
        #expect(t.column(named: "c9999")!.numbers == [29997, 29998, 29999])
        let report = try SchemaReport.make(t)
        #expect(report.columns.count == n)
        let p = try Preprocessor.fit(t)
        #expect(p.featureCount == n)
    }

    @Test func oneMegabyteField() throws {
        let big = String(repeating: "lorem ipsum, \"dolor\"\n", count: 50_000)   // > 1 MB with quotes and newlines
        let escaped = big.replacingOccurrences(of: "\"", with: "\"\"")
        let text = "id,note,x\n1,\"\(escaped)\",3\n2,short,4\n"
        let t = try table(text)
        #expect(t.rowCount == 2)
        #expect(t.column(named: "note")!.text(at: 0) == big)
        #expect(t.line(ofRow: 1) == 50_003)
        // Streaming with a chunk much smaller than the field.
        let path = try temporaryFile(text)
        defer { removeFile(path) }
        let reader = try CSVBatchReader(path: path, chunkSize: 4096)
        var rows = 0
        while let b = try reader.next(maxRows: 1) {
            if rows == 0 { #expect(b.column(named: "note")!.text(at: 0) == big) }
            rows += b.rowCount
        }
        #expect(rows == 2)
    }

    @Test func errorsNameTheirPlace() {
        let cases: [DataError] = [
            .raggedRow(source: "f.csv", line: 7, expected: 3, actual: 4),
            .invalidUTF8(source: "f.csv", line: 2, byteOffset: 17),
            .missingColumns(names: ["age", "sex"], source: "new.csv"),
            .invalidValue(column: "age", row: 4, value: "abc", expected: .numeric),
        ]
        #expect(cases[0].description.contains("line 7"))
        #expect(cases[1].description.contains("byte offset 17"))
        #expect(cases[2].description.contains("'age', 'sex'"))
        #expect(cases[3].description.contains("row 4, column 'age'"))
    }
}
