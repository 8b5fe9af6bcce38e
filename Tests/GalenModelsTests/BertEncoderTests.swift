import Foundation
import Testing
import GalenNN
import GalenTensor
import GalenModels

/// The all-MiniLM-L6-v2 folder: `GALEN_MINILM_DIR`, or `models/all-MiniLM-L6-v2` of this repository
/// (fetched by `scripts/fetch_minilm.sh`, which `make test` runs). nil when absent.
enum MiniLM {
    static let directory: URL? = {
        let fromEnvironment = ProcessInfo.processInfo.environment["GALEN_MINILM_DIR"].map { URL(fileURLWithPath: $0) }
        let inRepository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/all-MiniLM-L6-v2")
        for candidate in [fromEnvironment, inRepository].compactMap({ $0 })
            where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("model.safetensors").path) {
            return candidate
        }
        return nil
    }()

    static let missing = "all-MiniLM-L6-v2 weights not found: run scripts/fetch_minilm.sh (or set GALEN_MINILM_DIR); skipping"

    /// `Fixtures/minilm/minilm.json`, written by `scripts/make_minilm_fixture.py`: Hugging Face ids and masks
    /// (padded to the longest sentence) and sentence-transformers' normalised embeddings.
    struct Case: Decodable { var sentence: String; var input_ids: [Int]; var attention_mask: [Int]; var embedding: [Float] }
    struct Document: Decodable { var cases: [Case] }

    static func fixture() throws -> Document {
        guard let url = Bundle.module.url(forResource: "minilm", withExtension: "json", subdirectory: "Fixtures/minilm") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "Fixtures/minilm/minilm.json is not in the test bundle"])
        }
        return try JSONDecoder().decode(Document.self, from: Data(contentsOf: url))
    }
}

@Suite struct BertEncoderTests {
    static func cosine(_ a: UnsafePointer<Float>, _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for i in 0..<b.count { dot += Double(a[i]) * Double(b[i]); na += Double(a[i] * a[i]); nb += Double(b[i] * b[i]) }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    @Test(.enabled(if: MiniLM.directory != nil, Comment(rawValue: MiniLM.missing)))
    func miniLMMatchesSentenceTransformers() throws {
        let encoder = try BertEncoder.load(directory: MiniLM.directory!)
        let doc = try MiniLM.fixture()
        #expect(doc.cases.count >= 50)
        let t = doc.cases[0].input_ids.count
        var worst = 1.0
        for start in stride(from: 0, to: doc.cases.count, by: 16) {
            let batch = Array(doc.cases[start ..< min(start + 16, doc.cases.count)])
            let ids = try Tensor(shape: [batch.count, t], values: batch.flatMap { $0.input_ids.map(Float.init) })
            let mask = try Tensor(shape: [batch.count, t], values: batch.flatMap { $0.attention_mask.map(Float.init) })
            let embeddings = try withNoGrad { try encoder.sentenceEmbeddings(inputIDs: ids, attentionMask: mask) }
            #expect(embeddings.shape == [batch.count, 384])
            for (i, c) in batch.enumerated() {
                let cos = Self.cosine(embeddings.pointer + i * 384, c.embedding)
                worst = min(worst, cos)
                #expect(cos >= 0.9999, "sentence \(start + i): cosine \(cos) with sentence-transformers")
            }
        }
        print("MiniLM parity: lowest cosine \(worst) over \(doc.cases.count) sentences")
    }

    @Test(.enabled(if: MiniLM.directory != nil, Comment(rawValue: MiniLM.missing)))
    func paddingDoesNotLeakAndEmbedMatchesBatches() throws {
        let encoder = try BertEncoder.load(directory: MiniLM.directory!)
        let doc = try MiniLM.fixture()
        let sentences = doc.cases.prefix(6).map { c in Array(c.input_ids.prefix(c.attention_mask.reduce(0, +))) }
        let together = try encoder.embed(sentences, batchSize: 6)
        for (i, s) in sentences.enumerated() {
            let alone = try encoder.embed([s])
            let cos = Self.cosine(alone.pointer, Array(together.scalars[i * 384 ..< (i + 1) * 384]))
            #expect(cos > 0.999999, "sentence \(i): alone vs padded batch cosine \(cos)")
        }
        #expect(throws: BertError.self) { try encoder.embed([[101, 102], []]) }
        #expect(throws: BertError.self) { try encoder.embed([[101, 40_000, 102]]) }
    }

    static let tinyConfig = BertConfig(vocabSize: 20, hiddenSize: 8, numHiddenLayers: 2, numAttentionHeads: 2,
                                       intermediateSize: 16, maxPositionEmbeddings: 10)

    /// A Hugging Face-named state dict for `tinyConfig` with seeded values.
    static func huggingFaceState(prefix: String = "") -> [String: Tensor] {
        var state: [String: Tensor] = [:]
        var seed: UInt64 = 100
        func add(_ name: String, _ shape: [Int]) { seed += 1; state[prefix + name] = Tensor.randn(shape, seed: seed) }
        add("embeddings.word_embeddings.weight", [20, 8]); add("embeddings.position_embeddings.weight", [10, 8])
        add("embeddings.token_type_embeddings.weight", [2, 8]); add("embeddings.LayerNorm.weight", [8]); add("embeddings.LayerNorm.bias", [8])
        for i in 0..<2 {
            let p = "encoder.layer.\(i)."
            for part in ["query", "key", "value"] { add(p + "attention.self.\(part).weight", [8, 8]); add(p + "attention.self.\(part).bias", [8]) }
            add(p + "attention.output.dense.weight", [8, 8]); add(p + "attention.output.dense.bias", [8])
            add(p + "attention.output.LayerNorm.weight", [8]); add(p + "attention.output.LayerNorm.bias", [8])
            add(p + "intermediate.dense.weight", [16, 8]); add(p + "intermediate.dense.bias", [16])
            add(p + "output.dense.weight", [8, 16]); add(p + "output.dense.bias", [8])
            add(p + "output.LayerNorm.weight", [8]); add(p + "output.LayerNorm.bias", [8])
        }
        add("pooler.dense.weight", [8, 8]); add("pooler.dense.bias", [8])
        return state
    }

    @Test func loadsHuggingFaceNamesWithOrWithoutPrefix() throws {
        let state = Self.huggingFaceState()
        let encoder = try BertEncoder(config: Self.tinyConfig)
        try encoder.loadHuggingFaceWeights(state, source: "tiny")
        let inProj = encoder.layers[1].selfAttn.inProjWeight
        #expect(Array(inProj.scalars[64..<128]) == state["encoder.layer.1.attention.self.key.weight"]!.scalars)
        #expect(encoder.layers[0].linear2.bias!.scalars == state["encoder.layer.0.output.dense.bias"]!.scalars)
        let prefixed = try BertEncoder(config: Self.tinyConfig)
        try prefixed.loadHuggingFaceWeights(Self.huggingFaceState(prefix: "bert."), source: "tiny")
        #expect(prefixed.layers[1].norm2.weight!.scalars == encoder.layers[1].norm2.weight!.scalars)
    }

    @Test func weightErrorsNameTheTensor() throws {
        let encoder = try BertEncoder(config: Self.tinyConfig)
        let before = encoder.embeddings.wordEmbeddings.weight.scalars
        var missing = Self.huggingFaceState()
        missing["encoder.layer.1.intermediate.dense.bias"] = nil
        #expect(throws: BertError.missingTensor(name: "encoder.layer.1.intermediate.dense.bias", path: "tiny")) {
            try encoder.loadHuggingFaceWeights(missing, source: "tiny")
        }
        #expect(encoder.embeddings.wordEmbeddings.weight.scalars == before, "a failed load must change nothing")
        var misshapen = Self.huggingFaceState(prefix: "bert.")
        misshapen["bert.encoder.layer.0.attention.self.value.weight"] = Tensor.zeros([8, 4])
        #expect(throws: BertError.tensorShape(name: "bert.encoder.layer.0.attention.self.value.weight", expected: [8, 8],
                                              actual: [8, 4], path: "tiny")) {
            try encoder.loadHuggingFaceWeights(misshapen, source: "tiny")
        }
        var extra = Self.huggingFaceState()
        extra["encoder.layer.2.output.dense.bias"] = Tensor.zeros([8])
        #expect(throws: BertError.unexpectedTensor(name: "encoder.layer.2.output.dense.bias", path: "tiny")) {
            try encoder.loadHuggingFaceWeights(extra, source: "tiny")
        }
    }

    @Test func configErrorsNameTheKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("galen-bert-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("config.json")
        func message(_ json: String) -> String {
            try? Data(json.utf8).write(to: url)
            do { _ = try BertConfig.load(contentsOf: url); return "" } catch { return "\(error)" }
        }
        let base = #""vocab_size": 20, "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2"#
        #expect(message("{\(base), \"intermediate_size\": 16}") == "")
        #expect(message("{\(base)}").contains("intermediate_size"))
        #expect(message("{\(base), \"intermediate_size\": 16, \"hidden_act\": \"swish\"}").contains("hidden_act"))
        #expect(message("{\"vocab_size\": 20, \"hidden_size\": 9, \"num_hidden_layers\": 2, \"num_attention_heads\": 2, \"intermediate_size\": 16}")
            .contains("not divisible"))
        #expect(message("not json").contains("config.json"))
    }

    @Test func gradientsFlowForFineTuning() throws {
        let encoder = try BertEncoder(config: Self.tinyConfig, seed: 3)
        encoder.train()
        let ids = try Tensor(shape: [2, 4], values: [1, 5, 7, 2, 1, 9, 0, 0])
        let mask = try Tensor(shape: [2, 4], values: [1, 1, 1, 1, 1, 1, 0, 0])
        let e = try encoder.sentenceEmbeddings(inputIDs: ids, attentionMask: mask)
        try (e * Tensor.randn([2, 8], seed: 4)).sum().backward()
        for (name, p) in encoder.namedParameters {
            #expect(p.grad != nil, "\(name) received no gradient")
            #expect(p.grad.map { !$0.hasNonFinite } ?? true, "\(name) has a non-finite gradient")
        }
        // The padding id's embedding row gets no gradient.
        #expect(encoder.embeddings.wordEmbeddings.weight.grad!.scalars[0..<8].allSatisfy { $0 == 0 })
    }
}
