import Foundation
import Testing
@testable import GalenPrivacy

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Test func corpusMeetsTargets() throws {
    let notes = try AnnotatedNote.load(path: repositoryRoot.appendingPathComponent("data/deid-corpus").path)
    #expect(notes.count >= 100)
    let e = DeidEvaluation.run(notes)
    print(e.table)
    if ProcessInfo.processInfo.environment["DEID_DEBUG"] != nil { print(e.misses.joined(separator: "\n")); print("FP"); print(e.falsePositives.joined(separator: "\n")) }
    #expect(e.overall.recall >= 0.98)
    #expect(e.overall.precision >= 0.90)
    for (type, s) in e.perType where s.gold > 0 {
        #expect(s.recall >= 0.95, "recall of \(type) is \(s.recall)")
    }
    #expect(Set(e.perType.keys).isSuperset(of: PHIType.allCases.map(\.rawValue)))
}

/// The hand-written held-out notes: a regression guard at the measured level (recall 0.90, 64/71), below the
/// issue's targets — see docs/deid.md.
@Test func heldOutNotesDoNotRegress() throws {
    let notes = try AnnotatedNote.load(path: repositoryRoot.appendingPathComponent("data/deid-corpus/heldout").path)
    #expect(notes.count == 22)
    let e = DeidEvaluation.run(notes)
    #expect(e.overall.found >= 64)
    #expect(e.overall.precision >= 0.95)
}
