import Testing
@testable import GalenData

/// Warnings and errors name row, line and column, never the cell's value: messages reach terminals and
/// logs, and a value in the wrong column can be a patient's name.
@Suite struct NoValuesInMessagesTests {
    @Test func typeMismatchesAndUnseenCategoriesDoNotEchoValues() throws {
        var csv = "age,sex,smoker,y\n"
        for i in 0..<40 { csv += "\(30 + i),\(i % 2 == 0 ? "f" : "m"),\(i % 3 == 0 ? "yes" : "no"),\(i % 2)\n" }
        csv += "Jane Q Secretname,f,Mr Hiddenperson,1\n"
        let table = try CSVReader.read(string: csv)
        let pre = try Preprocessor.fit(table, target: "y")
        let fresh = try CSVReader.read(string: "age,sex,smoker\n41,Xylophonia Patient,no\n", options: pre.readOptions())
        let result = try pre.transform(fresh)
        let messages = (table.warnings + pre.warnings + result.warnings).map(\.description)
        #expect(!messages.isEmpty)
        for m in messages {
            #expect(!m.contains("Secretname") && !m.contains("Hiddenperson") && !m.contains("Xylophonia"), "\(m)")
        }
        #expect(result.warnings.contains { $0.kind == .unseenCategory && $0.column == "sex" && $0.row != nil })
        do { _ = try pre.transform(fresh, strict: true); Issue.record("expected an error") } catch {
            #expect(!"\(error)".contains("Xylophonia"))
        }
        #expect(!DataError.invalidValue(column: "age", row: 3, value: "Jane Doe", expected: .numeric).description.contains("Jane"))
    }
}
