import Foundation
import Testing
import GalenClinical
import GalenTensor
@testable import GalenText

/// With the real all-MiniLM-L6-v2 folder (fetched by scripts/fetch_minilm.sh; skipped when absent): the text
/// encoder gives sentence-transformers' embeddings, and a frozen head separates two clinical topics.
@Suite struct MiniLMTextTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `GALEN_MINILM_DIR`, or `models/all-MiniLM-L6-v2` of this repository; nil when absent.
    static let modelDirectory: URL? = {
        let candidates = [ProcessInfo.processInfo.environment["GALEN_MINILM_DIR"].map { URL(fileURLWithPath: $0) },
                          repository.appendingPathComponent("models/all-MiniLM-L6-v2")].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("model.safetensors").path) }
    }()

    struct Case: Decodable { var sentence: String; var embedding: [Float] }
    struct Document: Decodable { var cases: [Case] }

    @Test(.enabled(if: modelDirectory != nil, "all-MiniLM-L6-v2 weights not found: run scripts/fetch_minilm.sh; skipping"))
    func embeddingsMatchSentenceTransformersAndAHeadLearns() throws {
        let encoder = try TextEncoder(directory: Self.modelDirectory!)
        #expect(encoder.name == "all-MiniLM-L6-v2" && encoder.sha256.count == 64 && encoder.maxLength == 256)
        let url = Self.repository.appendingPathComponent("Tests/GalenModelsTests/Fixtures/minilm/minilm.json")
        let cases = Array(try JSONDecoder().decode(Document.self, from: Data(contentsOf: url)).cases.prefix(12))
        let e = try encoder.embed(encoder.tokenize(cases.map(\.sentence)))
        for (i, c) in cases.enumerated() {
            var dot = 0.0
            for j in 0..<384 { dot += Double(e.pointer[i * 384 + j]) * Double(c.embedding[j]) }
            #expect(dot >= 0.9999, "sentence \(i): cosine \(dot)")   // both are unit vectors
        }

        let cardiac = ["acute myocardial infarction", "unstable angina", "atrial fibrillation", "heart failure with reduced ejection fraction",
                       "coronary artery disease", "ventricular tachycardia", "chest pain on exertion", "mitral valve regurgitation",
                       "hypertensive heart disease", "cardiomyopathy", "pericarditis", "aortic stenosis"]
        let fracture = ["fracture of the femoral neck", "displaced fracture of the radius", "wrist fracture after a fall",
                        "fracture of the tibial shaft", "vertebral compression fracture", "broken ankle", "fracture of the clavicle",
                        "hip fracture", "fracture of the humerus", "stress fracture of the metatarsal", "rib fracture", "skull fracture"]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("galen-minilm-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let data = dir.appendingPathComponent("topics.jsonl")
        let records = cardiac.map { ["text": $0, "label": "cardiac"] } + fracture.map { ["text": $0, "label": "fracture"] }
        let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        try lines.joined(separator: "\n").write(to: data, atomically: true, encoding: .utf8)
        var o = TextTrainingOptions(dataPath: data.path, target: "label")
        o.epochs = 60
        o.patience = 60
        o.learningRate = 3e-3
        o.testFraction = 0.25
        o.validationFraction = 0.25
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        let result = try TextTrainer.train(o, encoder: encoder)
        let auc = result.report.models[0].evaluation.binary![.rocAUC].value!
        #expect(auc >= 0.9, "test ROC AUC \(auc)")
    }
}
