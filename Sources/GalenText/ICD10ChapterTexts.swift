import Foundation
import GalenClinical
import GalenData
import GalenTensor

/// The ICD-10-CM chapter-classification task as a text file: every code's description and each of its inclusion
/// terms becomes one JSON Lines record `{"text", "chapter", "chapter_title", "code", "category", "source"}`, where
/// `chapter` is the chapter number (1–22), `category` the code's 3-character category (`I21` for `I21.4`, the
/// group to split by so that a category's texts never straddle train and test) and `source` is `description` or
/// `inclusion term`.
public enum ICD10ChapterTexts {
    /// One record of the exported file.
    public struct Record: Codable, Sendable, Equatable {
        public var text: String
        public var chapter: String
        public var chapterTitle: String
        public var code: String
        public var category: String
        public var source: String

        enum CodingKeys: String, CodingKey {
            case text, chapter, chapterTitle = "chapter_title", code, category, source
        }
    }

    /// Records for `entries`, in file order: each code's description, then its inclusion terms.
    public static func records(_ entries: [ICD10CMEntry]) -> [Record] {
        var out: [Record] = []
        for e in entries {
            let category = String(e.code.prefix { $0 != "." })
            let texts = [(e.description, "description")] + e.inclusionTerms.map { ($0, "inclusion term") }
            for (text, source) in texts where !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                out.append(Record(text: text, chapter: e.chapter, chapterTitle: e.chapterTitle, code: e.code,
                                  category: category, source: source))
            }
        }
        return out
    }

    /// The records of a seeded random choice of `categories` categories (all texts of each), in file order.
    public static func sample(_ records: [Record], categories: Int, seed: UInt64) -> [Record] {
        var all: [String] = []
        var seen: Set<String> = []
        for r in records where seen.insert(r.category).inserted { all.append(r.category) }
        guard categories < all.count else { return records }
        var g = SeededGenerator(seed: seed)
        for i in stride(from: all.count - 1, to: 0, by: -1) { all.swapAt(i, Int(g.next() % UInt64(i + 1))) }
        let kept = Set(all.prefix(categories))
        return records.filter { kept.contains($0.category) }
    }

    /// Writes `records` as JSON Lines, atomically.
    /// - Throws: encoding or file-system errors.
    public static func writeJSONL(_ records: [Record], to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for r in records {
            data.append(try encoder.encode(r))
            data.append(0x0A)
        }
        try AtomicFileWriter.write(data, to: url)
    }
}
