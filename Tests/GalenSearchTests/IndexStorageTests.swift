import Foundation
import GalenData
import Testing
@testable import GalenSearch

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("galen-search-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

let sampleDocuments = [
    TextDocument(id: "I10", title: "Essential (primary) hypertension", text: "Essential (primary) hypertension. High blood pressure",
                 fields: ["chapter": "9"]),
    TextDocument(id: "I20.9", title: "Angina pectoris, unspecified", text: "Angina pectoris, unspecified. Angina of effort. Cardiac angina"),
    TextDocument(id: "M35.00", title: "Sjögren syndrome, unspecified", text: "Sjögren syndrome, unspecified"),
    TextDocument(id: "K50.90", title: "Crohn's disease, unspecified", text: "Crohn's disease, unspecified, without complications"),
    TextDocument(id: "R07.9", title: "Chest pain, unspecified", text: "Chest pain, unspecified"),
]

@Suite struct IndexStorageTests {
    @Test func roundTripKeepsEveryResult() throws {
        let encoder = try HashedTrigramEncoder(dimension: 128)
        let index = try SearchIndex.build(documents: sampleDocuments, source: "sample", sourceFormat: "jsonl",
                                          encoder: encoder, batchSize: 2)
        let dir = try temporaryFolder().appendingPathComponent("index")
        let manifest = try index.save(to: dir)
        #expect(Set(manifest.files.keys) == ["documents.jsonl", "bm25.bin", "embeddings.safetensors"])
        let back = try SearchIndex.load(from: dir)
        #expect(back.documents == sampleDocuments)
        #expect(back.bm25 == index.bm25)
        #expect(back.dense?.embeddings.scalars == index.dense?.embeddings.scalars)
        for method in SearchMethod.allCases {
            for query in ["chest pain on exertion", "sjogren", "blood pressure high"] {
                let a = try index.search(query, k: 3, method: method, encoder: encoder)
                let b = try back.search(query, k: 3, method: method, encoder: encoder)
                #expect(a == b)
            }
        }
        #expect(try back.search("angina of effort", k: 1, method: .bm25).first?.document == 1)
        #expect(try back.search("Sjogren syndrome", k: 1, method: .dense, encoder: encoder).first?.document == 2)
        // Saving again replaces the index atomically; no staging folders are left.
        try index.save(to: dir)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.deletingLastPathComponent().path)
        #expect(leftovers == ["index"])
    }

    @Test func refusesCorruptOrMismatchedIndexes() throws {
        let encoder = try HashedTrigramEncoder(dimension: 32)
        let index = try SearchIndex.build(documents: sampleDocuments, encoder: encoder)
        let root = try temporaryFolder()
        func fresh(_ name: String) throws -> URL {
            let dir = root.appendingPathComponent(name)
            try index.save(to: dir)
            return dir
        }
        // A changed byte in any file is caught by its hash.
        for file in ["bm25.bin", "documents.jsonl", "embeddings.safetensors"] {
            let dir = try fresh("changed-\(file)")
            let url = dir.appendingPathComponent(file)
            var data = try Data(contentsOf: url)
            data[data.count - 2] ^= 0x01
            try data.write(to: url)
            #expect(throws: SearchError.hashMismatch(path: url.path)) { try SearchIndex.load(from: dir) }
        }
        let missing = try fresh("missing")
        try FileManager.default.removeItem(at: missing.appendingPathComponent("embeddings.safetensors"))
        #expect(throws: SearchError.missingFile(path: missing.appendingPathComponent("embeddings.safetensors").path)) {
            try SearchIndex.load(from: missing)
        }
        let garbage = try fresh("garbage")
        try Data("{not json".utf8).write(to: garbage.appendingPathComponent("manifest.json"))
        #expect(throws: SearchError.self) { try SearchIndex.load(from: garbage) }
        let future = try fresh("future")
        let manifestURL = future.appendingPathComponent("manifest.json")
        let text = try String(contentsOf: manifestURL, encoding: .utf8).replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 7")
        try text.write(to: manifestURL, atomically: true, encoding: .utf8)
        #expect(throws: SearchError.unsupportedVersion(path: manifestURL.path, version: 7)) { try SearchIndex.load(from: future) }
        #expect(throws: SearchError.missingFile(path: root.appendingPathComponent("nothing/manifest.json").path)) {
            try SearchIndex.load(from: root.appendingPathComponent("nothing"))
        }
        // A query encoder other than the index's, or none, is refused for dense search.
        let loaded = try SearchIndex.load(from: try fresh("ok"))
        #expect(throws: SearchError.self) { try loaded.search("pain", method: .dense, encoder: try HashedTrigramEncoder(dimension: 64)) }
        #expect(throws: SearchError.self) { try loaded.search("pain", method: .hybrid, encoder: nil) }
        #expect(throws: SearchError.self) { try loaded.search("pain", k: 0, method: .bm25) }
        // A BM25-only index says it has no embeddings.
        let plain = try SearchIndex.build(documents: sampleDocuments)
        #expect(throws: SearchError.self) { try plain.search("pain", method: .dense, encoder: encoder) }
        // An existing folder that is not an index is never overwritten.
        let other = root.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: other.appendingPathComponent("notes.txt"))
        #expect(throws: SearchError.self) { try index.save(to: other) }
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("notes.txt").path))
        #expect(throws: SearchError.self) { try SearchIndex.build(documents: []) }
        #expect(throws: SearchError.self) { try SearchIndex.build(documents: [sampleDocuments[0], sampleDocuments[0]]) }
    }
}
