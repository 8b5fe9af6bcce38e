import Foundation
import Testing
@testable import GalenData

@Suite struct CSVParsingTests {
    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let t = try table("name,note,value\n\"Smith, J\",\"said \"\"hi\"\"\",1\n\"multi\nline\",plain,2\n")
        #expect(t.rowCount == 2)
        #expect(t.columnNames == ["name", "note", "value"])
        let name = t.column(named: "name")!
        #expect(name.text(at: 0) == "Smith, J")
        #expect(name.text(at: 1) == "multi\nline")
        #expect(t.column(named: "note")!.text(at: 0) == "said \"hi\"")
        #expect(t.column(named: "value")!.numbers == [1, 2])
        // The second row starts on line 3, the multi-line field makes the file one line longer.
        #expect(t.line(ofRow: 0) == 2)
        #expect(t.line(ofRow: 1) == 3)
    }

    @Test(arguments: ["\r\n", "\n", "\r"])
    func lineEndings(_ eol: String) throws {
        let t = try table("a,b" + eol + "1,x" + eol + "2,\"y" + eol + "z\"" + eol + "3,w" + eol)
        #expect(t.rowCount == 3)
        #expect(t.column(named: "a")!.numbers == [1, 2, 3])
        #expect(t.column(named: "b")!.text(at: 1) == "y" + eol + "z")
        #expect(t.line(ofRow: 2) == 5)
    }

    @Test func lastLineWithoutNewlineAndEmptyLastField() throws {
        let t = try table("a,b\n1,\n2,3")
        #expect(t.rowCount == 2)
        #expect(t.column(named: "b")!.numbers!.map { $0.isNaN ? -1 : $0 } == [-1, 3])
    }

    @Test func blankLinesAreSkipped() throws {
        let t = try table("\n\na,b\n1,2\n\n3,4\n\n")
        #expect(t.rowCount == 2)
        #expect(t.column(named: "a")!.numbers == [1, 3])
        #expect(t.line(ofRow: 0) == 4)
        #expect(t.line(ofRow: 1) == 6)
    }

    @Test(arguments: [(",", UInt8(0x2C)), (";", UInt8(0x3B)), ("\t", UInt8(0x09)), ("|", UInt8(0x7C))])
    func delimiterDetection(_ d: String, _ byte: UInt8) throws {
        let text = ["id", "age", "sex"].joined(separator: d) + "\n" + ["1", "50", "\"F\(d)x\""].joined(separator: d) + "\n"
            + ["2", "61", "M"].joined(separator: d) + "\n"
        let t = try table(text)
        #expect(t.format?.delimiter == byte)
        #expect(t.columnNames == ["id", "age", "sex"])
        #expect(t.column(named: "sex")!.text(at: 0) == "F\(d)x")
    }

    @Test func delimiterOverride() throws {
        // Detection would pick the semicolon; the override keeps commas.
        var o = CSVReadOptions()
        o.delimiter = try CSVReadOptions.delimiter(from: ",")
        let t = try table("a;b,c\n1;2,3\n", o)
        #expect(t.columnNames == ["a;b", "c"])
        #expect(throws: DataError.self) { try CSVReadOptions.delimiter(from: "ab") }
        #expect(try CSVReadOptions.delimiter(from: "\\t") == 0x09)
    }

    @Test func semicolonFilesAcceptDecimalComma() throws {
        let t = try table("a;b\n1,5;2\n3,25;4\n")
        #expect(t.column(named: "a")!.numbers == [1.5, 3.25])
        #expect(t.format?.decimalComma == true)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let t = try CSVReader.read(bytes: [0xEF, 0xBB, 0xBF] + Array("age,sex\n50,F\n".utf8))
        #expect(t.columnNames == ["age", "sex"])
        #expect(t.format?.hadByteOrderMark == true)
    }

    @Test func utf8TextIsKept() throws {
        let t = try table("name,city\nJosé,Zürich\n李,東京\n")
        #expect(t.column(named: "name")!.text(at: 0) == "José")
        #expect(t.column(named: "city")!.text(at: 1) == "東京")
    }

    @Test func whitespaceAroundFieldsIsTrimmed() throws {
        let t = try table("a , b\n 1 ,  \"x y\"  \n2,z\n")
        #expect(t.columnNames == ["a", "b"])
        #expect(t.column(named: "a")!.numbers == [1, 2])
        #expect(t.column(named: "b")!.text(at: 0) == "x y")
    }

    @Test func lenientQuotes() throws {
        // A quote inside an unquoted field is literal; text after a closing quote is kept.
        let t = try table("a,b\nab\"c,\"x\"y\n")
        #expect(t.column(named: "a")!.text(at: 0) == "ab\"c")
        #expect(t.column(named: "b")!.text(at: 0) == "xy")
    }

    @Test func emptyAndRepeatedHeaderNamesAreRenamed() throws {
        let t = try table("a,,a\n1,2,3\n")
        #expect(t.columnNames == ["a", "column_2", "a.2"])
        #expect(t.warnings.filter { $0.kind == .renamedColumn }.count == 2)
    }

    @Test func fileOnDisk() throws {
        let path = try temporaryFile("x,y\n1,2\n3,4\n")
        defer { removeFile(path) }
        let t = try CSVReader.read(path: path)
        #expect(t.source == path)
        #expect(t.column(named: "y")!.numbers == [2, 4])
        #expect(try CSVReader.readHeader(path: path) == ["x", "y"])
    }

    @Test func missingFileIsAnError() {
        let e = dataError { _ = try CSVReader.read(path: "/nonexistent/galen.csv") }
        guard case .cannotRead(let source, _) = e else { Issue.record("got \(String(describing: e))"); return }
        #expect(source == "/nonexistent/galen.csv")
    }
}

@Suite struct CSVWriterTests {
    @Test func roundTrip() throws {
        let values = ["plain", "with, comma", "say \"hi\"", "two\nlines", " padded ", "", "ünïcode"]
        let text = CSVWriter.row(["a", "b"]) + values.map { CSVWriter.row([$0, "x"]) }.joined()
        var o = CSVReadOptions()
        o.missingTokens = []
        o.columnTypes = ["a": .categorical]
        o.trimWhitespace = false
        let t = try table(text, o)
        #expect((0..<values.count).map { t.column(named: "a")!.text(at: $0) ?? "" } == values)
        #expect(CSVWriter.field("a;b", delimiter: 0x3B) == "\"a;b\"")
        #expect(CSVWriter.field("a;b") == "a;b")
    }

    @Test func typeOverrideForAnAbsentColumnIsNoted() throws {
        var o = CSVReadOptions()
        o.columnTypes = ["nope": .numeric]
        let t = try table("a\n1\n", o)
        #expect(t.warnings.contains { $0.column == "nope" && $0.kind == .note })
    }
}
