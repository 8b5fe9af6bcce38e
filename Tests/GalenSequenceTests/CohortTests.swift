import Foundation
import GalenData
import Testing
@testable import GalenSequence

/// The cohort rule's edge cases: outcome before or on the index, exactly the horizon, no history, short observation.
@Suite struct CohortTests {
    static let index = Support.day("2010-06-01")

    static func histories(_ events: [String: [PatientEvent]], observation: ClosedRange<Int>? = nil) -> PatientHistories {
        let obs = observation ?? (index - 1000)...(index + 1000)
        return PatientHistories(source: "test", events: events, observation: Dictionary(uniqueKeysWithValues: events.keys.map { ($0, obs) }))
    }

    static let rule = CohortDefinition(outcomeCodes: ["OUT", "OUT.child"], outcomeName: "out", indexRule: .fixedDay(index))

    @Test func labelsAndExclusions() throws {
        let h = Self.histories([
            "before": [PatientEvent(day: Self.index - 10, code: "OUT")],
            "onIndex": [PatientEvent(day: Self.index, code: "OUT.child")],
            "dayAfter": [PatientEvent(day: Self.index + 1, code: "OUT")],
            "exactly365": [PatientEvent(day: Self.index - 5, code: "A"), PatientEvent(day: Self.index + 365, code: "OUT.child")],
            "day366": [PatientEvent(day: Self.index + 366, code: "OUT")],
            "noHistory": [],
        ])
        let c = try Self.rule.build(h)
        let labels = Dictionary(uniqueKeysWithValues: c.members.map { ($0.patientID, $0.label!) })
        #expect(labels == ["dayAfter": 1, "exactly365": 1, "day366": 0, "noHistory": 0])
        #expect(c.exclusions.outcomeBeforeIndex == 2)
        #expect(c.members.allSatisfy { $0.indexDay == Self.index })
    }

    @Test func observationRules() throws {
        let events = ["a": [PatientEvent(day: Self.index - 5, code: "A")]]
        // 364 days of prior observation: excluded; 365: included.
        #expect(try Self.rule.build(Self.histories(events, observation: (Self.index - 364)...(Self.index + 400))).exclusions.shortPriorObservation == 1)
        #expect(try Self.rule.build(Self.histories(events, observation: (Self.index - 365)...(Self.index + 400))).members.count == 1)
        // Negative observed for 364 days after index: excluded for follow-up; not when follow-up is not required.
        let short = Self.histories(events, observation: (Self.index - 400)...(Self.index + 364))
        #expect(try Self.rule.build(short).exclusions.shortFollowUp == 1)
        var lenient = Self.rule
        lenient.requireFollowUp = false
        #expect(try lenient.build(short).members.count == 1)
        // Index outside the observation period.
        #expect(try Self.rule.build(Self.histories(events, observation: (Self.index + 1)...(Self.index + 900))).exclusions.notObservedAtIndex == 1)
        // Index before the end of observation.
        let endRule = CohortDefinition(outcomeCodes: ["OUT"], outcomeName: "out", indexRule: .beforeObservationEnd(days: 365))
        let c = try endRule.build(Self.histories(events, observation: (Self.index - 800)...(Self.index + 365)))
        #expect(c.members == [CohortMember(patientID: "a", indexDay: Self.index, label: 0)])
    }

    @Test func noHistoryGetsOneEmptyStep() throws {
        let h = Self.histories(["late": [PatientEvent(day: Self.index + 3, code: "A")], "early": [PatientEvent(day: Self.index, code: "A")]])
        let members = [CohortMember(patientID: "late", indexDay: Self.index, label: 0), CohortMember(patientID: "early", indexDay: Self.index, label: 0)]
        let v = CodeVocabulary(fitting: members, histories: h, minimumCount: 1)
        let s = EncodedSequences(members: members, histories: h, vocabulary: v, maxLength: 8)
        #expect(s.lengths == [1, 1])
        #expect(s.historyCounts == [0, 1])
        #expect(s.ids.scalars == [Float(CodeVocabulary.emptyHistory), Float(v.id("A"))])
        #expect(v.codes == ["A"])
    }

    @Test func labelsFile() throws {
        let dir = try Support.tempDir()
        let url = dir.appendingPathComponent("labels.csv")
        try "id,y,when\na,1,2010-06-01\nb,0,\n".write(to: url, atomically: true, encoding: .utf8)
        let h = Self.histories(["a": [], "b": []])
        #expect(throws: EventDataError.missingValue(source: url.path, line: 3, column: "when")) {
            try CohortLabels.read(path: url.path, patientColumn: "id", labelColumn: "y", indexColumn: "when", histories: h)
        }
        let c = try CohortLabels.read(path: url.path, patientColumn: "id", labelColumn: "y", indexColumn: nil, histories: h)
        #expect(c.members == [CohortMember(patientID: "a", indexDay: Self.index + 1000, label: 1),
                              CohortMember(patientID: "b", indexDay: Self.index + 1000, label: 0)])
        try "id,y\na,2\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: SequenceError.self) {
            try CohortLabels.read(path: url.path, patientColumn: "id", labelColumn: "y", indexColumn: nil, histories: h)
        }
    }
}
