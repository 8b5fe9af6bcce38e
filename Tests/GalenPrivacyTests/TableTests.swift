import Foundation
import GalenData
import Testing
@testable import GalenPrivacy

private let csv = """
patient_id,name,dob,admit,zip,age,sex,note
P1,John Smith,1950-03-14,2020-01-05,02139,93,F,"Seen by Dr. Okafor on 01/07/2020, call 617-555-0199"
P1,John Smith,1950-03-14,2020-02-10,02139,93,F,MRN: 12345678 follow-up
P2,Ana Lopez,1980-03-02,2021-06-01,03601,41,M,lives in Springfield

"""

private let policyText = """
patient: patient_id
dateshift_days: 100
columns:
  patient_id: pseudonymize
  name: {mode: surrogate, type: NAME}
  dob: dateshift
  admit: dateshift
  zip: {mode: redact, type: ZIP}
  age: {mode: redact, type: AGE}
  sex: keep
  note: {mode: text, replace: redact}
"""

@Test func tablePolicyAppliesEveryMode() throws {
    let dir = temporaryFolder()
    let input = write(csv, "in.csv", in: dir)
    let out = dir.appendingPathComponent("out.csv").path
    let policy = try DeidPolicy(yaml: policyText)
    let summary = try TableDeidentifier(policy: policy, key: testProjectKey).run(input: input, output: out)
    #expect(summary.rows == 3)
    let t = try CSVReader.read(path: out, options: CSVReadOptions(missingTokens: [], columnTypes: ["zip": .categorical, "age": .categorical, "dob": .categorical, "admit": .categorical]))
    #expect(t.columnNames == ["patient_id", "name", "dob", "admit", "zip", "age", "sex", "note"])
    let text = String(decoding: FileManager.default.contents(atPath: out)!, as: UTF8.self)
    for secret in ["John Smith", "Okafor", "617-555-0199", "12345678", "02139", "Springfield", "P1,", "1950-03-14"] {
        #expect(!text.contains(secret), "output still holds a value")
    }
    #expect(t.column(named: "patient_id")!.text(at: 0) == testProjectKey.pseudonym("P1"))
    #expect(t.column(named: "patient_id")!.text(at: 0) == t.column(named: "patient_id")!.text(at: 1))
    #expect(t.column(named: "name")!.text(at: 0) == t.column(named: "name")!.text(at: 1))
    #expect(t.column(named: "zip")!.text(at: 0) == "021")
    #expect(t.column(named: "zip")!.text(at: 2) == "000")
    #expect(t.column(named: "age")!.text(at: 0) == "90+")
    #expect(t.column(named: "age")!.text(at: 2) == "41")
    // Interval between the two admissions of P1 is kept (36 days).
    func days(_ s: String) -> Int {
        let p = s.split(separator: "-").map { Int($0)! }
        return CivilDate(year: p[0], month: p[1], day: p[2])!.daysSinceEpoch
    }
    #expect(days(t.column(named: "admit")!.text(at: 1)!) - days(t.column(named: "admit")!.text(at: 0)!) == 36)
    #expect(t.column(named: "note")!.text(at: 1) == "MRN: [MRN] follow-up")
    // No temporary files left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
}

@Test func unknownColumnIsAnErrorWithoutValues() throws {
    let dir = temporaryFolder()
    let input = write(csv, "in.csv", in: dir)
    let policy = try DeidPolicy(yaml: "columns:\n  nope: keep\n")
    do {
        try TableDeidentifier(policy: policy, key: nil).run(input: input, output: dir.appendingPathComponent("o.csv").path)
        Issue.record("expected an error")
    } catch let e as PrivacyError {
        guard case let .unknownColumns(names, _, _) = e else { Issue.record("wrong error \(e)"); return }
        #expect(names == ["nope"])
        #expect(!e.description.contains("John"))
    }
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.csv").path))
}

@Test func badPoliciesAndMissingKeyFail() throws {
    #expect(throws: PrivacyError.self) { try DeidPolicy(contentsOfFile: "/nonexistent/policy.yaml") }
    #expect(throws: PrivacyError.self) { try DeidPolicy(yaml: "columns: [a, b") }
    #expect(throws: PrivacyError.self) { try DeidPolicy(yaml: "columns:\n  a: shred\n") }
    #expect(throws: PrivacyError.self) { try DeidPolicy(yaml: "columns:\n  a: dateshift\n") }  // no patient column
    #expect(throws: PrivacyError.self) { try DeidPolicy(yaml: "colums:\n  a: keep\n") }
    #expect(throws: PrivacyError.self) { try DeidPolicy(yaml: "columns:\n  a: {mode: redact, type: SHOE}\n") }
    let policy = try DeidPolicy(yaml: "columns:\n  a: pseudonymize\n")
    do {
        _ = try TableDeidentifier(policy: policy, key: nil)
        Issue.record("expected missingKey")
    } catch let e as PrivacyError {
        guard case .missingKey = e else { Issue.record("wrong error"); return }
    }
}

@Test func policyOrderAndDefaults() throws {
    let p = try DeidPolicy(yaml: "default: keep\ncolumns:\n  b: drop\n  a: {mode: text, replace: pseudonymize}\n")
    #expect(p.columns.map(\.name) == ["b", "a"])
    #expect(p.mode(of: "zzz") == .keep)
    #expect(p.columns[1].mode == .text(.pseudonymize))
    #expect(try DeidPolicy(yaml: "columns:\n  a: keep\n").mode(of: "zzz") == .drop)
}

@Test func kAnonymityCountsGroups() throws {
    let dir = temporaryFolder()
    var rows = "age,sex,zip3\n"
    for _ in 0..<6 { rows += "40,F,021\n" }
    for _ in 0..<2 { rows += "55,M,100\n" }
    rows += "90+,F,000\n"
    let path = write(rows, "r.csv", in: dir)
    let r = try KAnonymity.measure(path: path, quasiIdentifiers: ["age", "sex", "zip3"], k: 5)
    #expect(r.records == 9)
    #expect(r.groups == 3)
    #expect(r.smallestGroup == 1)
    #expect(r.recordsBelowK == 3)
    #expect(abs(r.shareBelowK - 3.0 / 9.0) < 1e-12)
    #expect(r.uniqueRecords == 1)
    #expect(throws: PrivacyError.self) { try KAnonymity.measure(path: path, quasiIdentifiers: ["postcode"]) }
    #expect(throws: PrivacyError.self) { try KAnonymity.measure(path: path, quasiIdentifiers: ["age"], k: 0) }
}

@Test func corpusLoaderRejectsBadFiles() throws {
    let dir = temporaryFolder()
    let bad = write("{\"id\":\"a\",\"text\":\"hi\",\"spans\":[{\"type\":\"NAME\",\"start\":0,\"end\":9}]}\n", "corpus.jsonl", in: dir)
    #expect(throws: PrivacyError.self) { try AnnotatedNote.load(path: bad) }
    #expect(throws: PrivacyError.self) { try AnnotatedNote.load(path: "/nonexistent") }
}

@Test func smallBatchesGiveTheSameOutput() throws {
    let dir = temporaryFolder()
    let input = write(csv, "in.csv", in: dir)
    let policy = try DeidPolicy(yaml: policyText)
    let whole = dir.appendingPathComponent("whole.csv").path, pieces = dir.appendingPathComponent("pieces.csv").path
    try TableDeidentifier(policy: policy, key: testProjectKey).run(input: input, output: whole)
    var small = try TableDeidentifier(policy: policy, key: testProjectKey)
    small.batchRows = 1
    let summary = try small.run(input: input, output: pieces)
    #expect(summary.rows == 3)
    #expect(FileManager.default.contents(atPath: whole) == FileManager.default.contents(atPath: pieces))
}

@Test func deviceSerialAfterSlashN() {
    let spans = PHIScanner().scan("Pump S/N 4471-22 replaced")
    #expect(spans.map(\.type) == [.device])
}

@Test func textDatesShiftWithThePatient() throws {
    let dir = temporaryFolder()
    let input = write("pid,admit,note\nP1,2020-01-05,\"Admitted 2020-01-05, seen again 2020-01-09\"\n", "in.csv", in: dir)
    let policy = try DeidPolicy(yaml: "patient: pid\ntext_dates: shift\ncolumns:\n  pid: keep\n  admit: dateshift\n  note: text\n")
    #expect(policy.shiftTextDates)
    let out = dir.appendingPathComponent("o.csv").path
    try TableDeidentifier(policy: policy, key: testProjectKey).run(input: input, output: out)
    let t = try CSVReader.read(path: out, options: CSVReadOptions(missingTokens: [], columnTypes: ["admit": .categorical, "note": .categorical]))
    let admit = t.column(named: "admit")!.text(at: 0)!
    let note = t.column(named: "note")!.text(at: 0)!
    #expect(note.hasPrefix("Admitted \(admit), seen again "))
    #expect(!note.contains("2020-01-05"))
    #expect(throws: PrivacyError.self) { try DeidPolicy(yaml: "text_dates: shift\ncolumns:\n  a: text\n") }
    #expect(throws: PrivacyError.self) { try DeidPolicy(yaml: "patient: a\ntext_dates: month\ncolumns:\n  a: text\n") }
}
