import Foundation
import Testing

/// `galen index` and `galen search` end to end on small collections in a temporary folder.
@Suite(.serialized) struct SearchCLITests {
    static let tabular = """
    <?xml version="1.0" encoding="utf-8"?>
    <ICD10CM.tabular>
      <chapter>
        <name>9</name>
        <desc>Diseases of the circulatory system (I00-I99)</desc>
        <section id="I10-I16">
          <desc>Hypertensive diseases (I10-I16)</desc>
          <diag>
            <name>I10</name>
            <desc>Essential (primary) hypertension</desc>
            <inclusionTerm><note>high blood pressure</note></inclusionTerm>
          </diag>
        </section>
        <section id="I20-I25">
          <desc>Ischemic heart diseases (I20-I25)</desc>
          <diag>
            <name>I20.9</name>
            <desc>Angina pectoris, unspecified</desc>
            <inclusionTerm><note>Angina of effort</note><note>Cardiac angina</note></inclusionTerm>
          </diag>
          <diag>
            <name>I21.4</name>
            <desc>Non-ST elevation (NSTEMI) myocardial infarction</desc>
            <inclusionTerm><note>Nontransmural myocardial infarction</note></inclusionTerm>
          </diag>
        </section>
      </chapter>
      <chapter>
        <name>18</name>
        <desc>Symptoms, signs and abnormal clinical and laboratory findings (R00-R99)</desc>
        <section id="R00-R09">
          <desc>Symptoms and signs involving the circulatory and respiratory systems (R00-R09)</desc>
          <diag>
            <name>R07.9</name>
            <desc>Chest pain, unspecified</desc>
          </diag>
        </section>
      </chapter>
    </ICD10CM.tabular>
    """

    @Test func indexAndSearchICD10WithBM25() throws {
        let dir = try CLITests.tempDir()
        let xml = dir.appendingPathComponent("icd.xml")
        try Self.tabular.write(to: xml, atomically: true, encoding: .utf8)
        let index = dir.appendingPathComponent("index").path
        let built = try CLITests.galen(["index", xml.path, "--out", index, "--model", "none"])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("Indexed 4 documents"))
        let found = try CLITests.galen(["search", index, "high blood pressure", "-k", "2"])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.split(separator: "\n").first?.contains("I10") == true)
        #expect(found.stderr.contains("using BM25"))
        let json = try CLITests.galen(["search", index, "angina of effort", "--method", "bm25", "--json"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let results = object?["results"] as? [[String: Any]]
        #expect(results?.first?["id"] as? String == "I20.9")
        #expect(object?["method"] as? String == "bm25")
        // A model folder the user names that holds no model is an error naming the fix, not a silent BM25 index.
        let missing = try CLITests.galen(["index", xml.path, "--out", dir.appendingPathComponent("x").path,
                                          "--model", dir.appendingPathComponent("no-model").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("scripts/fetch_minilm.sh"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))
        // Dense search on a BM25-only index is a clear error.
        let dense = try CLITests.galen(["search", index, "pain", "--method", "dense"])
        #expect(dense.status == 2)
        #expect(dense.stderr.contains("no embeddings"))
    }

    /// The MiniLM folder of this repository (scripts/fetch_minilm.sh, run by `make test`), nil when absent.
    static let miniLM: String? = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/all-MiniLM-L6-v2").path
        return FileManager.default.fileExists(atPath: path + "/model.safetensors") ? path : nil
    }()

    @Test(.enabled(if: miniLM != nil, "all-MiniLM-L6-v2 weights not found: run scripts/fetch_minilm.sh; skipping"))
    func miniLMIndexFindsParaphrases() throws {
        let dir = try CLITests.tempDir()
        let xml = dir.appendingPathComponent("icd.xml")
        try Self.tabular.write(to: xml, atomically: true, encoding: .utf8)
        let index = dir.appendingPathComponent("index").path
        let built = try CLITests.galen(["index", xml.path, "--out", index, "--model", Self.miniLM!])
        #expect(built.status == 0, "\(built.stderr)")
        // Paraphrases of the entries, searched densely and with the default hybrid.
        let dense = try CLITests.galen(["search", index, "raised blood pressure", "--method", "dense", "-k", "1",
                                        "--model", Self.miniLM!, "--json"])
        #expect(dense.status == 0, "\(dense.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(dense.stdout.utf8)) as? [String: Any]
        let results = object?["results"] as? [[String: Any]]
        #expect(results?.first?["id"] as? String == "I10")
        let hybrid = try CLITests.galen(["search", index, "raised blood pressure", "-k", "1", "--model", Self.miniLM!])
        #expect(hybrid.status == 0, "\(hybrid.stderr)")
        #expect(hybrid.stdout.contains("I10"), "\(hybrid.stdout)")
        #expect(hybrid.stderr.contains("hybrid"))
    }

    @Test func trigramIndexSearchesEveryMethodAndEvaluates() throws {
        let dir = try CLITests.tempDir()
        let xml = dir.appendingPathComponent("icd.xml")
        try Self.tabular.write(to: xml, atomically: true, encoding: .utf8)
        let index = dir.appendingPathComponent("index").path
        #expect(try CLITests.galen(["index", xml.path, "--out", index, "--model", "trigram"]).status == 0)
        for method in ["bm25", "dense", "hybrid"] {
            let r = try CLITests.galen(["search", index, "NSTEMI myocardial infarction", "--method", method, "-k", "1"])
            #expect(r.status == 0, "\(method): \(r.stderr)")
            #expect(r.stdout.contains("I21.4"), "\(method)")
        }
        let evaluation = try CLITests.galen(["index", xml.path, "--evaluate", "--model", "trigram", "--json"])
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as? [String: Any]
        let e = object?["evaluation"] as? [String: Any]
        #expect((e?["testQueries"] as? Int ?? 0) + (e?["validationQueries"] as? Int ?? 0) == 4)
        #expect(e?["hybrid"] != nil && e?["dense"] != nil && e?["bm25"] != nil)
        let text = try CLITests.galen(["index", xml.path, "--evaluate", "--model", "none"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("top-1") && text.stdout.contains("bm25"))
    }

    @Test func jsonlAndCSVCollectionsAndErrors() throws {
        let dir = try CLITests.tempDir()
        let jsonl = dir.appendingPathComponent("notes.jsonl")
        try "{\"nid\": \"n1\", \"body\": \"Sjögren syndrome with dry eyes\"}\n{\"nid\": \"n2\", \"body\": \"Crohn's disease flare\"}\n"
            .write(to: jsonl, atomically: true, encoding: .utf8)
        let a = dir.appendingPathComponent("a").path
        #expect(try CLITests.galen(["index", jsonl.path, "--out", a, "--id-field", "nid", "--text-fields", "body", "--model", "none"]).status == 0)
        #expect(try CLITests.galen(["search", a, "sjogren", "-k", "1"]).stdout.contains("n1"))
        let csv = dir.appendingPathComponent("terms.csv")
        try "code,term\nK50.90,Crohn disease\nM35.00,Sjogren syndrome\n".write(to: csv, atomically: true, encoding: .utf8)
        let b = dir.appendingPathComponent("b").path
        #expect(try CLITests.galen(["index", csv.path, "--out", b, "--id-field", "code", "--text-fields", "term", "--model", "none"]).status == 0)
        #expect(try CLITests.galen(["search", b, "crohns", "-k", "1"]).stdout.contains("K50.90"))
        // Usage errors exit 1; data errors exit 2 and name the line.
        #expect(try CLITests.galen(["index", jsonl.path]).status == 1)
        #expect(try CLITests.galen(["index", jsonl.path, "--out", a, "--format", "pdf"]).status == 1)
        #expect(try CLITests.galen(["index", jsonl.path, "--evaluate"]).status == 1)
        #expect(try CLITests.galen(["search", a, "x", "-k", "0"]).status == 1)
        #expect(try CLITests.galen(["search", a, "x", "--method", "magic"]).status == 1)
        let broken = dir.appendingPathComponent("broken.jsonl")
        try "{\"id\": 1, \"text\": \"a\"}\n{oops\n".write(to: broken, atomically: true, encoding: .utf8)
        let r = try CLITests.galen(["index", broken.path, "--out", dir.appendingPathComponent("c").path, "--model", "none"])
        #expect(r.status == 2 && r.stderr.contains("line 2"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("c").path))
        // A damaged index is refused with the file named.
        let bm25 = URL(fileURLWithPath: a).appendingPathComponent("bm25.bin")
        var data = try Data(contentsOf: bm25)
        data[data.count - 1] ^= 0x20
        try data.write(to: bm25)
        let damaged = try CLITests.galen(["search", a, "sjogren"])
        #expect(damaged.status == 2 && damaged.stderr.contains("bm25.bin"))
    }
}
