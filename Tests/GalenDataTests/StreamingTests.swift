import Foundation
import Testing
@testable import GalenData

@Suite struct StreamingTests {
    @Test func batchesMatchWholeFileRead() throws {
        var text = "id,age,sex,note\r\n"
        for i in 0..<5000 {
            let note = i % 97 == 0 ? "\"line one\nline two, \"\"quoted\"\"\"" : "plain \(i % 5)"
            text += "\(i),\(20 + i % 60),\(i % 3 == 0 ? "F" : "M"),\(note)\r\n"
        }
        let path = try temporaryFile(text)
        defer { removeFile(path) }
        let whole = try CSVReader.read(path: path)
        var o = CSVReadOptions()
        o.columnTypes = ["age": .numeric, "sex": .categorical, "note": .categorical]
        let reader = try CSVBatchReader(path: path, options: o, chunkSize: 2048)
        var rows = 0
        var batches = 0
        while let b = try reader.next(maxRows: 700) {
            #expect(b.rowCount <= 700)
            #expect(b.rowOffset == rows)
            for r in 0..<b.rowCount {
                let g = rows + r
                #expect(b.column(named: "age")!.numbers![r] == whole.column(named: "age")!.numbers![g])
                #expect(b.column(named: "note")!.text(at: r) == whole.column(named: "note")!.text(at: g))
                #expect(b.line(ofRow: r) == whole.line(ofRow: g))
                #expect(b.rowNumber(r) == g + 1)
            }
            rows += b.rowCount
            batches += 1
        }
        #expect(rows == 5000 && batches >= 8)
        #expect(try reader.next() == nil)
        #expect(reader.columnTypes[0] == .numeric)   // inferred from the first batch, then kept
    }

    @Test func laterBatchesKeepTheFirstBatchTypes() throws {
        var text = "x\n"
        for i in 0..<100 { text += "\(i)\n" }
        text += "oops\n"
        let path = try temporaryFile(text)
        defer { removeFile(path) }
        let reader = try CSVBatchReader(path: path, chunkSize: 1024)
        var warnings: [DataWarning] = []
        while let b = try reader.next(maxRows: 50) {
            #expect(b.column(named: "x")!.type == .numeric)
            warnings += b.warnings
        }
        #expect(warnings.contains { $0.kind == .typeMismatch && $0.row == 101 && $0.line == 102 })
    }

    @Test func streamedPredictionPipeline() throws {
        let train = try table("age,sex,y\n50,F,0\n60,M,1\n70,F,1\n40,M,0\n")
        let p = try Preprocessor.fit(train, target: "y")
        let path = try temporaryFile("id,age,sex\nA,55,F\nB,,M\nC,65,Z\n")
        defer { removeFile(path) }
        let reader = try CSVBatchReader(path: path, options: p.readOptions())
        var out: [Float] = []
        var warnings: [DataWarning] = []
        while let batch = try reader.next(maxRows: 2) {
            let r = try p.transform(batch)
            out += r.features.scalars
            warnings += r.warnings
            #expect(batch.column(named: "id") != nil)
        }
        #expect(out.count == 3 * p.featureCount)
        #expect(warnings.first { $0.kind == .unseenCategory }?.row == 3)
    }
}
