import Foundation
import GalenTensor

/// Test fixtures: a tiny random BERT encoder folder in the sentence-transformers layout (Hugging Face tensor names),
/// and a synthetic three-class text set whose classes use different words.
enum TinyText {
    static let classWords = [
        "cardiac": ["heart", "chest", "angina", "infarction", "coronary", "arrhythmia"],
        "fracture": ["bone", "fracture", "femur", "wrist", "displaced", "tibia"],
        "infection": ["fever", "sepsis", "bacterial", "viral", "pneumonia", "abscess"],
    ]
    static let shared = ["acute", "chronic", "left", "right", "patient", "with"]
    static var vocabulary: [String] {
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ",", "."] + classWords.keys.sorted().flatMap { classWords[$0]! } + shared
    }

    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("galen-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `config.json`, `vocab.txt` and `model.safetensors` of a random 2-layer, width-16 BERT into `dir`.
    static func writeEncoderFolder(_ dir: URL, seed: UInt64 = 1) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let h = 16, ff = 32, layers = 2
        let config: [String: Any] = ["vocab_size": vocabulary.count, "hidden_size": h, "num_hidden_layers": layers,
                                     "num_attention_heads": 2, "intermediate_size": ff, "max_position_embeddings": 64,
                                     "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1]
        try JSONSerialization.data(withJSONObject: config).write(to: dir.appendingPathComponent("config.json"))
        try (vocabulary.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        var g = SeededGenerator(seed: seed)
        func random(_ shape: [Int], scale: Float) throws -> Tensor {
            let n = shape.reduce(1, *)
            return try Tensor(shape: shape, values: (0..<n).map { _ in (Float(g.next() % 10_000) / 5_000 - 1) * scale })
        }
        func constant(_ shape: [Int], _ v: Float) throws -> Tensor { try Tensor(shape: shape, values: [Float](repeating: v, count: shape.reduce(1, *))) }
        var t: [String: Tensor] = [
            "embeddings.word_embeddings.weight": try random([vocabulary.count, h], scale: 1),
            "embeddings.position_embeddings.weight": try random([64, h], scale: 0.1),
            "embeddings.token_type_embeddings.weight": try random([2, h], scale: 0.1),
            "embeddings.LayerNorm.weight": try constant([h], 1), "embeddings.LayerNorm.bias": try constant([h], 0),
        ]
        for i in 0..<layers {
            let p = "encoder.layer.\(i)."
            for name in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"] {
                t[p + name + ".weight"] = try random([h, h], scale: 0.4)
                t[p + name + ".bias"] = try random([h], scale: 0.1)
            }
            t[p + "intermediate.dense.weight"] = try random([ff, h], scale: 0.4)
            t[p + "intermediate.dense.bias"] = try random([ff], scale: 0.1)
            t[p + "output.dense.weight"] = try random([h, ff], scale: 0.3)
            t[p + "output.dense.bias"] = try random([h], scale: 0.1)
            for norm in ["attention.output.LayerNorm", "output.LayerNorm"] {
                t[p + norm + ".weight"] = try constant([h], 1)
                t[p + norm + ".bias"] = try constant([h], 0)
            }
        }
        try SafeTensors.write(t, to: dir.appendingPathComponent("model.safetensors"))
    }

    /// `perClass` texts per class (3–5 class words and one shared word), as JSONL records with `text`, `label` and
    /// `group` (three consecutive texts per group).
    static func records(perClass: Int = 40, seed: UInt64 = 3) -> [[String: String]] {
        var g = SeededGenerator(seed: seed)
        var out: [[String: String]] = []
        for (c, label) in classWords.keys.sorted().enumerated() {
            let words = classWords[label]!
            for i in 0..<perClass {
                let count = 3 + Int(g.next() % 3)
                var text = (0..<count).map { _ in words[Int(g.next() % UInt64(words.count))] }
                text.insert(shared[Int(g.next() % UInt64(shared.count))], at: Int(g.next() % UInt64(count)))
                out.append(["text": text.joined(separator: " "), "label": label, "group": "g\(c)-\(i / 3)"])
            }
        }
        return out
    }

    /// Writes `records` as JSON Lines.
    static func writeJSONL(_ records: [[String: String]], to url: URL) throws {
        let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }
}
