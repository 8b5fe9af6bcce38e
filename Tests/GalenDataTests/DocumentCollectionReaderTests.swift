import Foundation
import Testing
@testable import GalenData

@Suite struct DocumentCollectionReaderTests {
    func file(_ name: String, _ text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("galen-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func readsJSONLWithChosenFields() throws {
        let url = try file("notes.jsonl", """
        {"note_id": 7, "title": "Chest pain", "body": "on exertion", "ward": "cardiology"}

        {"note_id": "a8", "title": "Sjögren", "body": ""}
        """)
        let docs = try DocumentCollectionReader.readJSONL(contentsOf: url, idField: "note_id", textFields: ["title", "body"])
        #expect(docs.count == 2)
        #expect(docs[0] == TextDocument(id: "7", title: "Chest pain", text: "Chest pain. on exertion",
                                        fields: ["title": "Chest pain", "body": "on exertion", "ward": "cardiology"]))
        #expect(docs[1].text == "Sjögren" && docs[1].id == "a8")
    }

    @Test func jsonlErrorsNameTheLine() throws {
        let broken = try file("a.jsonl", "{\"id\": 1, \"text\": \"x\"}\n{\"id\": 2, \"text\": \n")
        #expect(throws: DocumentReadError.invalidJSON(path: broken.path, line: 2, reason: "cannot parse the line as JSON")) {
            try DocumentCollectionReader.readJSONL(contentsOf: broken)
        }
        let noID = try file("b.jsonl", "{\"id\": 1, \"text\": \"x\"}\n{\"text\": \"y\"}\n")
        #expect(throws: DocumentReadError.missingField(path: noID.path, line: 2, field: "id")) {
            try DocumentCollectionReader.readJSONL(contentsOf: noID)
        }
        let noText = try file("c.jsonl", "{\"id\": 1, \"text\": \"  \"}\n")
        #expect(throws: DocumentReadError.missingField(path: noText.path, line: 1, field: "text")) {
            try DocumentCollectionReader.readJSONL(contentsOf: noText)
        }
        let dup = try file("d.jsonl", "{\"id\": 1, \"text\": \"x\"}\n{\"id\": 1, \"text\": \"y\"}\n")
        #expect(throws: DocumentReadError.duplicateID(path: dup.path, line: 2, firstLine: 1)) {
            try DocumentCollectionReader.readJSONL(contentsOf: dup)
        }
        let array = try file("e.jsonl", "[1, 2]\n")
        #expect(throws: DocumentReadError.self) { try DocumentCollectionReader.readJSONL(contentsOf: array) }
        let empty = try file("f.jsonl", "\n\n")
        #expect(throws: DocumentReadError.noDocuments(path: empty.path)) { try DocumentCollectionReader.readJSONL(contentsOf: empty) }
    }

    @Test func readsCSVAsText() throws {
        let url = try file("terms.csv", "code,term,note\nI10,High blood pressure,NA\n007,\"Angina, of effort\",\nR07.9,Chest pain,x\n")
        let docs = try DocumentCollectionReader.readCSV(contentsOf: url, idField: "code", textFields: ["term", "note"])
        #expect(docs.map(\.id) == ["I10", "007", "R07.9"])  // ids stay text: "007" is not the number 7
        #expect(docs[0].text == "High blood pressure. NA")  // "NA" is text here, not a missing value
        #expect(docs[1].text == "Angina, of effort")
        #expect(docs[2].fields == ["term": "Chest pain", "note": "x"])
        #expect(throws: DataError.self) {
            try DocumentCollectionReader.readCSV(contentsOf: url, idField: "code", textFields: ["trem"])
        }
        let missingID = try file("m.csv", "code,term\nI10,a\n,b\n")
        #expect(throws: DocumentReadError.missingField(path: missingID.path, line: 3, field: "code")) {
            try DocumentCollectionReader.readCSV(contentsOf: missingID, idField: "code", textFields: ["term"])
        }
    }
}
