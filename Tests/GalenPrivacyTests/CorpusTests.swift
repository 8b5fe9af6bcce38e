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

/// The hand-written held-out notes: a regression guard at the measured level (recall 0.986, 70/71; no longer blind,
/// see docs/deid.md).
@Test func heldOutNotesDoNotRegress() throws {
    let notes = try AnnotatedNote.load(path: repositoryRoot.appendingPathComponent("data/deid-corpus/heldout").path)
    #expect(notes.count == 22)
    let e = DeidEvaluation.run(notes)
    #expect(e.overall.found >= 70)
    #expect(e.overall.precision >= 0.95)
}

/// The development sets written one note at a time for issue 6's generalisation work (dev2 before any rule change,
/// dev3 after the first round) and the second author's heldout2 (a development set since the recall round):
/// regression guards at the measured levels, dev2 recall 0.959 (324/338), dev3 0.957 (154/161), heldout2 0.951
/// (1,293/1,359). Their blind figures (0.737, 0.839, 0.837) are in docs/deid.md.
@Test func developmentSetsDoNotRegress() throws {
    for (folder, count, found) in [("dev2", 89, 324), ("dev3", 42, 154), ("heldout2", 171, 1293)] {
        let notes = try AnnotatedNote.load(path: repositoryRoot.appendingPathComponent("data/deid-corpus/\(folder)").path)
        #expect(notes.count == count, "\(folder)")
        let e = DeidEvaluation.run(notes)
        #expect(e.overall.found >= found, "\(folder): found \(e.overall.found)")
        #expect(e.overall.precision >= 0.95, "\(folder): precision \(e.overall.precision)")
    }
}
