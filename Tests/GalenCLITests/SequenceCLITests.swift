import Foundation
import Testing

/// `galen train / evaluate / predict` on patient histories, end to end: a synthetic long-format event CSV, the
/// committed OMOP fixture, and bad input.
@Suite(.serialized) struct SequenceCLITests {
    static let omop = CLITests.repoRoot.appendingPathComponent("Tests/GalenSequenceTests/Fixtures/omop").path

    /// 200 synthetic patients: routine codes, a risk code before 2010-01-01 for half, and the outcome "OUT" in 2010
    /// for most of those with the risk code and few without.
    static func events(in dir: URL) throws -> URL {
        var text = "patient,date,code,weight\n"
        for i in 0..<200 {
            text += "P\(i),2005-0\(1 + i % 9)-1\(i % 10),R\(i % 5),\(60 + i % 30)\n"
            text += "P\(i),2008-03-0\(1 + i % 9),R\((i + 2) % 5),\n"
            if i % 2 == 0 { text += "P\(i),2009-0\(1 + i % 9)-15,RISK,\n" }
            if (i % 2 == 0) == (i % 5 != 4) { text += "P\(i),2010-06-01,OUT,\n" }
            text += "P\(i),2011-06-01,R1,\n"
        }
        let url = dir.appendingPathComponent("events.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func trainPredictEvaluateOnEvents() throws {
        let dir = try CLITests.tempDir()
        let data = try Self.events(in: dir)
        let out = dir.appendingPathComponent("run")
        let common = ["--kind", "events", "--patient-column", "patient", "--time-column", "date", "--event-column", "code",
                      "--feature-columns", "weight", "--outcome-code", "OUT", "--index-date", "2010-01-01", "--prior-days", "100",
                      "--min-code-count", "1", "--units", "16", "--embedding-dim", "8", "--epochs", "3", "--resamples", "100", "--quiet"]
        let train = try CLITests.galen(["train", data.path, "--out", out.path, "--arch", "lstm"] + common)
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("ROC AUC") && train.stdout.contains("Sequence network (lstm)") && train.stdout.contains("baseline"))
        for f in ["bundle/manifest.json", "bundle/model.safetensors", "report.html", "metrics.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "\(f) missing")
        }
        let manifest = try String(contentsOf: out.appendingPathComponent("bundle/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"kind\" : \"sequence\"") && manifest.contains("\"architecture\" : \"lstm\""))

        let bundle = out.appendingPathComponent("bundle").path
        let preds = dir.appendingPathComponent("preds.csv")
        let predict = try CLITests.galen(["predict", bundle, data.path, "--out", preds.path])
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = try String(contentsOf: preds, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "patient_id,index_date,events,probability,prediction")
        #expect(lines.count == 201)
        #expect(lines[1].hasPrefix("P0,2010-01-01,"))

        let evaluate = try CLITests.galen(["evaluate", bundle, data.path, "--out", dir.appendingPathComponent("eval").path,
                                           "--resamples", "100", "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(evaluate.stdout.contains("\"rocAUC\""))
    }

    @Test func omopFolderIsReadAndTooSmallCohortsAreRefused() throws {
        let dir = try CLITests.tempDir()
        let r = try CLITests.galen(["train", Self.omop, "--outcome-concept", "80180", "--out", dir.path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("3 patients with the outcome and 3 without"), "\(r.stderr)")
        let noOutcome = try CLITests.galen(["train", Self.omop, "--out", dir.path, "--quiet"])
        #expect(noOutcome.status == 1 && noOutcome.stderr.contains("--outcome-concept"), "\(noOutcome.stderr)")
        let badArch = try CLITests.galen(["train", Self.omop, "--outcome-concept", "80180", "--arch", "resnet18", "--quiet"])
        #expect(badArch.status == 1, "\(badArch.stderr)")
        for imageOnly in [["--augment", "strong"], ["--schedule", "step"], ["--threshold", "0.5"], ["--keep", "last"]] {
            let r = try CLITests.galen(["train", Self.omop, "--outcome-concept", "80180", "--out", dir.path, "--quiet"] + imageOnly)
            #expect(r.status == 1 && r.stderr.contains(imageOnly[0]), "\(imageOnly): \(r.stderr)")
        }
    }

    @Test func badEventDataIsNamed() throws {
        let dir = try CLITests.tempDir()
        let url = dir.appendingPathComponent("bad.csv")
        try "patient,date,code\nA,2010-01-01,X\nB,2010-13-01,Y\n".write(to: url, atomically: true, encoding: .utf8)
        let args = ["train", url.path, "--kind", "events", "--patient-column", "patient", "--time-column", "date", "--event-column", "code",
                    "--outcome-code", "Y", "--index-date", "2010-06-01", "--out", dir.appendingPathComponent("run").path, "--quiet"]
        let r = try CLITests.galen(args)
        #expect(r.status == 2)
        #expect(r.stderr.contains("line 3, column date: not a date"), "\(r.stderr)")
        let missing = try CLITests.galen(args.map { $0 == "code" ? "event" : $0 })
        #expect(missing.status == 2 && missing.stderr.contains("missing column event"), "\(missing.stderr)")
        let noColumns = try CLITests.galen(["train", url.path, "--kind", "events", "--quiet"])
        #expect(noColumns.status == 1 && noColumns.stderr.contains("--patient-column"), "\(noColumns.stderr)")
        let tables = try CLITests.galen(["train", url.path, "--target", "code", "--outcome-code", "Y", "--quiet"])
        #expect(tables.status == 1, "\(tables.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("run").path))
    }
}
