import Foundation
import Testing

/// `galen train --ensemble K` and `galen ensemble` on a small slice of the committed BreastMNIST copy, with
/// evaluate and predict on the ensemble bundle, plain and encrypted.
@Suite(.serialized) struct EnsembleCLITests {
    static func train(_ data: URL, _ out: URL, seed: Int, extra: [String] = []) throws -> CLITests.Run {
        try CLITests.galen(["train", data.path, "--out", out.path, "--epochs", "1", "--batch-size", "16", "--resamples", "100",
                            "--gallery", "0", "--seed", String(seed), "--quiet"] + extra)
    }

    @Test func combineTrainedBundlesThenEvaluateAndPredict() throws {
        let dir = try CLITests.tempDir()
        let data = try ImageCLITests.tinyBreast(in: dir, train: 32, other: 16)
        var bundles: [String] = []
        for seed in [1, 2] {
            let out = dir.appendingPathComponent("seed\(seed)")
            let r = try Self.train(data, out, seed: seed)
            #expect(r.status == 0, "\(r.stderr)")
            bundles.append(out.appendingPathComponent("bundle").path)
        }
        let ens = dir.appendingPathComponent("ens")
        let r = try CLITests.galen(["ensemble"] + bundles + ["--data", data.path, "--out", ens.path, "--resamples", "100",
                                                            "--gallery", "2", "--json", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let validation = try #require(doc["validation"] as? [String: Any])
        #expect(validation["rocAUC"] is Double && validation["accuracy"] is Double && validation["accuracyAt05"] is Double)
        #expect((validation["memberROCAUC"] as? [Any])?.count == 2 && validation["images"] as? Int == 16)
        #expect((doc["members"] as? [String])?.count == 2)
        for f in ["bundle/manifest.json", "bundle/member-1.safetensors", "bundle/member-2.safetensors", "bundle/metrics.json",
                  "report.html", "metrics.json"] {
            #expect(FileManager.default.fileExists(atPath: ens.appendingPathComponent(f).path), "\(f) missing")
        }
        let html = try String(contentsOf: ens.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Grad-CAM") && html.contains("Ensemble of 2 networks"))

        // predict: the mean of the members' probabilities.
        func probabilities(_ bundle: String, _ name: String) throws -> [Double] {
            let csv = dir.appendingPathComponent(name)
            let p = try CLITests.galen(["predict", bundle, data.path, "--out", csv.path])
            #expect(p.status == 0, "\(p.stderr)")
            return try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[1])! }
        }
        let a = try probabilities(bundles[0], "a.csv"), b = try probabilities(bundles[1], "b.csv")
        let e = try probabilities(ens.appendingPathComponent("bundle").path, "e.csv")
        #expect(e.count == 16)
        for i in 0..<16 { #expect(abs(e[i] - (a[i] + b[i]) / 2) < 2e-6) }

        let evaluate = try CLITests.galen(["evaluate", ens.appendingPathComponent("bundle").path, data.path, "--out",
                                           dir.appendingPathComponent("eval").path, "--resamples", "100", "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(evaluate.stdout.contains("\"rocAUC\"") && evaluate.stdout.contains("Ensemble of 2 networks"))

        // A bundle trained on other data is refused by name and field; so is --data that is not the members' data.
        let otherDir = dir.appendingPathComponent("other-data")
        try FileManager.default.createDirectory(at: otherDir, withIntermediateDirectories: true)
        let otherData = try ImageCLITests.tinyBreast(in: otherDir, train: 24, other: 16)
        let other = dir.appendingPathComponent("other")
        #expect(try Self.train(otherData, other, seed: 3).status == 0)
        let mismatch = try CLITests.galen(["ensemble", bundles[0], other.appendingPathComponent("bundle").path, "--data", data.path,
                                           "--out", dir.appendingPathComponent("bad").path, "--quiet"])
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("other/bundle") && mismatch.stderr.contains("training data"))
        let wrongData = try CLITests.galen(["ensemble"] + bundles + ["--data", otherData.path, "--out", dir.appendingPathComponent("bad2").path, "--quiet"])
        #expect(wrongData.status == 2 && wrongData.stderr.contains("not the data the members were trained on"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad").path))
    }

    @Test func trainEnsembleEncryptedThenPredictAndEvaluateWithTheKey() throws {
        let dir = try CLITests.tempDir()
        let data = try ImageCLITests.tinyBreast(in: dir, train: 32, other: 16)
        let key = dir.appendingPathComponent("site.key")
        #expect(try CLITests.galen(["keygen", "--out", key.path]).status == 0)
        let out = dir.appendingPathComponent("sealed")
        let r = try CLITests.galen(["train", data.path, "--out", out.path, "--epochs", "1", "--batch-size", "16", "--resamples", "100",
                                    "--gallery", "2", "--seed", "4", "--ensemble", "2", "--encrypt-bundle", "--key-file", key.path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("[member 2/2] epoch"))
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let figures = try #require(doc["ensembleValidation"] as? [String: Any])
        #expect((figures["memberROCAUC"] as? [Any])?.count == 2 && figures["images"] as? Int == 16)
        #expect(r.stdout.contains("Ensemble of 2 networks (cnn-bn, cnn-bn)"))
        let bundle = out.appendingPathComponent("bundle")
        for f in ["manifest.json", "member-1.safetensors", "member-2.safetensors"] {
            #expect(try Data(contentsOf: bundle.appendingPathComponent(f)).starts(with: Array("GALENENC".utf8)), "\(f) not sealed")
        }
        let noKey = try CLITests.galen(["predict", bundle.path, data.path])
        #expect(noKey.status == 2)
        let csv = dir.appendingPathComponent("p.csv")
        let p = try CLITests.galen(["predict", bundle.path, data.path, "--key-file", key.path, "--out", csv.path])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").count == 17)
        let e = try CLITests.galen(["evaluate", bundle.path, data.path, "--key-file", key.path, "--resamples", "100",
                                    "--out", dir.appendingPathComponent("eval").path])
        #expect(e.status == 0, "\(e.stderr)")

        // The members are the networks `galen train --seed 4` and `--seed 5` make: joined with galen ensemble they
        // predict exactly as the trained ensemble (same probabilities, same threshold).
        var singles: [String] = []
        for seed in [4, 5] {
            let single = dir.appendingPathComponent("seed\(seed)")
            #expect(try Self.train(data, single, seed: seed).status == 0)
            singles.append(single.appendingPathComponent("bundle").path)
        }
        let joined = dir.appendingPathComponent("joined")
        let j = try CLITests.galen(["ensemble"] + singles + ["--data", data.path, "--out", joined.path, "--gallery", "0",
                                                            "--resamples", "100", "--quiet"])
        #expect(j.status == 0, "\(j.stderr)")
        let csvJoined = dir.appendingPathComponent("joined.csv")
        #expect(try CLITests.galen(["predict", joined.appendingPathComponent("bundle").path, data.path, "--out", csvJoined.path]).status == 0)
        #expect(try String(contentsOf: csvJoined, encoding: .utf8) == String(contentsOf: csv, encoding: .utf8))

        // Encrypted members are opened with the key; without --encrypt-bundle the combined bundle is plain.
        let combined = dir.appendingPathComponent("recombined")
        let c = try CLITests.galen(["ensemble", bundle.path, "--data", data.path, "--out", combined.path, "--key-file", key.path,
                                    "--gallery", "0", "--resamples", "100", "--json", "--quiet"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(try Data(contentsOf: combined.appendingPathComponent("bundle/manifest.json")).starts(with: Array("{".utf8)))

        #expect(try CLITests.galen(["train", data.path, "--ensemble", "1", "--quiet"]).status == 1)
        #expect(try CLITests.galen(["ensemble", "--help"]).stdout.contains("Examples:"))
    }
}
