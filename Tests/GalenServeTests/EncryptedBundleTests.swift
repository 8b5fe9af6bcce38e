import Foundation
import GalenBundle
import GalenClinical
import GalenPrivacy
import GalenServe
import GalenTabular
import Testing

/// Encrypted bundles are served when the key is supplied, and refused (naming the bundle) without it or with a
/// wrong one.
@Suite struct EncryptedBundleTests {
    /// One trained WDBC model written twice: plain (`plain/wdbc`) and encrypted with `key` (`sealed/wdbc`).
    static let twins: Result<(plain: URL, sealed: URL, key: EncryptionKey), any Error> = Result {
        let dir = try ServeFixture.tempDir("encrypted")
        var o = TabularTrainingOptions(dataPath: ServeFixture.repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path, target: "diagnosis")
        o.network.epochs = 3
        o.network.hidden = [8]
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        let r = try TabularTrainer.train(o, verbosity: .silent)
        let key = EncryptionKey.generate()
        let plain = dir.appendingPathComponent("plain"), sealed = dir.appendingPathComponent("sealed")
        for (folder, cipher) in [(plain, nil), (sealed, BundleEncryption(key: key))] as [(URL, BundleEncryption?)] {
            try ModelBundle<TabularModelContent>.write(to: folder.appendingPathComponent("wdbc"), name: "wdbc", galenVersion: "test",
                                                       content: r.content,
                                                       weights: ["model.safetensors": r.network, "baseline.safetensors": r.baseline],
                                                       cipher: cipher)
        }
        return (plain, sealed, key)
    }

    static func harness(_ directory: URL, key: EncryptionKey?) throws -> ServeHarness {
        let store = try SQLiteServeStore(path: try ServeFixture.tempDir("db").appendingPathComponent("galen.sqlite").path)
        let predict = try store.createKey(role: .predict, label: "t").secret
        let admin = try store.createKey(role: .admin, label: "t").secret
        let registry = try ModelRegistry(directory: directory, key: key)
        return ServeHarness(server: GalenServer(registry: registry, keys: store, audit: store), store: store,
                            predictKey: predict, adminKey: admin)
    }

    @Test func encryptedBundleServesTheSamePredictionsAsItsPlainTwin() async throws {
        let t = try Self.twins.get()
        #expect(isEncryptedBundle(at: t.sealed.appendingPathComponent("wdbc")))
        #expect(ModelRegistry.containsEncryptedBundle(t.sealed) && !ModelRegistry.containsEncryptedBundle(t.plain))
        let record = try ServeFixture.wdbcRecord()
        var other = record
        for (k, v) in record { if let x = v as? Double { other[k] = x * 0.8 } }
        let body: [String: Any] = ["records": [record, other]]
        var answers: [[[String: Double]]] = []
        for (dir, key) in [(t.plain, nil), (t.sealed, t.key)] as [(URL, EncryptionKey?)] {
            let h = try Self.harness(dir, key: key)
            let got = LockedBox<[[String: Double]]>([])
            try await h.run { c in
                let r = try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, json: body)
                #expect(r.status == 200, "\(r.text)")
                got.value = (r.json["predictions"] as? [[String: Any]] ?? []).map { $0["probabilities"] as? [String: Double] ?? [:] }
            }
            answers.append(got.value)
        }
        #expect(answers[0].count == 2 && answers[0].allSatisfy { $0.count == 2 })
        #expect(answers[0] == answers[1])
    }

    @Test func encryptedBundleIsRefusedWithoutOrWithAWrongKey() throws {
        let t = try Self.twins.get()
        let bundle = t.sealed.appendingPathComponent("wdbc")
        #expect(throws: ServeError.encryptedBundleWithoutKey(path: bundle.path)) { try ModelRegistry(directory: t.sealed) }
        #expect(ServeError.encryptedBundleWithoutKey(path: bundle.path).description.contains(bundle.path))
        #expect {
            try ModelRegistry(directory: t.sealed, key: EncryptionKey.generate())
        } throws: { error in
            guard case ServeError.bundleLoadFailed(let path, _) = error else { return false }
            return path == bundle.path
        }
        // A plain bundle loads with a key too.
        #expect(try ModelRegistry(directory: t.plain, key: t.key).snapshot.names == ["wdbc"])
    }
}
