import Foundation
import Testing
import GalenSearch
import GalenTensor

/// Text → embedding end to end: Galen's WordPiece tokenizer + BERT encoder against sentence-transformers on the
/// 64 medical sentences of `Tests/GalenModelsTests/Fixtures/minilm/minilm.json` (scripts/make_minilm_fixture.py).
@Suite struct MiniLMSentenceEncoderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `GALEN_MINILM_DIR`, or `models/all-MiniLM-L6-v2` of this repository (scripts/fetch_minilm.sh); nil when absent.
    static let modelDirectory: URL? = {
        let candidates = [ProcessInfo.processInfo.environment["GALEN_MINILM_DIR"].map { URL(fileURLWithPath: $0) },
                          repository.appendingPathComponent("models/all-MiniLM-L6-v2")].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("model.safetensors").path) }
    }()

    struct Case: Decodable { var sentence: String; var embedding: [Float] }
    struct Document: Decodable { var cases: [Case] }

    @Test(.enabled(if: modelDirectory != nil,
                   "all-MiniLM-L6-v2 weights not found: run scripts/fetch_minilm.sh (or set GALEN_MINILM_DIR); skipping"))
    func textEmbeddingsMatchSentenceTransformers() throws {
        let url = Self.repository.appendingPathComponent("Tests/GalenModelsTests/Fixtures/minilm/minilm.json")
        let doc = try JSONDecoder().decode(Document.self, from: Data(contentsOf: url))
        #expect(doc.cases.count >= 50)
        let encoder = try MiniLMSentenceEncoder(modelDirectory: Self.modelDirectory!, batchSize: 16)
        #expect(encoder.dimension == 384)
        #expect(encoder.identifier.hasPrefix("all-MiniLM-L6-v2 (sha256 "))
        let embeddings = try encoder.embed(doc.cases.map(\.sentence))
        #expect(embeddings.shape == [doc.cases.count, 384])
        for (i, c) in doc.cases.enumerated() {
            var dot = 0.0, na = 0.0, nb = 0.0
            for j in 0..<384 {
                let a = Double(embeddings.pointer[i * 384 + j]), b = Double(c.embedding[j])
                dot += a * b; na += a * a; nb += b * b
            }
            let cosine = dot / (na.squareRoot() * nb.squareRoot())
            #expect(cosine >= 0.9999, "sentence \(i): cosine \(cosine) with sentence-transformers")
        }
    }
}
