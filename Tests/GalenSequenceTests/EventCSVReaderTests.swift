import Foundation
import GalenData
import Testing
@testable import GalenSequence

/// Long-format event CSVs: events and numeric features, and errors naming line and column.
@Suite struct EventCSVReaderTests {
    static func write(_ text: String) throws -> String {
        let url = try Support.tempDir().appendingPathComponent("events.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func readsEventsAndFeatures() throws {
        let path = try Self.write("""
        patient,date,code,hba1c
        a,2020-01-05,E11,7.1
        b,2020-02-01,I10,
        a,2019-12-31T08:00:00,Z00,
        b,2020-03-01,,6.0
        c,18000,,
        """)
        let h = try EventCSVReader(patientColumn: "patient", timeColumn: "date", eventColumn: "code", featureColumns: ["HbA1c"]).read(path: path)
        #expect(h.events["a"] == [PatientEvent(day: Support.day("2019-12-31"), code: "Z00"),
                                  PatientEvent(day: Support.day("2020-01-05"), code: "E11"),
                                  PatientEvent(day: Support.day("2020-01-05"), code: "hba1c", value: 7.1)])
        #expect(h.events["b"]!.map(\.code) == ["I10", "hba1c"])
        #expect(h.events["c"] == nil)                           // no event and no feature value
        #expect(h.observation["a"] == Support.day("2019-12-31")...Support.day("2020-01-05"))
    }

    @Test func errorsNameLineAndColumn() throws {
        let path = try Self.write("patient,date,code\na,2020-01-05,E11\nb,05/01/2020,I10\n")
        #expect(throws: EventDataError.badDate(source: path, line: 3, column: "date")) {
            try EventCSVReader(patientColumn: "patient", timeColumn: "date", eventColumn: "code").read(path: path)
        }
        let empty = try Self.write("patient,date,code\na,2020-01-05,E11\n,2020-01-06,I10\n")
        #expect(throws: EventDataError.missingValue(source: empty, line: 3, column: "patient")) {
            try EventCSVReader(patientColumn: "patient", timeColumn: "date", eventColumn: "code").read(path: empty)
        }
        #expect(throws: EventDataError.missingColumns(source: path, columns: ["when"], available: ["patient", "date", "code"])) {
            try EventCSVReader(patientColumn: "patient", timeColumn: "when", eventColumn: "code").read(path: path)
        }
        #expect(throws: EventDataError.self) { try EventCSVReader(patientColumn: "patient", timeColumn: "date").read(path: path) }
    }

    @Test func strictDates() {
        #expect(EventDate.days("1970-01-02") == 1)
        #expect(EventDate.days("2020-02-29") != nil)
        #expect(EventDate.days("2019-02-29") == nil)
        #expect(EventDate.days("2019-13-01") == nil)
        #expect(EventDate.days("2019-1-01") == nil)
        #expect(EventDate.days("2019-01-01x") == nil)
        #expect(EventDate.days("-5") == -5)
    }
}
