import Foundation
import GalenData
import Testing
@testable import GalenSequence

/// Reading OMOP CDM tables directly: the committed Eunomia cut and broken copies of it.
@Suite struct OMOPDatabaseTests {
    @Test func readsEunomiaFixture() throws {
        let db = try OMOPDatabase(path: Support.omopFixture)
        #expect(OMOPDatabase.handles(Support.omopFixture))
        #expect(db.availableDomains == [.condition, .drug])
        let h = try db.readHistories()
        #expect(h.patientIDs == ["1", "2", "5", "6", "7", "99", "152", "177"])
        #expect(h.eventCount == 194 + 217 + 8)               // conditions, drugs, and a birth event per person
        // Person 1's observation period and an event checked against the CSV rows.
        let period = try #require(h.observation["1"])
        let rows = try String(contentsOfFile: Support.omopFixture + "/observation_period.csv", encoding: .utf8).split(separator: "\n")
        let row1 = try #require(rows.first { $0.split(separator: ",")[1] == "1" }).split(separator: ",")
        #expect(period == EventDate.days(String(row1[2]))!...EventDate.days(String(row1[3]))!)
        // Events are sorted by day and coded by domain.
        for list in h.events.values { #expect(list.map(\.day) == list.map(\.day).sorted()) }
        #expect(h.events["99"]!.contains { $0.code == "condition:80180" })
        #expect(h.events.values.joined().allSatisfy { $0.code.hasPrefix("condition:") || $0.code.hasPrefix("drug:") || $0.code.hasPrefix("person:gender:") })
        // Histories start at birth (person 1's birth date from person.csv), coded by gender.
        let people = try String(contentsOfFile: Support.omopFixture + "/person.csv", encoding: .utf8).split(separator: "\n")
        let p1 = try #require(people.first { $0.hasPrefix("1,") }).split(separator: ",", omittingEmptySubsequences: false)
        #expect(h.events["1"]!.first == PatientEvent(day: DateParsing.days(year: Int(p1[2])!, month: Int(p1[3])!, day: Int(p1[4])!),
                                                     code: "person:gender:\(p1[1])"))
        #expect(h.codeNames["condition:80180"] == "Osteoarthritis")
        #expect(try db.descendants(of: 80180) == [80180])
    }

    @Test func cohortOnFixtureMatchesItsSourceNote() throws {
        let db = try OMOPDatabase(path: Support.omopFixture)
        let h = try db.readHistories()
        let d = CohortDefinition(outcomeCodes: Set(try db.descendants(of: 80180).map { OMOPDomain.condition.code($0) }),
                                 outcomeName: "Osteoarthritis", indexRule: .fixedDay(Support.day("2000-01-01")))
        let c = try d.build(h)
        #expect(c.exclusions.outcomeBeforeIndex == 2)
        #expect(Dictionary(uniqueKeysWithValues: c.members.map { ($0.patientID, $0.label!) })
                == ["5": 0, "6": 0, "7": 0, "99": 1, "152": 1, "177": 1])
    }

    /// A copy of the fixture with `edit` applied to one table's text.
    static func brokenCopy(_ table: String, _ edit: (String) -> String) throws -> String {
        let dir = try Support.tempDir().appendingPathComponent("omop")
        try FileManager.default.copyItem(atPath: Support.omopFixture, toPath: dir.path)
        let url = dir.appendingPathComponent(table + ".csv")
        try edit(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        return dir.path
    }

    @Test func badDateNamesFileLineAndColumn() throws {
        let path = try Self.brokenCopy("condition_occurrence") { text in
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var f = lines[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[3] = "2019-02-30"
            lines[3] = f.joined(separator: ",")
            return lines.joined(separator: "\n")
        }
        #expect(throws: EventDataError.badDate(source: path + "/condition_occurrence.csv", line: 4, column: "CONDITION_START_DATE")) {
            try OMOPDatabase(path: path).readHistories()
        }
    }

    @Test func missingTableAndColumnAreNamed() throws {
        let dir = try Support.tempDir()
        #expect(!OMOPDatabase.handles(dir.path))
        #expect(throws: EventDataError.missingTable(folder: dir.path, table: "person")) { try OMOPDatabase(path: dir.path) }
        let path = try Self.brokenCopy("drug_exposure") { $0.replacingOccurrences(of: "DRUG_CONCEPT_ID", with: "DRUG_ID") }
        do {
            _ = try OMOPDatabase(path: path).readHistories()
            Issue.record("a missing column must be an error")
        } catch let e as EventDataError {
            #expect("\(e)".contains("drug_exposure.csv: missing column drug_concept_id"))
        }
    }
}
