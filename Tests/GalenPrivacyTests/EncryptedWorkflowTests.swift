import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenPrivacy
import GalenTabular
import Testing

private let testKey = EncryptionTestSupport.key
private let otherKey = EncryptionTestSupport.otherKey

/// A small clinical table: patient ID, numeric and categorical features, a yes/no target.
private func visitsCSV(rows: Int = 300) -> String {
    var s: UInt64 = 12345
    func unit() -> Double {
        s = s &* 6364136223846793005 &+ 1442695040888963407
        return Double(s >> 11) / Double(1 << 53)
    }
    var lines = ["patient_id,age,sex,glucose,site,readmitted"]
    for i in 0..<rows {
        let age = 30 + Int(unit() * 60), glucose = 80 + unit() * 120
        let sex = unit() < 0.5 ? "female" : "male", site = ["north", "south", "east"][Int(unit() * 3)]
        let risk = 0.04 * Double(age - 60) + 0.03 * (glucose - 140) + (unit() - 0.5)
        lines.append("P\(1000 + i),\(age),\(sex),\(String(format: "%.1f", glucose)),\(site),\(risk > 0 ? "yes" : "no")")
    }
    return lines.joined(separator: "\n") + "\n"
}

@Suite(.serialized) struct EncryptedWorkflowTests {
    func options(_ path: String) -> TabularTrainingOptions {
        var o = TabularTrainingOptions(dataPath: path, target: "readmitted")
        o.idColumn = "patient_id"
        o.network.epochs = 15
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        return o
    }

    @Test func trainEvaluateAndPredictOnEncryptedDataMatchPlaintext() throws {
        let dir = try EncryptionTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("visits.csv").path, enc = plain + ".enc"
        try visitsCSV().write(toFile: plain, atomically: true, encoding: .utf8)
        try EncryptedFile.encrypt(input: plain, output: enc, key: testKey, chunkSize: 1024)  // many chunks

        let a = try TabularTrainer.train(options(plain), verbosity: .silent)
        var o = options(enc)
        o.key = testKey
        let b = try TabularTrainer.train(o, verbosity: .silent)
        #expect(a.content.trainingData.sha256 == b.content.trainingData.sha256)  // plaintext fingerprint
        #expect(a.network.stateDict().mapValues(\.scalars) == b.network.stateDict().mapValues(\.scalars))
        #expect(a.content.threshold?.threshold == b.content.threshold?.threshold)

        // Without the key the encrypted file is refused, naming it.
        #expect(throws: EncryptionError.missingKey(what: enc)) { try TabularTrainer.train(options(enc), verbosity: .silent) }
        var wrong = options(enc)
        wrong.key = otherKey
        #expect(throws: EncryptionError.wrongKey(path: enc)) { try TabularTrainer.train(wrong, verbosity: .silent) }

        // Streaming prediction over the encrypted file (small batches, many chunks) equals the plaintext run.
        let bundle = dir.appendingPathComponent("bundle")
        try ModelBundle<TabularModelContent>.write(to: bundle, name: "visits", galenVersion: "test", content: a.content,
                                                   weights: ["model.safetensors": a.network, "baseline.safetensors": a.baseline])
        let model = try TabularModel(contentsOf: bundle)
        let p1 = dir.appendingPathComponent("p1.csv").path, p2 = dir.appendingPathComponent("p2.csv").path
        try TabularPrediction.run(model: model, inputPath: plain, outputPath: p1, batchRows: 37)
        let s = try TabularPrediction.run(model: model, inputPath: enc, outputPath: p2, batchRows: 37, key: testKey)
        #expect(s.rows == 300)
        #expect(try Data(contentsOf: URL(fileURLWithPath: p1)) == Data(contentsOf: URL(fileURLWithPath: p2)))
        #expect(throws: EncryptionError.missingKey(what: enc)) {
            try TabularPrediction.run(model: model, inputPath: enc, outputPath: p2)
        }

        // Evaluation reads encrypted labelled data too.
        let e1 = try TabularEvaluation.evaluate(model: model, dataPath: plain, bootstrap: BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1))
        let e2 = try TabularEvaluation.evaluate(model: model, dataPath: enc, bootstrap: BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1), key: testKey)
        #expect(try e1.report.metricsDocument.jsonData().count > 0)
        #expect(e1.report.models.map(\.name) == e2.report.models.map(\.name))
        #expect(e1.report.runInfo.first { $0.label == "Data" }?.value.suffix(20) == e2.report.runInfo.first { $0.label == "Data" }?.value.suffix(20))
    }

    @Test func damagedEncryptedInputFailsPredictionWithoutOutput() throws {
        let dir = try EncryptionTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("visits.csv").path, enc = plain + ".enc"
        try visitsCSV().write(toFile: plain, atomically: true, encoding: .utf8)
        let r = try TabularTrainer.train(options(plain), verbosity: .silent)
        let bundle = dir.appendingPathComponent("bundle")
        try ModelBundle<TabularModelContent>.write(to: bundle, name: "v", galenVersion: "test", content: r.content,
                                                   weights: ["model.safetensors": r.network, "baseline.safetensors": r.baseline])
        try EncryptedFile.encrypt(input: plain, output: enc, key: testKey, chunkSize: 1024)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: enc))
        bytes[bytes.count - 100] ^= 1
        try bytes.write(to: URL(fileURLWithPath: enc))
        let out = dir.appendingPathComponent("preds.csv").path
        #expect(throws: EncryptedWorkflowTests.AnyAuthFailure.self) {
            do { try TabularPrediction.run(model: try TabularModel(contentsOf: bundle), inputPath: enc, outputPath: out, batchRows: 10, key: testKey) } catch let e as EncryptionError {
                if case .authenticationFailed = e { throw AnyAuthFailure() }
                throw e
            }
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    struct AnyAuthFailure: Error {}

    @Test func encryptedBundleRoundTripAndRefusals() throws {
        let dir = try EncryptionTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("visits.csv").path
        try visitsCSV().write(toFile: plain, atomically: true, encoding: .utf8)
        let r = try TabularTrainer.train(options(plain), verbosity: .silent)
        let bundle = dir.appendingPathComponent("bundle")
        try ModelBundle<TabularModelContent>.write(to: bundle, name: "visits", galenVersion: "test", content: r.content,
                                                   weights: ["model.safetensors": r.network, "baseline.safetensors": r.baseline],
                                                   files: ["metrics.json": Data("{\"auc\": 0.9}".utf8)],
                                                   cipher: BundleEncryption(key: testKey))
        // Every file is sealed: no schema, category levels or weights in the clear.
        for f in ["manifest.json", "model.safetensors", "baseline.safetensors", "metrics.json"] {
            let data = try Data(contentsOf: bundle.appendingPathComponent(f))
            #expect(EncryptedFile.isEncrypted(data), "\(f) is not encrypted")
            #expect(data.range(of: Data("readmitted".utf8)) == nil && data.range(of: Data("north".utf8)) == nil)
        }
        let model = try TabularModel(contentsOf: bundle, key: testKey)
        #expect(model.bundle.isEncrypted)
        #expect(try model.bundle.readFile("metrics.json") == Data("{\"auc\": 0.9}".utf8))
        let (scores, _) = try model.scores(r.testTable)
        #expect(scores == (try r.network.predict(try r.content.preprocessor.transform(r.testTable).features).sigmoid().scalars))

        // Refusals: no key, wrong key, a tampered or swapped file.
        #expect(throws: BundleError.self) { try TabularModel(contentsOf: bundle) }
        do { _ = try TabularModel(contentsOf: bundle) } catch {
            #expect("\(error)".contains("is encrypted") && "\(error)".contains("--key-file"))
        }
        #expect(throws: EncryptionError.wrongKey(path: bundle.appendingPathComponent("manifest.json").path)) {
            try TabularModel(contentsOf: bundle, key: otherKey)
        }
        let weights = bundle.appendingPathComponent("model.safetensors"), base = bundle.appendingPathComponent("baseline.safetensors")
        let original = try Data(contentsOf: weights)
        // Swapping two sealed files (both valid under the key) is caught by the plaintext hashes in the manifest.
        try Data(contentsOf: base).write(to: weights)
        #expect(throws: BundleError.self) { try TabularModel(contentsOf: bundle, key: testKey) }
        var bad = original
        bad[bad.count - 5] ^= 1
        try bad.write(to: weights)
        #expect(throws: EncryptionError.self) { try TabularModel(contentsOf: bundle, key: testKey) }
    }
}
