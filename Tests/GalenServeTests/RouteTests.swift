import Foundation
import GalenServe
import Hummingbird
import Testing

/// Every route over a real loopback connection.
@Suite struct RouteTests {
    @Test func healthOpenAPIAndMetricsAreOpen() async throws {
        let h = try ServeHarness()
        try await h.run { c in
            let health = try await c.call(.get, "/health")
            #expect(health.status == 200)
            #expect(health.json["status"] as? String == "ok" && health.json["models"] as? Int == 2)
            #expect(health.headers[HTTPFields.Element.Name("X-Request-ID")!] != nil)

            let doc = try await c.call(.get, "/openapi.json")
            #expect(doc.status == 200)
            #expect(doc.json["openapi"] as? String == "3.1.0")
            let paths = doc.json["paths"] as? [String: [String: Any]] ?? [:]
            for route in OpenAPIDocument.routes {
                #expect(paths[route.path]?[route.method] != nil, "\(route.method) \(route.path) is missing from /openapi.json")
            }
            // Every documented route answers (not 404) on the server.
            for route in OpenAPIDocument.routes {
                let uri = route.path.replacingOccurrences(of: "{name}", with: "wdbc")
                let r = try await c.call(route.method == "get" ? .get : .post, uri, key: c.adminKey, json: route.method == "post" ? ["records": []] as [String: Any] : nil)
                #expect(r.status != 404, "\(route.method) \(uri) answered 404")
            }

            _ = try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, json: ["records": [try ServeFixture.wdbcRecord()]])
            let metrics = try await c.call(.get, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.text.contains("galen_http_requests_total{route=\"/v1/models/{name}/predict\",model=\"wdbc\",status=\"200\"}"))
            #expect(metrics.text.contains("galen_http_request_duration_seconds_bucket"))
            #expect(metrics.text.contains("galen_predicted_rows_total{model=\"wdbc\"} 1"))
        }
    }

    @Test func listsAndDescribesModels() async throws {
        let h = try ServeHarness()
        try await h.run { c in
            let list = try await c.call(.get, "/v1/models", key: c.predictKey)
            #expect(list.status == 200)
            let models = list.json["models"] as? [[String: Any]] ?? []
            #expect(models.compactMap { $0["name"] as? String } == ["visits", "wdbc"])
            let wdbc = models.first { $0["name"] as? String == "wdbc" } ?? [:]
            let version = wdbc["version"] as? String ?? ""
            let hash = wdbc["bundle_sha256"] as? String ?? ""
            #expect(hash.count == 64 && version.hasSuffix("-" + hash.prefix(12)))
            #expect(wdbc["task"] as? String == "binary")

            let detail = try await c.call(.get, "/v1/models/visits", key: c.predictKey)
            #expect(detail.status == 200)
            let inputs = detail.json["inputs"] as? [[String: Any]] ?? []
            let types = Dictionary(uniqueKeysWithValues: inputs.map { ($0["name"] as? String ?? "", $0["type"] as? String ?? "") })
            #expect(types["sex"] == "categorical" && types["smoker"] == "boolean" && types["visit_date"] == "date" && types["age"] == "numeric")
            #expect(detail.json["id_column"] as? String == "patient_id")
            #expect((detail.json["files"] as? [String: String])?["model.safetensors"]?.count == 64)
            #expect(detail.json["metrics"] is [String: Any])
            #expect((detail.json["model"] as? [String: Any])?["name"] as? String == "visits")

            let missing = try await c.call(.get, "/v1/models/nope", key: c.predictKey)
            #expect(missing.status == 404 && missing.errorField == "name")
            // Unknown routes and wrong methods get JSON errors too.
            for (method, uri) in [(HTTPRequest.Method.get, "/nope"), (.get, "/v1/models/wdbc/predict"), (.delete, "/v1/models")] {
                let r = try await c.call(method, uri, key: c.predictKey)
                #expect([404, 405].contains(r.status) && !r.errorMessage.isEmpty, "\(method) \(uri): \(r.status) \(r.text)")
            }
        }
    }

    @Test func predictsWithProbabilitiesLabelsAndIDs() async throws {
        let h = try ServeHarness()
        try await h.run { c in
            let record = try ServeFixture.wdbcRecord()
            let r = try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, json: ["records": [record, record]])
            #expect(r.status == 200, "\(r.text)")
            let predictions = r.json["predictions"] as? [[String: Any]] ?? []
            #expect(predictions.count == 2)
            let p = predictions.first?["probabilities"] as? [String: Double] ?? [:]
            #expect(Set(p.keys) == ["benign", "malignant"])
            #expect(abs((p["benign"] ?? 0) + (p["malignant"] ?? 0) - 1) < 1e-5)
            #expect(["benign", "malignant"].contains(predictions.first?["label"] as? String ?? ""))
            #expect(r.json["model"] as? String == "wdbc" && (r.json["version"] as? String)?.isEmpty == false)
            #expect(r.json["request_id"] as? String == r.headers[HTTPFields.Element.Name("X-Request-ID")!])

            // Mixed types: categorical, boolean (true/false or the training spellings), date, null = missing; the ID is echoed.
            var v = ServeFixture.visitRecord
            v["glucose"] = NSNull()
            let visits = try await c.call(.post, "/v1/models/visits/predict", key: c.predictKey, json: ["records": [ServeFixture.visitRecord, v]])
            #expect(visits.status == 200, "\(visits.text)")
            let vp = visits.json["predictions"] as? [[String: Any]] ?? []
            #expect(vp.count == 2 && vp.first?["id"] as? String == "Z1")
            #expect(Set((vp.first?["probabilities"] as? [String: Double] ?? [:]).keys) == ["no", "yes"])
        }
    }

    @Test func mlflowInvocationsAcceptsEveryInputFormat() async throws {
        let h = try ServeHarness()
        try await h.run { c in
            let record = try ServeFixture.wdbcRecord()
            let reference = try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, json: ["records": [record]])
            let expected = (reference.json["predictions"] as? [[String: Any]])?.first?["probabilities"] as? [String: Double]
            #expect(expected != nil)

            let detail = try await c.call(.get, "/v1/models/wdbc", key: c.predictKey)
            let order = (detail.json["inputs"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            let columns = Array(record.keys)
            let bodies: [(String, [String: Any])] = [
                ("dataframe_split", ["dataframe_split": ["columns": columns, "data": [columns.map { record[$0]! }], "index": [0]]]),
                ("dataframe_records", ["dataframe_records": [record]]),
                ("instances", ["instances": [record]]),
                ("inputs records", ["inputs": [record]]),
                ("inputs columns", ["inputs": record.mapValues { [$0] }]),
                ("instances rows", ["instances": [order.map { record[$0]! }]]),
                ("with params", ["dataframe_records": [record], "params": [:] as [String: Any]]),
            ]
            for (name, body) in bodies {
                let r = try await c.call(.post, "/invocations?model=wdbc", key: c.predictKey, json: body)
                #expect(r.status == 200, "\(name): \(r.text)")
                let got = (r.json["predictions"] as? [[String: Any]])?.first?["probabilities"] as? [String: Double]
                #expect(got == expected, "\(name)")
                #expect(Set(r.json.keys) == ["predictions"], "\(name)")
            }
            // Two models served and none chosen: 400 naming the model parameter; an unknown model: 404.
            let ambiguous = try await c.call(.post, "/invocations", key: c.predictKey, json: ["dataframe_records": [record]])
            #expect(ambiguous.status == 400 && ambiguous.errorField == "model")
            let unknown = try await c.call(.post, "/invocations?model=nope", key: c.predictKey, json: ["dataframe_records": [record]])
            #expect(unknown.status == 404)
        }
    }

    @Test func multiclassAndRegressionModels() async throws {
        let dir = try ServeFixture.otherTasks.get()
        let store = try SQLiteServeStore(path: try ServeFixture.tempDir("tasks-db").appendingPathComponent("db.sqlite").path)
        let key = try store.createKey(role: .predict, label: "t").secret
        let h = ServeHarness(server: GalenServer(registry: try ModelRegistry(directory: dir), keys: store, audit: store),
                             store: store, predictKey: key, adminKey: key)
        try await h.run { c in
            let records: [[String: Any]] = [["x1": 0.9, "x2": 0.8, "group": "a"], ["x1": -0.9, "x2": -0.8, "group": "b"]]
            let stage = try await c.call(.post, "/v1/models/stage/predict", key: c.predictKey, json: ["records": records])
            #expect(stage.status == 200, "\(stage.text)")
            let sp = stage.json["predictions"] as? [[String: Any]] ?? []
            #expect(sp.count == 2)
            for p in sp {
                let probabilities = p["probabilities"] as? [String: Double] ?? [:]
                #expect(Set(probabilities.keys) == ["I", "II", "III"])
                #expect(abs(probabilities.values.reduce(0, +) - 1) < 1e-4)
                #expect(p["label"] as? String == probabilities.max { $0.value < $1.value }?.key)
            }
            let stay = try await c.call(.post, "/invocations?model=stay", key: c.predictKey, json: ["dataframe_records": records])
            #expect(stay.status == 200, "\(stay.text)")
            let values = (stay.json["predictions"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? Double }
            #expect(values.count == 2 && values.allSatisfy(\.isFinite))
            // The target of another model, left out of this one, is accepted and ignored.
            var withTarget = records[0]
            withTarget["length_of_stay"] = 4.2
            #expect(try await c.call(.post, "/v1/models/stage/predict", key: c.predictKey, json: ["records": [withTarget]]).status == 200)
        }
    }

    @Test func invocationsServesTheSingleModelWithoutAParameter() async throws {
        let dir = try ServeFixture.tempDir("single")
        try FileManager.default.copyItem(at: try ServeFixture.modelsDirectory().appendingPathComponent("wdbc"), to: dir.appendingPathComponent("wdbc"))
        let store = try SQLiteServeStore(path: dir.appendingPathComponent("db.sqlite").path)
        let key = try store.createKey(role: .predict, label: "t").secret
        let server = GalenServer(registry: try ModelRegistry(directory: dir), keys: store, audit: store)
        let h = ServeHarness(server: server, store: store, predictKey: key, adminKey: key)
        try await h.run { c in
            let r = try await c.call(.post, "/invocations", key: c.predictKey, json: ["dataframe_records": [try ServeFixture.wdbcRecord()]])
            #expect(r.status == 200, "\(r.text)")
            #expect((r.json["predictions"] as? [Any])?.count == 1)
        }
    }
}
