import Foundation
import GalenBundle
import GalenClinical
import GalenServe
import GalenTabular
import GalenTensor
import Testing

/// `?explain=true`: per-column contributions for every record.
@Suite struct ExplainTests {
    /// A binary model on x1, x2, x3 (numeric) and group (categorical) whose first layer reads only x1's feature,
    /// so that its output depends on x1 alone.
    static let oneColumnModel: Result<URL, any Error> = Result {
        let dir = try ServeFixture.tempDir("explain")
        var rng = SeededGenerator(seed: 11)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var lines = ["x1,x2,x3,group,outcome"]
        for _ in 0..<200 {
            let x1 = unit() * 2 - 1, x2 = unit() * 2 - 1, x3 = unit() * 10
            lines.append(String(format: "%.4f,%.4f,%.4f,%@,%@", x1, x2, x3, unit() < 0.5 ? "a" : "b", x1 > 0 ? "yes" : "no"))
        }
        let csv = dir.appendingPathComponent("one.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        var o = TabularTrainingOptions(dataPath: csv.path, target: "outcome")
        o.network.epochs = 20
        o.network.hidden = [7]
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        let r = try TabularTrainer.train(o, verbosity: .silent)
        let pre = r.content.preprocessor
        let x1 = try #require(pre.encodings.first { $0.column == "x1" })
        let keep = x1.firstFeature..<(x1.firstFeature + x1.featureCount)
        let first = try #require(r.network.parameters.first { $0.rank == 2 && $0.shape[1] == pre.featureCount })
        for row in 0..<first.shape[0] {
            for j in 0..<first.shape[1] where !keep.contains(j) { first.pointer[row * first.shape[1] + j] = 0 }
        }
        try ServeFixture.write(r, name: "one", to: dir.appendingPathComponent("one"))
        try FileManager.default.removeItem(at: csv)
        return dir
    }

    @Test func contributionsAreFiniteAndKeyedByInputColumns() async throws {
        let h = try ServeHarness()
        let inputs = try TabularModel(contentsOf: try ServeFixture.modelsDirectory().appendingPathComponent("visits")).content.preprocessor.encodings.map(\.column)
        var edited = ServeFixture.visitRecord
        edited["patient_id"] = "Z2"
        edited["glucose"] = NSNull()
        edited["site"] = "south"
        let second = edited
        try await h.run { c in
            let r = try await c.call(.post, "/v1/models/visits/predict?explain=true", key: c.predictKey,
                                     json: ["records": [ServeFixture.visitRecord, second]])
            #expect(r.status == 200, "\(r.text)")
            let predictions = r.json["predictions"] as? [[String: Any]] ?? []
            #expect(predictions.count == 2)
            for p in predictions {
                let contributions = p["contributions"] as? [String: Double] ?? [:]
                #expect(Set(contributions.keys) == Set(inputs) && !inputs.isEmpty, "\(contributions.keys.sorted())")
                #expect(contributions.values.allSatisfy { $0.isFinite })
                #expect((p["probabilities"] as? [String: Double])?.count == 2)
            }
            #expect(predictions.map { $0["id"] as? String } == ["Z1", "Z2"])
            // Without the flag (or with explain=false) there are none; a bad value is a 400 naming the parameter.
            let plain = try await c.call(.post, "/v1/models/visits/predict?explain=false", key: c.predictKey,
                                         json: ["records": [ServeFixture.visitRecord]])
            #expect(plain.status == 200 && !plain.text.contains("contributions"))
            let bad = try await c.call(.post, "/v1/models/visits/predict?explain=maybe", key: c.predictKey,
                                       json: ["records": [ServeFixture.visitRecord]])
            #expect(bad.status == 400 && bad.errorField == "explain")
            // The answer with contributions predicts the same as the one without.
            let reference = try await c.call(.post, "/v1/models/visits/predict", key: c.predictKey,
                                             json: ["records": [ServeFixture.visitRecord, second]])
            let refP = (reference.json["predictions"] as? [[String: Any]] ?? []).map { $0["probabilities"] as? [String: Double] ?? [:] }
            #expect(refP == predictions.map { $0["probabilities"] as? [String: Double] ?? [:] })
            let doc = try await c.call(.get, "/openapi.json")
            #expect(doc.text.contains("\"explain\"") && doc.text.contains("\"contributions\""))
        }
    }

    @Test func theOnlyColumnTheModelReadsDominates() async throws {
        let dir = try Self.oneColumnModel.get()
        let store = try SQLiteServeStore(path: dir.appendingPathComponent("db-\(UUID().uuidString).sqlite").path)
        let key = try store.createKey(role: .predict, label: "t").secret
        let h = ServeHarness(server: GalenServer(registry: try ModelRegistry(directory: dir), keys: store, audit: store),
                             store: store, predictKey: key, adminKey: key)
        try await h.run { c in
            let records: [[String: Any]] = [["x1": 0.9, "x2": -0.8, "x3": 9.5, "group": "b"], ["x1": -0.7, "x2": 0.9, "x3": 0.2, "group": "a"]]
            let r = try await c.call(.post, "/v1/models/one/predict?explain=true", key: c.predictKey, json: ["records": records])
            #expect(r.status == 200, "\(r.text)")
            let predictions = r.json["predictions"] as? [[String: Any]] ?? []
            #expect(predictions.count == 2)
            for p in predictions {
                let contributions = p["contributions"] as? [String: Double] ?? [:]
                #expect(Set(contributions.keys) == ["x1", "x2", "x3", "group"])
                let x1 = abs(contributions["x1"] ?? 0)
                #expect(x1 > 0.01)
                #expect(contributions.filter { $0.key != "x1" }.values.allSatisfy { abs($0) < 1e-6 }, "\(contributions)")
            }
            // Listed by magnitude: x1 first.
            #expect(r.text.contains(#""contributions":{"x1":"#))
            // x1 above 0 pushes towards "yes", below 0 away from it.
            let signs = predictions.map { (($0["contributions"] as? [String: Double])?["x1"] ?? 0) > 0 }
            #expect(signs == [true, false])
        }
    }
}
