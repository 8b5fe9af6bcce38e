import Foundation
import Testing
@testable import GalenText

/// Reading texts from JSONL and CSV, and the errors for bad input.
@Suite struct TextDatasetTests {
    @Test func readsJSONLWithNumericLabelsInNumericOrder() throws {
        let dir = try TinyText.tempDir()
        let url = dir.appendingPathComponent("t.jsonl")
        try "{\"text\": \"chest pain\", \"chapter\": 9}\n\n{\"text\": \"femur fracture\", \"chapter\": 19}\n{\"text\": \"fever\", \"chapter\": 1}\n"
            .write(to: url, atomically: true, encoding: .utf8)
        let d = try TextDataset.read(path: url.path, target: "chapter")
        #expect(d.texts == ["chest pain", "femur fracture", "fever"])
        #expect(d.lines == [1, 3, 4])
        let names = TextDataset.classNames(of: d.labelNames!)
        #expect(names == ["1", "9", "19"])
        #expect(try d.labels(classNames: names) == [1, 2, 0])
    }

    @Test func readsCSVWithQuotedTexts() throws {
        let dir = try TinyText.tempDir()
        let url = dir.appendingPathComponent("t.csv")
        try "id,note,label\n1,\"pain, chest\",cardiac\n2,broken femur,fracture\n".write(to: url, atomically: true, encoding: .utf8)
        let d = try TextDataset.read(path: url.path, textColumn: "note", target: "label")
        #expect(d.texts == ["pain, chest", "broken femur"])
        #expect(d.labelNames == ["cardiac", "fracture"])
        #expect(d.lines == [2, 3])
    }

    @Test func missingTextColumnNamesTheColumnAndLine() throws {
        let dir = try TinyText.tempDir()
        let jsonl = dir.appendingPathComponent("t.jsonl")
        try "{\"text\": \"a\", \"y\": \"x\"}\n{\"body\": \"b\", \"y\": \"z\"}\n".write(to: jsonl, atomically: true, encoding: .utf8)
        let e = #expect(throws: TextError.self) { try TextDataset.read(path: jsonl.path, target: "y") }
        #expect("\(e!)".contains("line 2") && "\(e!)".contains("'text'") && "\(e!)".contains("--text-column"))
        let csv = dir.appendingPathComponent("t.csv")
        try "note,y\nabc,x\n".write(to: csv, atomically: true, encoding: .utf8)
        let e2 = #expect(throws: TextError.self) { try TextDataset.read(path: csv.path, target: "y") }
        #expect("\(e2!)".contains("no column 'text'") && "\(e2!)".contains("note"))
    }

    @Test func emptyTextAndBadJSONAreErrors() throws {
        let dir = try TinyText.tempDir()
        let url = dir.appendingPathComponent("t.jsonl")
        try "{\"text\": \"a\", \"y\": \"x\"}\n{\"text\": \"  \", \"y\": \"x\"}\n".write(to: url, atomically: true, encoding: .utf8)
        let e = #expect(throws: TextError.self) { try TextDataset.read(path: url.path, target: "y") }
        #expect("\(e!)".contains("line 2") && "\(e!)".contains("empty"))
        try "{\"text\": \"a\", \"y\": \"x\"}\n[1, 2]\n".write(to: url, atomically: true, encoding: .utf8)
        let e2 = #expect(throws: TextError.self) { try TextDataset.read(path: url.path, target: "y") }
        #expect("\(e2!)".contains("line 2") && "\(e2!)".contains("not a JSON object"))
        try "\n\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: TextError.self) { try TextDataset.read(path: url.path, target: "y") }
    }

    @Test func unknownLabelIsNamedWithItsLine() throws {
        let dir = try TinyText.tempDir()
        let url = dir.appendingPathComponent("t.jsonl")
        try "{\"text\": \"a\", \"y\": \"x\"}\n{\"text\": \"b\", \"y\": \"w\"}\n".write(to: url, atomically: true, encoding: .utf8)
        let d = try TextDataset.read(path: url.path, target: "y")
        let e = #expect(throws: TextError.self) { try d.labels(classNames: ["x", "z"]) }
        #expect("\(e!)".contains("line 2") && "\(e!)".contains("'w'"))
    }
}
