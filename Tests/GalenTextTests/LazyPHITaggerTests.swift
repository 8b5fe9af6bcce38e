import Foundation
import Testing
@testable import GalenPrivacy
import GalenTensor
@testable import GalenText

/// `LazyPHITagger`: the MiniLM PHI tagger is loaded only when the first text long enough to tag comes (tables of
/// short cells never load it), once, and a bad weight file is refused from its header alone.
@Suite struct LazyPHITaggerTests {
    /// A weight file whose header says it is a PHI tagger with `minimumWords` (its tensors are never read here).
    private func headerOnlyWeights(minimumWords: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lazy-phi-\(UUID().uuidString).safetensors")
        try SafeTensors.write(["x": Tensor.zeros([2])], metadata: ["format": PHITransformerTagger.format,
                                                                  "version": PHITransformerTagger.version,
                                                                  "minimum_words": String(minimumWords)], to: url)
        return url
    }

    /// Counts the loads; each one fails (no base model is needed to see when the load happens).
    private final class LoadCounter: @unchecked Sendable {
        var calls = 0
    }

    @Test func loadsOnTheFirstTextLongEnoughAndOnlyOnce() throws {
        let url = try headerOnlyWeights(minimumWords: 8)
        defer { try? FileManager.default.removeItem(at: url) }
        let counter = LoadCounter()
        let lazy = try LazyPHITagger(weights: url) {
            counter.calls += 1
            throw PrivacyError.invalidTagger(tagger: .transformer, path: url.path, reason: "test load")
        }
        #expect(lazy.minimumWords == 8)
        let scanner = PHIScanner(extraSources: [lazy])
        for cell in ["Ana Lopez", "DOB 03/14/1931", "seen today, doing well"] { _ = scanner.scan(cell) }
        #expect(counter.calls == 0 && !lazy.isLoaded)  // short cells: never loaded
        let note = "Mrs. Ana Lopez was seen in clinic today and will return next week for review."
        let spans = scanner.scan(note)
        #expect(counter.calls == 1)
        #expect(!spans.isEmpty)  // a failed load leaves the rules
        #expect(lazy.failure != nil && scanner.sourceFailure != nil)  // … and is kept, for callers to stop on
        _ = scanner.scan(note)
        #expect(counter.calls == 1)  // a failed load is not retried
    }

    /// A table whose long cell makes the lazy load fail is not written (its text cells would be under-scanned):
    /// the run throws the load's error naming the weight file, and no output file appears.
    @Test func aTableStopsWithoutOutputWhenTheLazyLoadFails() throws {
        let url = try headerOnlyWeights(minimumWords: 8)
        defer { try? FileManager.default.removeItem(at: url) }
        let lazy = try LazyPHITagger(weights: url) { throw PrivacyError.invalidTagger(tagger: .transformer, path: url.path, reason: "truncated") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lazy-table-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.csv"), output = dir.appendingPathComponent("out.csv")
        try "id,note\n1,short note\n2,Mrs. Ana Lopez was seen in clinic today and will return next week.\n"
            .write(to: input, atomically: true, encoding: .utf8)
        let policy = try DeidPolicy(yaml: "columns:\n  id: keep\n  note: text\n")
        let deid = try TableDeidentifier(policy: policy, key: nil, scanner: PHIScanner(extraSources: [lazy]))
        #expect(throws: PrivacyError.self) { try deid.run(input: input.path, output: output.path) }
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(String(describing: lazy.failure!).contains(url.lastPathComponent))
    }

    @Test func badWeightFilesAreRefusedFromTheHeader() throws {
        let dir = FileManager.default.temporaryDirectory
        let missing = dir.appendingPathComponent("no-such-\(UUID().uuidString).safetensors")
        #expect(throws: PrivacyError.self) { try LazyPHITagger(weights: missing) { throw PrivacyError.invalidTagger(tagger: .transformer, path: "", reason: "") } }
        let junk = dir.appendingPathComponent("junk-\(UUID().uuidString).safetensors")
        try Data(repeating: 7, count: 64).write(to: junk)
        defer { try? FileManager.default.removeItem(at: junk) }
        #expect(throws: PrivacyError.self) { try LazyPHITagger(weights: junk) { throw PrivacyError.invalidTagger(tagger: .transformer, path: "", reason: "") } }
        let other = dir.appendingPathComponent("other-\(UUID().uuidString).safetensors")
        try SafeTensors.write(["x": Tensor.zeros([2])], metadata: ["format": "something"], to: other)
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(throws: PrivacyError.self) { try LazyPHITagger(weights: other) { throw PrivacyError.invalidTagger(tagger: .transformer, path: "", reason: "") } }
    }

    @Test func theShippedWeightsLoadLazilyWithTheBaseModel() throws {
        let base = URL(fileURLWithPath: "models/all-MiniLM-L6-v2")
        guard FileManager.default.fileExists(atPath: base.appendingPathComponent("model.safetensors").path),
              let weights = PHITransformerTagger.bundledWeightsURL else {
            print("skipped: models/all-MiniLM-L6-v2 is missing; run scripts/fetch_minilm.sh")
            return
        }
        let lazy = try LazyPHITagger(weights: weights) { try PHITransformerTagger.load(weights: weights, base: TextEncoder(directory: base)) }
        let scanner = PHIScanner(tagger: nil, extraSources: [lazy])
        _ = scanner.scan("BP 120/80")
        #expect(!lazy.isLoaded)
        _ = scanner.scan("Mrs. Ana Lopez was seen in clinic today and will return next week for review.")
        #expect(lazy.isLoaded)
    }
}
