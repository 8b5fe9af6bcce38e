import Foundation
@testable import GalenData
import GalenServe
import Testing

/// Drift: PSI of incoming records against the training distribution stored in the bundle.
@Suite struct DriftTests {
    @Test func referenceBinsAndPSI() throws {
        let xs = (0..<1000).map { Double($0) }
        let table = try Table(columns: [Column(name: "x", numbers: xs), Column(name: "c", strings: (0..<1000).map { $0 % 4 == 0 ? "a" : "b" }),
                                        Column(name: "flag", booleans: (0..<1000).map { $0 % 2 == 0 })])
        let inputs = [InputColumn(name: "x", type: .numeric), InputColumn(name: "c", type: .categorical, categories: ["a", "b"]),
                      InputColumn(name: "flag", type: .boolean)]
        let ref = FeatureReference.fit(table, inputs: inputs)
        #expect(ref.columns.map(\.column) == ["x", "c", "flag"] && ref.rows == 1000)
        let x = ref.columns[0]
        #expect(x.edges?.count == 9 && x.binCount == 11)
        #expect(x.proportions.prefix(10).allSatisfy { abs($0 - 0.1) < 1e-9 } && x.proportions[10] == 0)
        #expect(ref.columns[1].proportions == [0.25, 0.75, 0, 0])
        // The same distribution has PSI 0; everything in one bin drifts a lot.
        let same = Dictionary(grouping: x.bins(of: table.columns[0]), by: { $0 }).mapValues(\.count)
        #expect(FeatureReference.psi(expected: x.proportions, counts: (0..<11).map { same[$0] ?? 0 }) < 1e-9)
        #expect(FeatureReference.psi(expected: x.proportions, counts: [100] + [Int](repeating: 0, count: 10)) > 1)
        // Unseen categories and missing values have bins of their own.
        #expect(ref.columns[1].bins(of: Column(name: "c", strings: ["a", "zzz", nil])) == [0, 2, 3])
    }

    @Test func driftRouteAndMetrics() async throws {
        let h = try ServeHarness()
        let record = try ServeFixture.wdbcRecord()
        try await h.run { c in
            let empty = try await c.call(.get, "/v1/models/wdbc/drift", key: c.predictKey)
            #expect(empty.status == 200 && empty.json["rows"] as? Int == 0, "\(empty.text)")
            #expect((empty.json["training_rows"] as? Int ?? 0) > 300)
            // 120 copies of one record: every numeric feature sits in one bin, far from its training spread.
            #expect(try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey,
                                     json: ["records": Array(repeating: record, count: 120)]).status == 200)
            let r = try await c.call(.get, "/v1/models/wdbc/drift", key: c.predictKey)
            #expect(r.json["rows"] as? Int == 120)
            let features = r.json["features"] as? [[String: Any]] ?? []
            let radius = features.first { $0["feature"] as? String == "mean radius" }
            #expect(radius?["status"] as? String == "significant" && (radius?["psi"] as? Double ?? 0) > 0.25)
            let metrics = try await c.call(.get, "/metrics")
            #expect(metrics.text.contains("galen_feature_drift_psi{model=\"wdbc\",feature=\"mean radius\"}"))
            #expect(try await c.call(.get, "/v1/models/nope/drift", key: c.predictKey).status == 404)
        }
    }

    @Test func bundlesWithoutAReferenceLoadAndAnswer409() async throws {
        let dir = try ServeFixture.tempDir("noref")
        let bundle = dir.appendingPathComponent("wdbc")
        try FileManager.default.copyItem(at: try ServeFixture.modelsDirectory().appendingPathComponent("wdbc"), to: bundle)
        let manifestURL = bundle.appendingPathComponent("manifest.json")
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as! [String: Any]
        var content = manifest["content"] as! [String: Any]
        content.removeValue(forKey: "reference")
        manifest["content"] = content
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        let store = try SQLiteServeStore(path: dir.appendingPathComponent("db.sqlite").path)
        let key = try store.createKey(role: .predict, label: "t").secret
        let registry = try ModelRegistry(directory: dir)
        #expect(registry.model(named: "wdbc")?.drift == nil)
        let h = ServeHarness(server: GalenServer(registry: registry, keys: store, audit: store), store: store, predictKey: key, adminKey: key)
        try await h.run { (c: ServeHarness.Client) async throws in
            #expect(try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, json: ["records": [try ServeFixture.wdbcRecord()]]).status == 200)
            #expect(try await c.call(.get, "/v1/models/wdbc/drift", key: c.predictKey).status == 409)
        }
    }
}
