import Foundation
import Testing

/// `galen train --dp`: option checks (usage errors, exit 1) and the guarantee in the bundle and JSON summary.
@Suite(.serialized) struct DPCLITests {
    static let data = CLITests.repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path

    @Test func badPrivacyOptionsAreUsageErrors() throws {
        let dir = try CLITests.tempDir()
        let out = dir.appendingPathComponent("run").path
        for extra in [["--dp"], ["--epsilon", "3"], ["--dp", "--epsilon", "0"], ["--dp", "--epsilon", "-1"],
                      ["--dp", "--epsilon", "3", "--delta", "1"], ["--dp", "--epsilon", "3", "--delta", "0"],
                      ["--dp", "--epsilon", "3", "--max-grad-norm", "0"], ["--dp", "--epsilon", "3", "--cv", "3"],
                      ["--delta", "1e-5"], ["--dp", "--epsilon", "abc"]] {
            let r = try CLITests.galen(["train", Self.data, "--target", "diagnosis", "--out", out, "--quiet"] + extra)
            #expect(r.status == 1, "\(extra): exit \(r.status), \(r.stderr)")
            #expect(!r.stderr.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func dpRunRecordsTheGuarantee() throws {
        let dir = try CLITests.tempDir()
        let r = try CLITests.galen(["train", Self.data, "--target", "diagnosis", "--out", dir.path, "--quiet", "--json",
                                    "--dp", "--epsilon", "3", "--delta", "1e-5", "--max-grad-norm", "1.0",
                                    "--epochs", "20", "--resamples", "100"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let dp = try #require(summary["differentialPrivacy"] as? [String: Any])
        let eps = try #require(dp["epsilon"] as? Double)
        #expect(eps > 0 && eps <= 3)
        #expect(dp["delta"] as? Double == 1e-5 && dp["maxGradNorm"] as? Double == 1 && dp["targetEpsilon"] as? Double == 3)
        #expect((dp["noiseMultiplier"] as? Double ?? 0) > 0 && (dp["steps"] as? Int ?? 0) > 0)
        let manifest = try String(contentsOf: dir.appendingPathComponent("bundle/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"differentialPrivacy\""))
        let report = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("Differential privacy"))
    }
}
