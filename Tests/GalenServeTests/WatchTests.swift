import Foundation
import GalenClinical
import GalenServe
import GalenTabular
import Testing

/// `--watch-interval`: a new bundle copied into the folder is served without a reload request, and requests in
/// flight meanwhile all succeed.
@Suite struct WatchTests {
    @Test func newVersionAppearsWithoutDroppingRequests() async throws {
        let dir = try ServeFixture.tempDir("watch")
        let source = try ServeFixture.modelsDirectory().appendingPathComponent("wdbc")
        try FileManager.default.copyItem(at: source, to: dir.appendingPathComponent("wdbc-1"))
        // Version 2: the same model trained with another seed, written outside the folder first.
        let second = try ServeFixture.tempDir("watch-src").appendingPathComponent("wdbc-2")
        var o = TabularTrainingOptions(dataPath: ServeFixture.repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path, target: "diagnosis")
        o.network.epochs = 3
        o.network.hidden = [8]
        o.network.seed = 5
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        try ServeFixture.write(try TabularTrainer.train(o, verbosity: .silent), name: "wdbc", to: second)

        let store = try SQLiteServeStore(path: dir.appendingPathComponent("db.sqlite").path)
        let key = try store.createKey(role: .predict, label: "t").secret
        let registry = try ModelRegistry(directory: dir)
        let before = try #require(registry.model(named: "wdbc")?.version)
        let h = ServeHarness(server: GalenServer(registry: registry, keys: store, audit: store), store: store, predictKey: key, adminKey: key)
        let events = LockedBox<[String]>([])
        let watcher = ModelWatcher(registry: registry, interval: .milliseconds(100)) { event in
            if case .reloaded(let served) = event { events.value.append(contentsOf: served) }
        }
        let record = try ServeFixture.wdbcRecord()
        try await h.run { c in
            let watching = Task { await watcher.run() }
            defer { watching.cancel() }
            var jobs: [@Sendable () async throws -> Int] = []
            for i in 0..<40 {
                if i == 10 {
                    jobs.append {
                        try FileManager.default.copyItem(at: second, to: dir.appendingPathComponent("wdbc-2"))
                        return 200
                    }
                }
                jobs.append {
                    try await Task.sleep(for: .milliseconds(10 * i))
                    return try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, json: ["records": [record]]).status
                }
            }
            let statuses = try await inFlight(jobs)
            #expect(statuses.count == 41 && statuses.allSatisfy { $0 == 200 })
            for _ in 0..<100 where (registry.snapshot.versions["wdbc"]?.count ?? 0) < 2 {
                try await Task.sleep(for: .milliseconds(100))
            }
            let list = try await c.call(.get, "/v1/models", key: c.predictKey)
            let wdbc = (list.json["models"] as? [[String: Any]])?.first ?? [:]
            let served = wdbc["version"] as? String ?? ""
            let older = wdbc["older_versions"] as? [String] ?? []
            #expect(older.count == 1 && Set([served] + older).count == 2 && Set([served] + older).contains(before), "\(list.text)")
            #expect(try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, json: ["records": [record]]).status == 200)
            #expect(events.value.contains("wdbc \(served)"))
        }
    }
}
