import Foundation
import GalenBundle
import GalenClinical
import GalenServe
import GalenTabular
import Testing

/// New versions are picked up by a reload without dropping requests; a failed reload keeps the old models.
@Suite struct ReloadTests {
    @Test func reloadSwapsInNewVersionsWhileRequestsContinue() async throws {
        let dir = try ServeFixture.tempDir("reload")
        try FileManager.default.copyItem(at: try ServeFixture.modelsDirectory().appendingPathComponent("wdbc"), to: dir.appendingPathComponent("wdbc-1"))
        let store = try SQLiteServeStore(path: dir.appendingPathComponent("db.sqlite").path)
        let admin = try store.createKey(role: .admin, label: "t").secret
        let registry = try ModelRegistry(directory: dir)
        let h = ServeHarness(server: GalenServer(registry: registry, keys: store, audit: store), store: store, predictKey: admin, adminKey: admin)
        let before = try #require(registry.model(named: "wdbc")?.version)

        // A second version of the same model, trained with another seed.
        var o = TabularTrainingOptions(dataPath: ServeFixture.repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path, target: "diagnosis")
        o.network.epochs = 3
        o.network.hidden = [8]
        o.network.seed = 9
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        try ServeFixture.write(try TabularTrainer.train(o, verbosity: .silent), name: "wdbc", to: dir.appendingPathComponent("wdbc-2"))

        let record = try ServeFixture.wdbcRecord()
        try await h.run { c in
            var jobs: [@Sendable () async throws -> Int] = []
            for i in 0..<30 {
                if i == 10 { jobs.append { try await c.call(.post, "/v1/admin/reload", key: c.adminKey).status } }
                jobs.append { try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, json: ["records": [record]]).status }
            }
            let statuses = try await inFlight(jobs)
            #expect(statuses.count == 31 && statuses.allSatisfy { $0 == 200 })
            let list = try await c.call(.get, "/v1/models", key: c.predictKey)
            let wdbc = (list.json["models"] as? [[String: Any]])?.first ?? [:]
            let served = wdbc["version"] as? String ?? ""
            let older = wdbc["older_versions"] as? [String] ?? []
            #expect(older.count == 1 && Set([served] + older).count == 2 && Set([served] + older).contains(before))

            // A tampered bundle makes the reload fail with 409, and the previous models stay served.
            let weights = dir.appendingPathComponent("wdbc-2/model.safetensors")
            var bytes = try Data(contentsOf: weights)
            bytes[bytes.count - 1] ^= 0xFF
            try bytes.write(to: weights)
            let failed = try await c.call(.post, "/v1/admin/reload", key: c.adminKey)
            #expect(failed.status == 409 && failed.errorField == "models", "\(failed.text)")
            #expect(try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, json: ["records": [record]]).status == 200)
            #expect(registry.model(named: "wdbc")?.version == served)
        }
    }

    @Test func registryRefusesEmptyMissingAndTamperedFolders() throws {
        let empty = try ServeFixture.tempDir("empty")
        #expect(throws: ServeError.noModels(empty.path)) { try ModelRegistry(directory: empty) }
        let missing = empty.appendingPathComponent("nope")
        #expect(throws: ServeError.modelDirectoryNotFound(missing.path)) { try ModelRegistry(directory: missing) }
        let copy = empty.appendingPathComponent("wdbc")
        try FileManager.default.copyItem(at: try ServeFixture.modelsDirectory().appendingPathComponent("wdbc"), to: copy)
        // A single bundle folder is served as itself.
        #expect(try ModelRegistry(directory: copy).snapshot.names == ["wdbc"])
        let manifest = copy.appendingPathComponent("baseline.safetensors")
        try Data("truncated".utf8).write(to: manifest)
        #expect {
            try ModelRegistry(directory: empty)
        } throws: { error in
            if case ServeError.bundleLoadFailed = error { return true }
            return false
        }
    }
}
