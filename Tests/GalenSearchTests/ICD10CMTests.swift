import Foundation
import GalenData
import Testing
@testable import GalenSearch

let miniTabular = """
<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
  <version>2026</version>
  <chapter>
    <name>9</name>
    <desc>Diseases of the circulatory system (I00-I99)</desc>
    <section id="I10-I16">
      <desc>Hypertensive diseases (I10-I16)</desc>
      <diag>
        <name>I10</name>
        <desc>Essential (primary) hypertension</desc>
        <inclusionTerm>
          <note>high blood pressure</note>
          <note>hypertension (arterial) (benign) (essential)</note>
        </inclusionTerm>
        <excludes1><note>hypertensive disease complicating pregnancy (O10-O11, O13-O16)</note></excludes1>
      </diag>
    </section>
    <section id="I20-I25">
      <desc>Ischemic heart diseases (I20-I25)</desc>
      <diag>
        <name>I20</name>
        <desc>Angina pectoris</desc>
        <diag>
          <name>I20.8</name>
          <desc>Other forms of angina pectoris</desc>
          <diag>
            <name>I20.81</name>
            <desc>Angina pectoris with coronary microvascular dysfunction</desc>
          </diag>
          <diag>
            <name>I20.89</name>
            <desc>Other forms of angina pectoris</desc>
            <inclusionTerm><note>Angina of effort</note><note>Stenocardia</note></inclusionTerm>
          </diag>
        </diag>
        <sevenChrDef><extension char="A">initial encounter</extension></sevenChrDef>
      </diag>
    </section>
  </chapter>
</ICD10CM.tabular>
"""

@Suite struct ICD10CMTests {
    @Test func readsCodesWithTheirContext() throws {
        var streamed: [String] = []
        try ICD10CMReader.read(data: Data(miniTabular.utf8), source: "mini.xml") { streamed.append($0.code) }
        #expect(streamed == ["I10", "I20.81", "I20.89", "I20.8", "I20"])  // sub-codes close first
        let dir = try temporaryFolder()
        let url = dir.appendingPathComponent("mini.xml")
        try miniTabular.write(to: url, atomically: true, encoding: .utf8)
        let entries = try ICD10CMReader.read(contentsOf: url)
        #expect(entries.map(\.code) == ["I10", "I20", "I20.8", "I20.81", "I20.89"])
        let i10 = entries[0]
        #expect(i10.description == "Essential (primary) hypertension")
        #expect(i10.chapter == "9" && i10.chapterTitle == "Diseases of the circulatory system (I00-I99)")
        #expect(i10.section == "I10-I16" && i10.sectionTitle == "Hypertensive diseases (I10-I16)")
        #expect(i10.inclusionTerms == ["high blood pressure", "hypertension (arterial) (benign) (essential)"])
        #expect(i10.excludes1.count == 1 && i10.parent == nil && i10.depth == 1 && i10.isLeaf)
        let i2089 = entries[4]
        #expect(i2089.parent == "I20.8" && i2089.depth == 3 && i2089.isLeaf && i2089.section == "I20-I25")
        #expect(entries[1].isLeaf == false && entries[1].seventhCharacters == ["A": "initial encounter"])
        #expect(entries[2].inclusionTerms.isEmpty)
        let documents = ICD10CMCollection.documents(entries)
        #expect(documents[0].text == "Essential (primary) hypertension. high blood pressure. hypertension (arterial) (benign) (essential)")
        #expect(ICD10CMCollection.documents(entries, includeInclusionTerms: false)[0].text == "Essential (primary) hypertension")
        let queries = ICD10CMCollection.evaluationQueries(entries)
        #expect(queries.count == 4 && queries[2] == EvaluationQuery(text: "Angina of effort", answer: "I20.89"))
    }

    @Test func malformedXMLNamesTheLine() throws {
        let broken = miniTabular.replacingOccurrences(of: "<desc>Angina pectoris</desc>", with: "<desc>Angina pectoris</dsc>")
        do {
            try ICD10CMReader.read(data: Data(broken.utf8), source: "broken.xml") { _ in }
            Issue.record("malformed XML was accepted")
        } catch let DocumentReadError.malformedXML(path, line, _, _) {
            #expect(path == "broken.xml")
            #expect(line == 23)
        }
        let noName = miniTabular.replacingOccurrences(of: "<name>I20.81</name>", with: "")
        #expect(throws: DocumentReadError.missingElement(path: "x.xml", line: 27, element: "name", parent: "diag")) {
            try ICD10CMReader.read(data: Data(noName.utf8), source: "x.xml") { _ in }
        }
        #expect(throws: DocumentReadError.notICD10CM(path: "y.xml", root: "html")) {
            try ICD10CMReader.read(data: Data("<html><body/></html>".utf8), source: "y.xml") { _ in }
        }
        #expect(throws: DocumentReadError.self) {
            try ICD10CMReader.read(contentsOf: URL(fileURLWithPath: "/nonexistent/icd.xml"))
        }
    }

    @Test func evaluationHoldsOutInclusionTermsAndReportsEveryMethod() throws {
        let entries = try ICD10CMReader.read(contentsOf: {
            let url = try temporaryFolder().appendingPathComponent("mini.xml")
            try miniTabular.write(to: url, atomically: true, encoding: .utf8)
            return url
        }())
        let encoder = try HashedTrigramEncoder(dimension: 64)
        let index = try SearchIndex.build(documents: ICD10CMCollection.documents(entries, includeInclusionTerms: false),
                                          encoder: encoder)
        let queries = ICD10CMCollection.evaluationQueries(entries)
        let result = try SearchEvaluation.run(index: index, queries: queries, encoder: encoder, validationShare: 0.25)
        #expect(result.validationQueries == 1 && result.testQueries == 3)
        #expect(result.dense != nil && result.hybrid != nil && result.fusion != nil)
        #expect(result.fusionCandidates.count == SearchEvaluation.candidates.count)
        for m in [result.bm25, result.dense!, result.hybrid!] {
            #expect(m.queries == 3 && m.top1 <= m.top5 && m.mrr >= m.top1 - 1e-12 && m.mrr <= m.top5 + 1e-12)
        }
        let bm25Only = try SearchEvaluation.run(index: index, queries: queries, encoder: nil)
        #expect(bm25Only.dense == nil && bm25Only.hybrid == nil)
        #expect(throws: SearchError.self) {
            try SearchEvaluation.run(index: index, queries: [EvaluationQuery(text: "x", answer: "Z99")], encoder: nil)
        }
    }

    @Test func metricsFromRanks() {
        let m = RetrievalMetrics(ranks: [1, 2, nil, 5])
        #expect(m.top1 == 0.25 && m.top5 == 0.75)
        #expect(abs(m.mrr - (1 + 0.5 + 0.2) / 4) < 1e-12)
    }

    @Test func readsTheRealTabularList() throws {
        let url = URL(fileURLWithPath: "/work/shared/data/icd10cm/icd10c-tabular-April-1-2026.xml")
        let path = ProcessInfo.processInfo.environment["GALEN_ICD10CM_XML"] ?? url.path
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipped: the ICD-10-CM tabular list is not at \(path) (set GALEN_ICD10CM_XML)")
            return
        }
        let entries = try ICD10CMReader.read(contentsOf: URL(fileURLWithPath: path))
        #expect(entries.count == 46_881)
        #expect(Set(entries.map(\.chapter)).count == 22)
        #expect(Set(entries.map(\.code)).count == entries.count)
        let i214 = try #require(entries.first { $0.code == "I21.4" })
        #expect(i214.description == "Non-ST elevation (NSTEMI) myocardial infarction")
        #expect(i214.section == "I20-I25" && i214.parent == "I21")
        #expect(entries.reduce(0) { $0 + $1.inclusionTerms.count } > 6_809)
    }
}
