import Foundation
import Testing

/// `galen train / evaluate / predict / export-icd10` on texts, end to end with a tiny random encoder folder (so
/// the tests need no MiniLM download).
@Suite(.serialized) struct TextCLITests {
    static let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "heart", "chest", "angina", "infarction", "bone", "fracture",
                             "femur", "wrist", "fever", "sepsis", "viral", "abscess", "acute", "left", "with"]

    /// Writes a random 1-layer, width-8 BERT folder (config.json, vocab.txt, model.safetensors with Hugging Face
    /// names), the safetensors file byte by byte.
    static func writeEncoder(_ dir: URL, seed: UInt64) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let h = 8, ff = 16, v = vocabulary.count
        let config = "{\"vocab_size\": \(v), \"hidden_size\": \(h), \"num_hidden_layers\": 1, \"num_attention_heads\": 2, "
            + "\"intermediate_size\": \(ff), \"max_position_embeddings\": 32}"
        try config.write(to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        try (vocabulary.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        var state = seed
        func random() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float((state >> 33) % 2000) / 1000 - 1
        }
        var tensors: [(String, [Int], [Float])] = [
            ("embeddings.word_embeddings.weight", [v, h], []), ("embeddings.position_embeddings.weight", [32, h], []),
            ("embeddings.token_type_embeddings.weight", [2, h], []),
            ("embeddings.LayerNorm.weight", [h], [Float](repeating: 1, count: h)), ("embeddings.LayerNorm.bias", [h], [Float](repeating: 0, count: h)),
        ]
        let p = "encoder.layer.0."
        for n in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"] {
            tensors += [(p + n + ".weight", [h, h], []), (p + n + ".bias", [h], [])]
        }
        tensors += [(p + "intermediate.dense.weight", [ff, h], []), (p + "intermediate.dense.bias", [ff], []),
                    (p + "output.dense.weight", [h, ff], []), (p + "output.dense.bias", [h], [])]
        for n in ["attention.output.LayerNorm", "output.LayerNorm"] {
            tensors += [(p + n + ".weight", [h], [Float](repeating: 1, count: h)), (p + n + ".bias", [h], [Float](repeating: 0, count: h))]
        }
        var header: [String] = [], body = Data()
        for (name, shape, fixed) in tensors {
            let values = fixed.isEmpty ? (0..<shape.reduce(1, *)).map { _ in random() * 0.5 } : fixed
            let start = body.count
            values.withUnsafeBytes { body.append(contentsOf: $0) }
            header.append("\"\(name)\": {\"dtype\": \"F32\", \"shape\": \(shape), \"data_offsets\": [\(start), \(body.count)]}")
        }
        var json = Data(("{" + header.joined(separator: ", ") + "}").utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var length = UInt64(json.count).littleEndian
        var file = Data(bytes: &length, count: 8)
        file.append(json)
        file.append(body)
        try file.write(to: dir.appendingPathComponent("model.safetensors"))
    }

    /// 60 texts in three classes with different words, as JSONL (`text`, `label`, `code`).
    static func writeTexts(_ url: URL) throws {
        let words = [["heart", "chest", "angina", "infarction"], ["bone", "fracture", "femur", "wrist"], ["fever", "sepsis", "viral", "abscess"]]
        var lines: [String] = []
        for (c, label) in ["cardiac", "fracture", "infection"].enumerated() {
            for i in 0..<20 {
                let text = (0..<3).map { words[c][($0 * 3 + i) % 4] }.joined(separator: " ") + (i % 2 == 0 ? " acute" : " with left")
                lines.append("{\"text\": \"\(text)\", \"label\": \"\(label)\", \"code\": \"\(label)-\(i / 2)\"}")
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func trainEvaluatePredictOnTexts() throws {
        let dir = try CLITests.tempDir()
        let encoder = dir.appendingPathComponent("tiny-encoder"), data = dir.appendingPathComponent("notes.jsonl")
        try Self.writeEncoder(encoder, seed: 1)
        try Self.writeTexts(data)
        let out = dir.appendingPathComponent("run")
        let train = try CLITests.galen(["train", data.path, "--target", "label", "--group", "code", "--encoder", encoder.path,
                                        "--out", out.path, "--epochs", "30", "--learning-rate", "0.01", "--hidden", "16",
                                        "--resamples", "100", "--quiet"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("Macro ROC AUC") || train.stdout.contains("macro"), "\(train.stdout)")
        #expect(train.stdout.contains("baseline"))
        for f in ["bundle/manifest.json", "bundle/model.safetensors", "bundle/metrics.json", "report.html", "metrics.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "\(f) missing")
        }
        let manifest = try String(contentsOf: out.appendingPathComponent("bundle/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"kind\" : \"text\"") && manifest.contains("\"name\" : \"tiny-encoder\""))
        let bundleSize = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("bundle/model.safetensors").path)[.size] as! Int
        let encoderSize = try FileManager.default.attributesOfItem(atPath: encoder.appendingPathComponent("model.safetensors").path)[.size] as! Int
        #expect(bundleSize < encoderSize, "the head alone is smaller than this encoder: the encoder must not be copied")

        let bundle = out.appendingPathComponent("bundle").path
        let evaluate = try CLITests.galen(["evaluate", bundle, data.path, "--encoder", encoder.path, "--out",
                                           dir.appendingPathComponent("eval").path, "--resamples", "100", "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(evaluate.stdout.contains("\"multiclass\""))

        let preds = dir.appendingPathComponent("preds.csv")
        let predict = try CLITests.galen(["predict", bundle, data.path, "--encoder", encoder.path, "--out", preds.path])
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = try String(contentsOf: preds, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "line,probability_cardiac,probability_fracture,probability_infection,prediction")
        #expect(lines.count == 61)
        #expect(lines.dropFirst().filter { $0.hasSuffix(",cardiac") }.count >= 10)

        // Errors: another encoder, a missing encoder folder, an unknown label, a missing text column.
        let other = dir.appendingPathComponent("other-encoder")
        try Self.writeEncoder(other, seed: 2)
        let wrong = try CLITests.galen(["predict", bundle, data.path, "--encoder", other.path])
        #expect(wrong.status == 2 && wrong.stderr.contains("not the one this model was trained with"), "\(wrong.stderr)")
        let missing = try CLITests.galen(["predict", bundle, data.path, "--encoder", dir.appendingPathComponent("none").path])
        #expect(missing.status == 2 && missing.stderr.contains("scripts/fetch_minilm.sh"), "\(missing.stderr)")
        let unknown = dir.appendingPathComponent("unknown.jsonl")
        try "{\"text\": \"heart chest\", \"label\": \"renal\"}\n".write(to: unknown, atomically: true, encoding: .utf8)
        let bad = try CLITests.galen(["evaluate", bundle, unknown.path, "--encoder", encoder.path])
        #expect(bad.status == 2 && bad.stderr.contains("'renal' is not one of the model's 3 classes"), "\(bad.stderr)")
        let noText = dir.appendingPathComponent("notext.jsonl")
        try "{\"note\": \"heart chest\", \"label\": \"cardiac\"}\n".write(to: noText, atomically: true, encoding: .utf8)
        let nt = try CLITests.galen(["predict", bundle, noText.path, "--encoder", encoder.path])
        #expect(nt.status == 2 && nt.stderr.contains("no text field 'text'"), "\(nt.stderr)")
        // A corrupt bundle is refused.
        let weights = out.appendingPathComponent("bundle/model.safetensors")
        var bytes = try Data(contentsOf: weights)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: weights)
        let corrupt = try CLITests.galen(["predict", bundle, data.path, "--encoder", encoder.path])
        #expect(corrupt.status == 2, "\(corrupt.stderr)")
    }

    @Test func fineTuneOnACSVWithATextColumn() throws {
        let dir = try CLITests.tempDir()
        let encoder = dir.appendingPathComponent("tiny-encoder"), csv = dir.appendingPathComponent("notes.csv")
        try Self.writeEncoder(encoder, seed: 1)
        var rows = ["note,label"]
        for i in 0..<40 { rows.append(i % 2 == 0 ? "heart chest angina \(i % 3 == 0 ? "acute" : "left"),yes" : "bone femur fracture \(i % 3 == 0 ? "acute" : "with"),no") }
        try (rows.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("run")
        let train = try CLITests.galen(["train", csv.path, "--text-column", "note", "--target", "label", "--encoder", encoder.path,
                                        "--fine-tune", "--epochs", "5", "--resamples", "100", "--out", out.path, "--quiet", "--json"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("\"rocAUC\"") && train.stdout.contains("\"task\" : \"binary\""))
        let manifest = try String(contentsOf: out.appendingPathComponent("bundle/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"fineTuneLayers\" : 1"))
        let preds = try CLITests.galen(["predict", out.appendingPathComponent("bundle").path, csv.path, "--encoder", encoder.path])
        #expect(preds.status == 0, "\(preds.stderr)")
        #expect(preds.stdout.hasPrefix("line,probability_yes,prediction\n"))
    }

    @Test func usageErrorsForTexts() throws {
        let dir = try CLITests.tempDir()
        let data = dir.appendingPathComponent("notes.jsonl")
        try Self.writeTexts(data)
        let noTarget = try CLITests.galen(["train", data.path])
        #expect(noTarget.status == 1 && noTarget.stderr.contains("--target"))
        let layersOnly = try CLITests.galen(["train", data.path, "--target", "label", "--fine-tune-layers", "2"])
        #expect(layersOnly.status == 1 && layersOnly.stderr.contains("--fine-tune-layers needs --fine-tune"))
        let forTable = try CLITests.galen(["train", CLITests.repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path,
                                           "--target", "diagnosis", "--fine-tune"])
        #expect(forTable.status == 1 && forTable.stderr.contains("are for texts"))
        let noEncoder = try CLITests.galen(["train", data.path, "--target", "label", "--encoder", dir.appendingPathComponent("none").path])
        #expect(noEncoder.status == 2 && noEncoder.stderr.contains("scripts/fetch_minilm.sh"))
    }

    @Test func exportICD10WritesChapterTexts() throws {
        let dir = try CLITests.tempDir()
        let xml = dir.appendingPathComponent("tiny.xml")
        try """
        <?xml version="1.0" encoding="utf-8"?>
        <ICD10CM.tabular>
          <chapter><name>9</name><desc>Diseases of the circulatory system (I00-I99)</desc>
            <section id="I20-I25"><desc>Ischemic heart diseases (I20-I25)</desc>
              <diag><name>I21</name><desc>Acute myocardial infarction</desc>
                <inclusionTerm><note>myocardial infarction specified as acute</note></inclusionTerm>
                <diag><name>I21.4</name><desc>Non-ST elevation (NSTEMI) myocardial infarction</desc></diag>
              </diag>
            </section>
          </chapter>
        </ICD10CM.tabular>
        """.write(to: xml, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("chapters.jsonl")
        let r = try CLITests.galen(["export-icd10", xml.path, "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Wrote 3 texts (1 categories, 1 chapters)"))
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.contains { $0.contains("\"category\":\"I21\"") && $0.contains("\"chapter\":\"9\"") && $0.contains("\"source\":\"inclusion term\"") })
    }
}
