import Foundation
import Testing
@testable import GalenData

@Suite struct TypeInferenceTests {
    let csv = """
    patient_id,age,sex,smoker,admitted,bmi,stage,flag01
    P001,54,F,yes,2023-01-05,27.1,II,0
    P002,61,M,no,2023-02-11,NA,III,1
    P003,,F,Yes,2023-03-20,31.4,?,1
    P004,47,M,N/A,,22.0,I,0
    P005,70,F,No,2023-05-02,null,II,1

    """

    @Test func inferredTypes() throws {
        let t = try table(csv)
        #expect(t.column(named: "patient_id")!.type == .categorical)
        #expect(t.column(named: "age")!.type == .numeric)
        #expect(t.column(named: "sex")!.type == .categorical)
        #expect(t.column(named: "smoker")!.type == .boolean)
        #expect(t.column(named: "admitted")!.type == .date)
        #expect(t.column(named: "bmi")!.type == .numeric)
        #expect(t.column(named: "stage")!.type == .categorical)
        // 0/1 stays numeric (documented); override gives boolean.
        #expect(t.column(named: "flag01")!.type == .numeric)
    }

    @Test func missingTokens() throws {
        let t = try table(csv)
        #expect(t.column(named: "age")!.missingCount == 1)
        #expect(t.column(named: "bmi")!.missingCount == 2)
        #expect(t.column(named: "smoker")!.missingCount == 1)
        #expect(t.column(named: "stage")!.missingCount == 1)
        #expect(t.column(named: "admitted")!.missingCount == 1)
        // A configurable list: with no tokens, only empty fields are missing and "NA" makes bmi text... mostly numbers.
        var o = CSVReadOptions()
        o.missingTokens = ["-999"]
        let u = try table("x,y\n1,-999\n2,3\n", o)
        #expect(u.column(named: "y")!.missingCount == 1)
    }

    @Test func booleanLabelsKeepTheUsersSpelling() throws {
        let t = try table(csv)
        guard case let .boolean(v, labels) = t.column(named: "smoker")!.values else { Issue.record("not boolean"); return }
        #expect(labels == BooleanLabels(falseLabel: "no", trueLabel: "yes") || labels == BooleanLabels(falseLabel: "No", trueLabel: "yes"))
        #expect(v[0] == 1 && v[1] == 0 && v[2] == 1 && v[3].isNaN && v[4] == 0)
    }

    @Test func datesAsDaysSinceEpoch() throws {
        let t = try table(csv)
        let d = t.column(named: "admitted")!.numbers!
        #expect(d[0] == Double(DateParsing.days(year: 2023, month: 1, day: 5)))
        #expect(DateParsing.days(year: 1970, month: 1, day: 1) == 0)
        #expect(DateParsing.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(t.column(named: "admitted")!.text(at: 0) == "2023-01-05")
    }

    @Test func dateFormats() throws {
        let t = try table("""
        iso,dt,dmy,mdy,amb,mon,slash
        2024-03-01,2024-03-01T12:00:00Z,13/02/2024,02/13/2024,01/02/2024,01-Mar-2024,2024/03/01
        2024-03-02,2024-03-01 06:00:00+02:00,01/03/2024,03/01/2024,03/04/2024,2 March 2024,2024/03/02

        """)
        for name in ["iso", "dt", "dmy", "mdy", "amb", "mon", "slash"] {
            #expect(t.column(named: name)!.type == .date, "\(name)")
        }
        let base = Double(DateParsing.days(year: 2024, month: 3, day: 1))
        #expect(t.column(named: "dt")!.numbers == [base + 0.5, base + 4.0 / 24])
        #expect(t.column(named: "dmy")!.numbers![1] == base)
        #expect(t.column(named: "mdy")!.numbers![1] == base)
        #expect(t.column(named: "mon")!.numbers![0] == base)
        // Ambiguous: month-first with a warning; day-first when asked.
        #expect(t.column(named: "amb")!.text(at: 0) == "2024-01-02")
        #expect(t.warnings.contains { $0.kind == .ambiguousDateOrder && $0.column == "amb" })
        var o = CSVReadOptions()
        o.dayFirst = true
        let u = try table("amb\n01/02/2024\n03/04/2024\n", o)
        #expect(u.column(named: "amb")!.text(at: 0) == "2024-02-01")
    }

    @Test func invalidDatesMakeTextColumns() throws {
        let t = try table("d\n2024-02-30\n2024-01-01\n")
        #expect(t.column(named: "d")!.type == .categorical)
    }

    @Test func overrides() throws {
        var o = CSVReadOptions()
        o.columnTypes = ["flag01": .boolean, "age": .categorical, "sex": .numeric, "admitted": .categorical, "stage": .date]
        let t = try table(csv, o)
        #expect(t.column(named: "flag01")!.type == .boolean)
        #expect(t.column(named: "age")!.type == .categorical)
        #expect(t.column(named: "age")!.text(at: 0) == "54")
        #expect(t.column(named: "admitted")!.type == .categorical)
        // Forced numeric: text becomes missing, with a warning naming row, line and column.
        let sex = t.column(named: "sex")!
        #expect(sex.type == .numeric && sex.missingCount == 5)
        let w = t.warnings.filter { $0.kind == .typeMismatch && $0.column == "sex" }
        #expect(w.first?.row == 1 && w.first?.line == 2)
        #expect(t.column(named: "stage")!.type == .date)
    }

    @Test func mostlyNumericColumnsKeepTheirType() throws {
        // 1 stray text value in 30 → numeric, the value missing with a warning naming its row.
        var text = "lab\n"
        for i in 0..<29 { text += "\(i).5\n" }
        text += "pending\n"
        let t = try table(text)
        let lab = t.column(named: "lab")!
        #expect(lab.type == .numeric)
        #expect(lab.missingCount == 1)
        let w = t.warnings.first { $0.kind == .typeMismatch }
        #expect(w?.row == 30 && w?.line == 31 && w?.column == "lab")
        // A few distinct markers ("<5") in a mostly numeric column: still numeric.
        let u = try table("crp\n12\n<5\n30\n<5\n8\n")
        #expect(u.column(named: "crp")!.type == .numeric)
        // Half text with many distinct values: categorical.
        let v = try table("x\n1\na\n2\nb\nc\n")
        #expect(v.column(named: "x")!.type == .categorical)
    }

    @Test func columnConversions() throws {
        let c = Column(name: "x", strings: ["1", "2", "oops", nil])
        let (num, w) = c.converted(to: .numeric)
        #expect(num.type == .numeric && num.numbers![1] == 2 && num.missingCount == 2)
        #expect(w.count == 1 && w[0].row == 3 && w[0].kind == .typeMismatch)
        let back = num.converted(to: .categorical).column
        #expect(back.text(at: 0) == "1")
        let b = Column(name: "b", strings: ["yes", "no", nil]).converted(to: .boolean).column
        #expect(b.numbers![0] == 1 && b.numbers![1] == 0)
        let d = Column(name: "d", strings: ["2020-01-01", nil]).converted(to: .date).column
        #expect(d.numbers![0] == Double(DateParsing.days(year: 2020, month: 1, day: 1)))
    }
}
