import Foundation
import Testing

/// End-to-end checks of the `galen` command: exit codes, help, and the
/// train → evaluate → predict path on files in a temporary folder.
@Suite(.serialized) struct CLITests {
    static let binary: URL = {
        // The test runner (…/debug/GalenPackageTests.xctest) sits next to the `galen` executable.
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return runner.deletingLastPathComponent().appendingPathComponent("galen")
    }()
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    @discardableResult
    static func galen(_ args: [String], cwd: URL? = nil) throws -> Run {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func tempDir() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("galen-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    @Test func helpHasExamplesForEveryCommand() throws {
        for command in ["train", "evaluate", "predict", "inspect", "info"] {
            let r = try Self.galen([command, "--help"])
            #expect(r.status == 0)
            #expect(r.stdout.contains("Examples:"), "\(command) --help has no examples")
        }
    }

    @Test func exitCodes() throws {
        #expect(try Self.galen(["train"]).status == 1)  // missing arguments
        #expect(try Self.galen(["frobnicate"]).status == 1)
        let dir = try Self.tempDir()
        let bad = dir.appendingPathComponent("ragged.csv")
        try "a,b,y\n1,2,yes\n3,4\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try Self.galen(["train", bad.path, "--target", "y", "--out", dir.appendingPathComponent("run").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("line 3"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("run").path))
        #expect(try Self.galen(["train", bad.path, "--target", "y", "--dropout", "2"]).status == 1)
        #expect(try Self.galen(["predict", dir.appendingPathComponent("no-bundle").path, bad.path]).status == 2)
    }

    @Test func trainEvaluatePredictOnWDBC() throws {
        let dir = try Self.tempDir()
        let data = Self.repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path
        let run = dir.appendingPathComponent("wdbc")
        let train = try Self.galen(["train", data, "--target", "diagnosis", "--out", run.path, "--epochs", "40",
                                    "--resamples", "200", "--quiet"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("ROC AUC") && train.stdout.contains("Threshold"))
        for f in ["bundle/manifest.json", "bundle/model.safetensors", "bundle/baseline.safetensors", "report.html", "metrics.json", "test.csv"] {
            #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent(f).path), "missing \(f)")
        }
        let html = try String(contentsOf: run.appendingPathComponent("report.html"), encoding: .utf8)
        // Self-contained: inline SVG, nothing loaded from elsewhere (the SVG namespace URI is not a fetch).
        #expect(html.contains("<svg"))
        for fetch in ["src=\"http", "href=\"http", "@import", "url(http", "<script src", "<link "] { #expect(!html.contains(fetch)) }

        let eval = try Self.galen(["evaluate", run.appendingPathComponent("bundle").path, run.appendingPathComponent("test.csv").path,
                                   "--out", dir.appendingPathComponent("eval").path, "--json", "--resamples", "200"])
        #expect(eval.status == 0, "\(eval.stderr)")
        let metrics = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any]
        #expect(metrics?["task"] as? String == "binary")

        let preds = dir.appendingPathComponent("preds.csv")
        let p = try Self.galen(["predict", run.appendingPathComponent("bundle").path, run.appendingPathComponent("test.csv").path,
                                "--out", preds.path])
        #expect(p.status == 0, "\(p.stderr)")
        let lines = try String(contentsOf: preds, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "probability_malignant,prediction")
        #expect(lines.count == 115)

        // A tampered bundle is refused with a clear error.
        let weights = run.appendingPathComponent("bundle/model.safetensors")
        var bytes = try Data(contentsOf: weights)
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: weights)
        let refused = try Self.galen(["predict", run.appendingPathComponent("bundle").path, run.appendingPathComponent("test.csv").path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("model.safetensors"))
    }

    @Test func inspectShowsTypesAndBalance() throws {
        let data = Self.repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path
        let r = try Self.galen(["inspect", data, "--target", "diagnosis"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("mean radius") && r.stdout.contains("malignant"))
        let j = try Self.galen(["inspect", data, "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])?["rowCount"] as? Int == 569)
    }

    @Test func infoReportsTheBLASKernel() throws {
        let r = try Self.galen(["info", "--json"])
        #expect(r.status == 0)
        let info = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect((info?["core"] as? String)?.isEmpty == false)
        #expect((info?["threads"] as? Int ?? 0) >= 1)
    }
}
