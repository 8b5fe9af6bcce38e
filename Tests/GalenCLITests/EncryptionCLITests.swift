import Foundation
import Testing

/// `galen keygen`, `encrypt`, `decrypt`, and train/evaluate/predict on encrypted data and bundles.
@Suite(.serialized) struct EncryptionCLITests {
    /// Runs `galen` with `GALEN_KEY` removed from the environment unless given in `env`.
    @discardableResult
    static func galen(_ args: [String], env: [String: String] = [:]) throws -> CLITests.Run {
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "GALEN_KEY")
        p.environment = environment.merging(env) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLITests.Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func helpHasExamples() throws {
        for command in ["keygen", "encrypt", "decrypt"] {
            let r = try Self.galen([command, "--help"])
            #expect(r.status == 0)
            #expect(r.stdout.contains("Examples:"), "\(command) --help has no examples")
        }
    }

    @Test func keygenEncryptDecryptAndRefusals() throws {
        let dir = try CLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("site.key").path
        #expect(try Self.galen(["keygen", "--out", key]).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try Self.galen(["keygen", "--out", key])
        #expect(again.status == 1 && again.stderr.contains("refusing"))

        let plain = dir.appendingPathComponent("notes.txt")
        let text = String(repeating: "Patient seen for follow-up.\n", count: 5000)  // > 2 chunks
        try text.write(to: plain, atomically: true, encoding: .utf8)
        let enc = try Self.galen(["encrypt", plain.path, "--key-file", key, "--json"])
        #expect(enc.status == 0, "\(enc.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(enc.stdout.utf8)) as? [String: Any])?["bytes"] as? Int == text.utf8.count)
        let sealed = plain.path + ".enc"
        #expect(try Data(contentsOf: URL(fileURLWithPath: sealed)).range(of: Data("Patient".utf8)) == nil)
        let back = dir.appendingPathComponent("back.txt").path
        let dec = try Self.galen(["decrypt", sealed, "--out", back], env: ["GALEN_KEY": try String(contentsOfFile: key, encoding: .utf8)])
        #expect(dec.status == 0, "\(dec.stderr)")
        #expect(try String(contentsOfFile: back, encoding: .utf8) == text)

        // Missing key: none given (usage, 1), missing key file or empty variable (2).
        #expect(try Self.galen(["decrypt", sealed, "--out", back]).status == 1)
        let missing = try Self.galen(["decrypt", sealed, "--out", back, "--key-file", dir.appendingPathComponent("nope.key").path])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read key file"))
        let empty = try Self.galen(["decrypt", sealed, "--out", back], env: ["GALEN_KEY": ""])
        #expect(empty.status == 2 && empty.stderr.contains("GALEN_KEY"))

        // Wrong key and corrupt ciphertext: exit 2, clear message, existing output untouched, nothing new written.
        let otherKey = dir.appendingPathComponent("other.key").path
        try Self.galen(["keygen", "--out", otherKey])
        try "keep".write(toFile: back, atomically: true, encoding: .utf8)
        let wrong = try Self.galen(["decrypt", sealed, "--out", back, "--key-file", otherKey])
        #expect(wrong.status == 2 && wrong.stderr.contains("key is wrong"))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: sealed))
        bytes[bytes.count - 40] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: sealed))
        let corrupt = try Self.galen(["decrypt", sealed, "--out", back, "--key-file", key])
        #expect(corrupt.status == 2)
        #expect(corrupt.stderr.contains("authentication failed at chunk 2: the file was modified, truncated, or the key is wrong"))
        #expect(try String(contentsOfFile: back, encoding: .utf8) == "keep")
        let fresh = dir.appendingPathComponent("fresh.txt").path
        #expect(try Self.galen(["decrypt", sealed, "--out", fresh, "--key-file", key]).status == 2)
        #expect(!FileManager.default.fileExists(atPath: fresh))
        try bytes.prefix(bytes.count - 20).write(to: URL(fileURLWithPath: sealed))
        let cut = try Self.galen(["decrypt", sealed, "--out", fresh, "--key-file", key])
        #expect(cut.status == 2 && !FileManager.default.fileExists(atPath: fresh))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func trainPredictEvaluateOnEncryptedDataWithEncryptedBundle() throws {
        let dir = try CLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("site.key").path
        try Self.galen(["keygen", "--out", key])
        let data = CLITests.repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path
        let enc = dir.appendingPathComponent("wdbc.csv.enc").path
        #expect(try Self.galen(["encrypt", data, "--out", enc, "--key-file", key]).status == 0)

        let run = dir.appendingPathComponent("run")
        let noKey = try Self.galen(["train", enc, "--target", "diagnosis", "--out", run.path, "--quiet"])
        #expect(noKey.status == 2 && noKey.stderr.contains("is encrypted"))
        #expect(try Self.galen(["train", data, "--target", "diagnosis", "--encrypt-bundle"]).status == 1)

        let train = try Self.galen(["train", enc, "--target", "diagnosis", "--out", run.path, "--epochs", "30",
                                    "--resamples", "200", "--quiet", "--key-file", key, "--encrypt-bundle"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("test.csv.enc").path))
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("test.csv").path))
        let manifest = try Data(contentsOf: run.appendingPathComponent("bundle/manifest.json"))
        #expect(manifest.starts(with: Data("GALENENC".utf8)))

        let bundle = run.appendingPathComponent("bundle").path, test = run.appendingPathComponent("test.csv.enc").path
        let refused = try Self.galen(["predict", bundle, test])
        #expect(refused.status == 2 && refused.stderr.contains("bundle") && refused.stderr.contains("is encrypted"))
        let preds = dir.appendingPathComponent("preds.csv")
        let p = try Self.galen(["predict", bundle, test, "--out", preds.path, "--key-file", key])
        #expect(p.status == 0, "\(p.stderr)")
        let lines = try String(contentsOf: preds, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "probability_malignant,prediction" && lines.count == 115)
        // A malformed GALEN_KEY does not get in the way of work on plain files.
        let plainRun = try Self.galen(["train", data, "--target", "diagnosis", "--out", dir.appendingPathComponent("plain").path,
                                       "--epochs", "5", "--resamples", "100", "--quiet"], env: ["GALEN_KEY": ""])
        #expect(plainRun.status == 0, "\(plainRun.stderr)")
        let e = try Self.galen(["evaluate", bundle, test, "--out", dir.appendingPathComponent("eval").path, "--json",
                                "--resamples", "200"], env: ["GALEN_KEY": try String(contentsOfFile: key, encoding: .utf8)])
        #expect(e.status == 0, "\(e.stderr)")
    }
}
