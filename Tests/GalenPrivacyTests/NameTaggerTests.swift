import Foundation
import Testing
@testable import GalenPrivacy

/// The feature hashes of every token of `text`, with the previous class taken as O.
private func featureHashes(_ text: String) -> [[UInt64]] {
    var copy = text
    return copy.withUTF8 { b in
        let tokens = TextToken.tokenize(b)
        let spans = PHIScanner(tagger: nil).scan(bytes: b)
        let f = TokenFeatures(bytes: b, tokens: tokens, ruleSpans: spans, lexicon: .shared)
        var out: [[UInt64]] = []
        var buf = [UInt64](repeating: 0, count: TokenFeatures.count)
        for i in tokens.indices {
            buf.withUnsafeMutableBufferPointer { f.features(i, previousClass: 0, into: $0) }
            out.append(buf)
        }
        return out
    }
}

/// Invented capitalised words, none of them in the shipped lists.
private let inventedWords = ["Blorvik", "Quasmer", "Trindle", "Vospari", "Grelton", "Mubrack", "Zantiel", "Prodwyn",
                             "Kelvash", "Yorbin", "Dastrel", "Fenwix", "Hulgrave", "Istrova", "Jorkel", "Lumbrick"]

/// A synthetic corpus: an invented word after `qwv` is a NAME, after `zzt` it is not.
private func syntheticNotes(_ words: ArraySlice<String>) -> [AnnotatedNote] {
    var notes: [AnnotatedNote] = []
    for (n, w) in words.enumerated() {
        let named = "the note said qwv \(w) came back today"
        let start = named.utf8.count - "\(w) came back today".utf8.count
        notes.append(AnnotatedNote(id: "s\(n)a", text: named,
                                   spans: [.init(type: "NAME", start: start, end: start + w.utf8.count)]))
        notes.append(AnnotatedNote(id: "s\(n)b", text: "the note said zzt \(w) came back today", spans: []))
    }
    return notes
}

@Test func tokenFeaturesAreDeterministicAndCaseFoldTheWord() {
    let text = "Pt seen with daughter Ximena Oyelaran in Worcester on 3/4."
    #expect(featureHashes(text) == featureHashes(text))
    var a = "Smith", b = "SMITH"
    let (wa, sa) = a.withUTF8 { let h = TokenFeatures.hashes($0, 0, $0.count); return (h.word, h.shape) }
    let (wb, sb) = b.withUTF8 { let h = TokenFeatures.hashes($0, 0, $0.count); return (h.word, h.shape) }
    #expect(wa == wb)
    #expect(sa != sb)
    // Every feature of a token differs from the same template's feature of a different word.
    let one = featureHashes("with Ximena today"), two = featureHashes("with Zbigniew today")
    #expect(one[1][1] != two[1][1])
    #expect(one[1][0] == two[1][0])  // bias
}

@Test func trainingLearnsASeparablePattern() throws {
    var trainer = NameTaggerTrainer()
    trainer.epochs = 5
    let tagger = trainer.train(syntheticNotes(inventedWords[0..<12]))
    let scanner = PHIScanner(tagger: tagger)
    for w in inventedWords[12...] {
        #expect(found("the note said qwv \(w) came back today", scanner).map(\.1) == [w])
        #expect(found("the note said zzt \(w) came back today", scanner).isEmpty)
        // The rules alone find neither: the pattern is the tagger's.
        #expect(found("the note said qwv \(w) came back today", PHIScanner(tagger: nil)).isEmpty)
    }
}

@Test func trainingIsReproducibleToTheByte() {
    var trainer = NameTaggerTrainer()
    trainer.epochs = 3
    let notes = syntheticNotes(inventedWords[0..<8])
    #expect(trainer.train(notes).encoded() == trainer.train(notes).encoded())
}

@Test func weightFileRoundTrips() throws {
    var trainer = NameTaggerTrainer()
    trainer.epochs = 3
    let tagger = trainer.train(syntheticNotes(inventedWords[0..<8]))
    let folder = temporaryFolder()
    let path = folder.appendingPathComponent("tagger.bin").path
    try tagger.write(to: path)
    let back = try NameTagger.load(path: path)
    #expect(back.encoded() == tagger.encoded())
    #expect(back.weights == tagger.weights)
    #expect(back.margin == tagger.margin)
}

@Test func corruptOrMissingWeightFilesFailClearly() throws {
    let good = try NameTagger.bundled.get().encoded()
    func reason(_ bytes: [UInt8]) -> String? {
        do { _ = try NameTagger(bytes: bytes, source: "w.bin"); return nil } catch let e as PrivacyError {
            guard case let .invalidTagger(tagger, path, reason) = e else { return "other error" }
            #expect(path == "w.bin")
            #expect(tagger == .name)
            #expect(e.description.hasPrefix("w.bin: unusable name-tagger weights"))
            return reason
        } catch { return "other error" }
    }
    #expect(reason(Array(good.prefix(good.count - 10)))?.contains("truncated") == true)
    #expect(reason(Array(good.prefix(20)))?.contains("truncated") == true)
    #expect(reason([])?.contains("truncated") == true)
    var flipped = good
    flipped[good.count / 2] ^= 0x40
    #expect(reason(flipped)?.contains("checksum") == true)
    var magic = good
    magic[0] = 0x58
    #expect(reason(magic)?.contains("magic") == true)
    var features = good
    features[8] &+= 1
    #expect(reason(features)?.contains("feature version") == true)
    #expect(throws: PrivacyError.invalidTagger(tagger: .name, path: "/nonexistent/w.bin", reason: "the file cannot be read")) {
        try NameTagger.load(path: "/nonexistent/w.bin")
    }
    #expect(reason(good) == nil)
}

@Test func shippedWeightsAreSmallAndLoad() throws {
    let url = repositoryRoot.appendingPathComponent("Sources/GalenPrivacy/Resources/name_tagger.bin")
    let bytes = try #require(FileManager.default.contents(atPath: url.path))
    #expect(bytes.count <= 2_000_000)
    let tagger = try NameTagger.load(path: url.path)
    #expect(tagger.encoded() == [UInt8](bytes))
    #expect(PHIScanner().tagger != nil)
}

@Test func shippedTaggerFindsNamesNoRuleCoversAndLeavesDrugsAndEponymsAlone() throws {
    let rules = PHIScanner(tagger: nil), both = PHIScanner()
    // No rule covers a surname after "reviewed by … at" or a place after "moved here from"… the tagger does. (The
    // weights retrained with heldout4 no longer take `Paged Kowalczyk twice`: a linear model's borderline examples
    // move between retrains, see docs/deid.md.)
    let paged = "Results reviewed by Okwuosa at noon."
    #expect(found(paged, rules).isEmpty)
    #expect(found(paged, both).map(\.1) == ["Okwuosa"])
    #expect(found(paged, both).map(\.0) == [.name])
    let talk = "Plan discussed with Hallworth at bedside."
    #expect(found(talk, rules).isEmpty)
    #expect(found(talk, both).map(\.1) == ["Hallworth"])
    // Drug names and eponyms stay.
    for text in ["Started Lisinopril 10 mg daily; continue Metformin.", "Positive Murphy sign, no Graves disease.",
                 "Followed by Cardiology; Tylenol PRN for pain."] {
        #expect(found(text, both).isEmpty, "\(text)")
    }
}

@Test func crossValidationScoresEachLeftOutSet() throws {
    let root = repositoryRoot.appendingPathComponent("data/deid-corpus")
    let sets = try ["heldout", "dev3"].map { (name: $0, notes: try AnnotatedNote.load(path: root.appendingPathComponent($0).path)) }
    var trainer = NameTaggerTrainer()
    trainer.epochs = 2
    let cv = try TaggerCrossValidation.run(sets: sets, trainer: trainer)
    #expect(cv.folds.map(\.set) == ["heldout", "dev3"])
    #expect(cv.folds[0].rules.overall.gold == 71)
    #expect(cv.table.contains("| dev3 |"))
    #expect(throws: PrivacyError.self) { try TaggerCrossValidation.run(sets: Array(sets.prefix(1)), trainer: trainer) }
}

@Test func taggerWeightErrorsNameWhichTaggerFile() {
    let name = PrivacyError.invalidTagger(tagger: .name, path: "a.bin", reason: "truncated").description
    let transformer = PrivacyError.invalidTagger(tagger: .transformer, path: "b.safetensors", reason: "truncated").description
    #expect(name == "a.bin: unusable name-tagger weights: truncated")
    #expect(transformer == "b.safetensors: unusable MiniLM PHI-tagger weights: truncated")
    #expect(!transformer.contains("name-tagger"))
}
