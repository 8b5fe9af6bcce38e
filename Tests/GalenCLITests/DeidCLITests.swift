import Foundation
import Testing

/// `galen deid` end to end: tables with a policy, notes, evaluation, risk, and the exit codes of bad input.
@Suite(.serialized) struct DeidCLITests {
    static let csv = """
    patient_id,name,dob,zip,sex,note
    P1,John Smith,1950-03-14,02139,F,"Seen by Dr. Okafor, call 617-555-0199"
    P2,Ana Lopez,1980-03-02,03601,M,lives in Springfield

    """

    static let policy = """
    patient: patient_id
    columns:
      patient_id: pseudonymize
      name: {mode: surrogate, type: NAME}
      dob: dateshift
      zip: {mode: redact, type: ZIP}
      sex: keep
      note: text
    """

    @Test func tableNoteRiskAndEvaluation() throws {
        let dir = try CLITests.tempDir()
        let data = dir.appendingPathComponent("p.csv").path, pol = dir.appendingPathComponent("p.yaml").path
        let key = dir.appendingPathComponent("k.key").path, out = dir.appendingPathComponent("clean.csv").path
        try Self.csv.write(toFile: data, atomically: true, encoding: .utf8)
        try Self.policy.write(toFile: pol, atomically: true, encoding: .utf8)
        try "0123456789abcdef0123456789abcdef\n".write(toFile: key, atomically: true, encoding: .utf8)

        let r = try CLITests.galen(["deid", data, "--policy", pol, "--key-file", key, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let clean = try String(contentsOfFile: out, encoding: .utf8)
        for secret in ["John Smith", "Okafor", "617-555-0199", "02139", "Springfield", "1950-03-14"] {
            #expect(!clean.contains(secret))
        }
        #expect(clean.hasPrefix("patient_id,name,dob,zip,sex,note\n"))

        let note = dir.appendingPathComponent("note.txt").path
        try "Mrs. Ana Lopez, SSN 123-45-6789, DOB 03/14/1931.".write(toFile: note, atomically: true, encoding: .utf8)
        let t = try CLITests.galen(["deid", "--text", note])
        #expect(t.status == 0)
        #expect(t.stdout == "Mrs. [NAME], SSN [SSN], DOB 1931.")

        let risk = try CLITests.galen(["deid", "--risk", "--quasi", "sex,zip", data, "--json"])
        #expect(risk.status == 0)
        #expect(risk.stdout.contains("\"smallestGroup\" : 1"))

        let e = try CLITests.galen(["deid", "--evaluate", CLITests.repoRoot.appendingPathComponent("data/deid-corpus").path])
        #expect(e.status == 0)
        #expect(e.stdout.contains("overall"))
    }

    @Test func missesListQuotesSyntheticSpansAndNeedsEvaluate() throws {
        let dir = try CLITests.tempDir()
        // One synthetic note: the rules find the name but not the unlisted town; the name tagger finds both.
        let note = #"{"id": "t-1", "text": "Pt: Ana Lopez. Drove up from Quillbrook.", "spans": [{"type": "NAME", "start": 4, "end": 13}, {"type": "LOCATION", "start": 29, "end": 39}]}"#
        try (note + "\n").write(to: dir.appendingPathComponent("corpus.jsonl"), atomically: true, encoding: .utf8)
        let r = try CLITests.galen(["deid", "--evaluate", dir.path, "--misses", "--no-tagger"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("missed t-1 LOCATION 29..<39 [Quillbrook]"))
        #expect(!r.stdout.contains("missed t-1 NAME"))
        let tagged = try CLITests.galen(["deid", "--evaluate", dir.path, "--misses"])
        #expect(tagged.status == 0, "\(tagged.stderr)")
        #expect(!tagged.stdout.contains("missed"))
        let help = try CLITests.galen(["deid", "--help"])
        #expect(help.stdout.contains("never on real patient data"))
        #expect(try CLITests.galen(["deid", "--text", "-", "--misses"]).status == 1)
    }

    @Test func taggerTrainingCrossValidationAndBadWeights() throws {
        let dir = try CLITests.tempDir()
        let corpus = CLITests.repoRoot.appendingPathComponent("data/deid-corpus")
        let sets = ["heldout", "dev3"].map { corpus.appendingPathComponent($0).path }
        let out = dir.appendingPathComponent("w.bin").path
        let train = try CLITests.galen(["deid", "--train-tagger"] + sets + ["--out", out, "--tagger-epochs", "2"])
        #expect(train.status == 0, "\(train.stderr)")
        let first = try #require(FileManager.default.contents(atPath: out))
        #expect(try CLITests.galen(["deid", "--train-tagger"] + sets + ["--out", out, "--tagger-epochs", "2"]).status == 0)
        #expect(FileManager.default.contents(atPath: out) == first)  // same corpora, same bytes
        let e = try CLITests.galen(["deid", "--evaluate", sets[0], "--tagger", out])
        #expect(e.status == 0, "\(e.stderr)")
        let cv = try CLITests.galen(["deid", "--cross-validate-tagger"] + sets + ["--tagger-epochs", "2"])
        #expect(cv.status == 0, "\(cv.stderr)")
        #expect(cv.stdout.contains("| left-out set |"))
        // A truncated weight file: data error naming the file; bad combinations: usage errors.
        let bad = dir.appendingPathComponent("bad.bin").path
        #expect(FileManager.default.createFile(atPath: bad, contents: first.prefix(first.count / 2)))
        let r = try CLITests.galen(["deid", "--evaluate", sets[0], "--tagger", bad])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.bin") && r.stderr.contains("truncated"))
        #expect(try CLITests.galen(["deid", "--train-tagger"] + sets).status == 1)
        #expect(try CLITests.galen(["deid", "--cross-validate-tagger", sets[0]]).status == 1)
        #expect(try CLITests.galen(["deid", "--evaluate", sets[0], "--tagger", bad, "--no-tagger"]).status == 1)
    }

    @Test func badInputExitCodesAndNoValuesInMessages() throws {
        let dir = try CLITests.tempDir()
        let data = dir.appendingPathComponent("p.csv").path, pol = dir.appendingPathComponent("p.yaml").path
        try Self.csv.write(toFile: data, atomically: true, encoding: .utf8)
        try Self.policy.write(toFile: pol, atomically: true, encoding: .utf8)
        // Missing key: usage error.
        let noKey = try CLITests.galen(["deid", data, "--policy", pol])
        #expect(noKey.status == 1)
        #expect(noKey.stderr.contains("GALEN_DEID_KEY"))
        // Unreadable policy, invalid policy, unknown column: data errors.
        #expect(try CLITests.galen(["deid", data, "--policy", dir.appendingPathComponent("none.yaml").path]).status == 2)
        let bad = dir.appendingPathComponent("bad.yaml").path
        try "columns: [oops".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(try CLITests.galen(["deid", data, "--policy", bad]).status == 2)
        try "columns:\n  diagnosis: keep\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let unknown = try CLITests.galen(["deid", data, "--policy", bad])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("'diagnosis'"))
        #expect(!unknown.stderr.contains("John"))
        // Short key file: data error; no task: usage error.
        let key = dir.appendingPathComponent("short.key").path
        try "short".write(toFile: key, atomically: true, encoding: .utf8)
        #expect(try CLITests.galen(["deid", data, "--policy", pol, "--key-file", key]).status == 2)
        #expect(try CLITests.galen(["deid", data]).status == 1)
        let help = try CLITests.galen(["deid", "--help"])
        #expect(help.status == 0 && help.stdout.contains("Examples:"))
    }

    /// The transformer PHI tagger's wiring: off with a note on stderr when the base model is missing, clear errors for
    /// a missing encoder or a corrupt weight file, usage errors for conflicting options, and a scan with it on.
    @Test func transformerTaggerWiring() throws {
        let dir = try CLITests.tempDir()
        let note = dir.appendingPathComponent("note.txt").path
        try "Mrs. Ana Lopez was seen in clinic today, SSN 123-45-6789, DOB 03/14/1931, doing well.".write(toFile: note, atomically: true, encoding: .utf8)
        // Run from a folder without models/all-MiniLM-L6-v2: the tagger is off, and says so.
        let off = try CLITests.galen(["deid", "--text", note], cwd: dir)
        #expect(off.status == 0 && off.stdout.contains("[NAME]"), "\(off.stderr)")
        #expect(off.stderr.contains("transformer PHI tagger is off") && off.stderr.contains("fetch_minilm.sh"), "\(off.stderr)")
        let quiet = try CLITests.galen(["deid", "--text", note, "--no-transformer"], cwd: dir)
        #expect(quiet.status == 0 && !quiet.stderr.contains("transformer"))
        // An encoder folder given but missing: an error naming the fetch script.
        let missing = try CLITests.galen(["deid", "--text", note, "--encoder", dir.appendingPathComponent("none").path])
        #expect(missing.status == 2 && missing.stderr.contains("scripts/fetch_minilm.sh"), "\(missing.stderr)")
        #expect(try CLITests.galen(["deid", "--text", note, "--no-transformer", "--phi-threshold", "0.5"]).status == 1)
        #expect(try CLITests.galen(["deid", "--text", note, "--no-tagger", "--phi-model", note]).status == 1)
        #expect(try CLITests.galen(["deid", "--train-transformer", dir.path]).status == 1)  // no --out
        #expect(try CLITests.galen(["deid", "--text", note, "--phi-threshold", "2"]).status == 1)
        #expect(try CLITests.galen(["deid", "--text", note, "--transformer-only"]).status == 1)  // needs --evaluate

        let base = CLITests.repoRoot.appendingPathComponent("models/all-MiniLM-L6-v2")
        guard FileManager.default.fileExists(atPath: base.appendingPathComponent("model.safetensors").path) else {
            print("skipped the part with the real encoder: models/all-MiniLM-L6-v2 is missing; run scripts/fetch_minilm.sh")
            return
        }
        // A corrupt weight file: exit 2, naming the file, never a crash.
        let corrupt = dir.appendingPathComponent("phi.safetensors")
        try Data(repeating: 7, count: 64).write(to: corrupt)
        let bad = try CLITests.galen(["deid", "--text", note, "--encoder", base.path, "--phi-model", corrupt.path])
        #expect(bad.status == 2 && bad.stderr.contains(corrupt.path), "\(bad.stderr)")
        // With the base model and the shipped weights: no note, identifiers replaced.
        let on = try CLITests.galen(["deid", "--text", note, "--encoder", base.path])
        #expect(on.status == 0 && !on.stderr.contains("is off"), "\(on.stderr)")
        #expect(on.stdout.contains("[NAME]") && on.stdout.contains("[SSN]") && !on.stdout.contains("Lopez"), "\(on.stdout)")
        // The transformer alone on a one-note corpus: scored, with a table.
        let corpus = dir.appendingPathComponent("corpus.jsonl")
        let line = #"{"id": "t-1", "text": "Mrs. Ana Lopez was seen in clinic today and will return next week for review.", "spans": [{"type": "NAME", "start": 5, "end": 14}]}"#
        try (line + "\n").write(to: corpus, atomically: true, encoding: .utf8)
        let alone = try CLITests.galen(["deid", "--evaluate", corpus.path, "--transformer-only", "--encoder", base.path])
        #expect(alone.status == 0 && alone.stdout.contains("overall"), "\(alone.stderr)")
    }
}
