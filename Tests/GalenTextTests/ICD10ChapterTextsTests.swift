import Foundation
import Testing
import GalenData
@testable import GalenText

/// The ICD-10-CM chapter task export: descriptions and inclusion terms → chapter, category groups, sampling.
@Suite struct ICD10ChapterTextsTests {
    static func entry(_ code: String, _ description: String, chapter: String, inclusion: [String] = []) -> ICD10CMEntry {
        ICD10CMEntry(code: code, description: description, chapter: chapter, chapterTitle: "Chapter \(chapter)", section: "s",
                     sectionTitle: "S", parent: nil, depth: 1, isLeaf: true, inclusionTerms: inclusion)
    }

    @Test func descriptionsAndInclusionTermsBecomeRecords() throws {
        let records = ICD10ChapterTexts.records([
            Self.entry("I21", "Acute myocardial infarction", chapter: "9", inclusion: ["myocardial infarction specified as acute"]),
            Self.entry("I21.4", "Non-ST elevation (NSTEMI) myocardial infarction", chapter: "9"),
            Self.entry("S72.0", "Fracture of head and neck of femur", chapter: "19", inclusion: [" "]),
        ])
        #expect(records.map(\.text) == ["Acute myocardial infarction", "myocardial infarction specified as acute",
                                         "Non-ST elevation (NSTEMI) myocardial infarction", "Fracture of head and neck of femur"])
        #expect(records.map(\.category) == ["I21", "I21", "I21", "S72"])
        #expect(records.map(\.source) == ["description", "inclusion term", "description", "description"])
        #expect(Set(records.map(\.chapter)) == ["9", "19"])

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("icd-\(UUID().uuidString).jsonl")
        try ICD10ChapterTexts.writeJSONL(records, to: url)
        let back = try TextDataset.read(path: url.path, target: "chapter", groupColumn: "category")
        #expect(back.texts == records.map(\.text))
        #expect(back.groups == records.map(\.category))
        #expect(TextDataset.classNames(of: back.labelNames!) == ["9", "19"])

        let sampled = ICD10ChapterTexts.sample(records, categories: 1, seed: 7)
        #expect(Set(sampled.map(\.category)).count == 1)
        #expect(sampled == ICD10ChapterTexts.sample(records, categories: 1, seed: 7))
    }
}
