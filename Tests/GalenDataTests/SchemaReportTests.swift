import Foundation
import Testing
@testable import GalenData

@Suite struct SchemaReportTests {
    let csv = """
    patient_id;age;sex;smoker;admitted;outcome
    P1;50;F;yes;2023-01-01;died
    P2;60;M;no;2023-01-03;alive
    P3;NA;F;no;2023-01-05;alive
    P4;70;M;yes;;alive
    P4;70;M;yes;;alive

    """

    @Test func summaries() throws {
        let t = try table(csv)
        let r = try SchemaReport.make(t, target: "outcome")
        #expect(r.rowCount == 5 && r.columnCount == 6)
        #expect(r.delimiter == "semicolon")
        #expect(r.duplicateRowCount == 1)
        let age = r.columns[1]
        #expect(age.type == .numeric && age.missingCount == 1 && age.missingFraction == 0.2)
        #expect(age.min == 50 && age.max == 70 && age.mean == 62.5 && age.distinctCount == 3)
        let sex = r.columns[2]
        #expect(sex.topValues.first == CategoryCount(value: "M", count: 3, fraction: 0.6))
        #expect(r.columns[4].earliest == "2023-01-01" && r.columns[4].latest == "2023-01-05")
        #expect(r.columns[0].notes.contains("identifier-like"))
        #expect(r.target?.task == .binary && r.target?.positiveClass == "died")
        #expect(r.target?.classBalance.map(\.count) == [4, 1])
        #expect(!r.warnings.contains { $0.message.contains("imbalanced") })   // 20% is not below the 20% mark
        let skewed = try table("x,y\n" + (0..<20).map { "\($0),\($0 < 3 ? "case" : "control")" }.joined(separator: "\n"))
        let s = try SchemaReport.make(skewed, target: "y")
        #expect(s.warnings.contains { $0.message.contains("imbalanced") && $0.column == "y" })
    }

    @Test func textRendering() throws {
        let r = try SchemaReport.make(try table(csv), target: "outcome")
        let text = r.renderText()
        #expect(text.contains("5 rows × 6 columns, semicolon-separated"))
        #expect(text.contains("age"))
        #expect(text.contains("range 50 – 70, mean 62.5"))
        #expect(text.contains("target 'outcome': binary"))
        #expect(text.contains("died: 1 (20%)  (positive class"))
        #expect(text.contains("exact duplicate rows: 1"))
    }

    @Test func jsonRoundTrip() throws {
        let r = try SchemaReport.make(try table(csv), target: "outcome")
        let data = try JSONEncoder().encode(r)
        #expect(try JSONDecoder().decode(SchemaReport.self, from: data) == r)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"missingFraction\""))
    }

    @Test func targetProblemsAreReportedNotThrown() throws {
        let t = try table("a,b\n1,x\n2,x\n")
        let r = try SchemaReport.make(t, target: "b")
        #expect(r.target == nil && r.targetProblem?.contains("single value") == true)
        #expect(throws: DataError.self) { _ = try SchemaReport.make(t, target: "c") }
    }
}
