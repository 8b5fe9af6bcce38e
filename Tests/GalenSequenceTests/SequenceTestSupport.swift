import Foundation
import GalenData
@testable import GalenSequence

/// Shared helpers: the committed OMOP fixture, temporary folders, and synthetic histories.
enum Support {
    static var omopFixture: String { Bundle.module.url(forResource: "Fixtures/omop", withExtension: nil)!.path }

    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("galen-seq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func day(_ iso: String) -> Int { EventDate.days(iso)! }

    /// `count` synthetic patients observed 1995–2005, index 2000-01-01: every patient has 1–12 routine events
    /// ("R1"…"R5"); patients with the risk code "RISK" before the index get the outcome "OUT" in 2000 when
    /// `i % 4 != 3` (so the label follows the risk code, with noise), the others do not.
    static func syntheticHistories(count: Int) -> PatientHistories {
        var events: [String: [PatientEvent]] = [:]
        var obs: [String: ClosedRange<Int>] = [:]
        let index = day("2000-01-01")
        for i in 0..<count {
            let id = "p\(i)"
            obs[id] = day("1995-01-01")...day("2005-01-01")
            var list: [PatientEvent] = []
            for k in 0..<(1 + (i * 7) % 12) { list.append(PatientEvent(day: index - 30 * (k + 1), code: "R\(1 + (i + k) % 5)")) }
            let risky = i % 2 == 0
            if risky { list.append(PatientEvent(day: index - 100, code: "RISK", value: Double(i % 10))) }
            if risky == (i % 4 != 3) { list.append(PatientEvent(day: index + 100, code: "OUT")) }
            events[id] = list
        }
        return PatientHistories(source: "synthetic", events: events, observation: obs)
    }

    static func syntheticDefinition() -> CohortDefinition {
        CohortDefinition(outcomeCodes: ["OUT"], outcomeName: "outcome", indexRule: .fixedDay(day("2000-01-01")))
    }
}
