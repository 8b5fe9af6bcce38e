import Foundation
import Testing
@testable import GalenPrivacy
import GalenTensor
@testable import GalenText

/// The transformer PHI tagger: windows and their stitching, span merging, a tiny fine-tune on a random encoder that
/// learns a synthetic pattern, the weight file (round trip and bad files), and the scanner hook.
@Suite struct PHITaggerTests {
    @Test func windowsOverlapAndEachTokenGoesToTheWindowWithMostContext() throws {
        let short = try TokenWindows(tokenCount: 5, length: 8, stride: 4)
        #expect(short.starts == [0] && short.range(0) == 0..<5 && short.owner(of: 4) == (0, 4))
        let w = try TokenWindows(tokenCount: 20, length: 8, stride: 4)
        #expect(w.starts == [0, 4, 8, 12])
        #expect(w.range(3) == 12..<20)
        #expect(w.owner(of: 0) == (0, 0))    // only window 0 holds it
        #expect(w.owner(of: 5) == (0, 5))    // margin 2 in window 0 (0..<8) and 1 in window 1 (4..<12): window 0
        #expect(w.owner(of: 6) == (1, 2))    // margin 1 in window 0, 2 in window 1
        #expect(w.owner(of: 19) == (3, 7))
        let aligned = try TokenWindows(tokenCount: 10, length: 8, stride: 4)
        #expect(aligned.starts == [0, 2])    // the last window ends at the last token
        for n in [1, 7, 8, 9, 31, 100] {
            let ws = try TokenWindows(tokenCount: n, length: 8, stride: 4)
            for i in 0..<n {
                let (window, offset) = ws.owner(of: i)
                #expect(ws.range(window).contains(i) && ws.starts[window] + offset == i)
            }
        }
        #expect(throws: TextError.self) { try TokenWindows(tokenCount: 3, length: 0, stride: 1) }
        #expect(throws: TextError.self) { try TokenWindows(tokenCount: 3, length: 4, stride: 5) }
    }

    @Test func wordsMergeIntoSpansOnOneLine() {
        let text = "Dr. Ana Lopez, Boston\nSalem seen , . IA 12 2024 123456"
        var bytes = Array(text.utf8)
        func w(_ s: String, _ type: PHIType?, from: Int = 0) -> (start: Int, end: Int, type: PHIType?) {
            let r = text.range(of: s, range: text.index(text.startIndex, offsetBy: from)..<text.endIndex)!
            let a = text.utf8.distance(from: text.startIndex, to: r.lowerBound)
            return (a, a + s.utf8.count, type)
        }
        let words = [w("Dr", nil), w(".", nil), w("Ana", .name), w("Lopez", .name), w(",", .name), w("Boston", .location),
                     w("Salem", .location), w("seen", nil), w(",", .name, from: 30), w(".", .name, from: 32), w("IA", .location),
                     w("12", .date), w("2024", .name), w("123456", .identifier)]
        let spans = bytes.withUnsafeMutableBufferPointer { PHITransformerTagger.spans(words: words, bytes: UnsafeBufferPointer($0)) }
        func cut(_ s: PHISpan) -> String { String(decoding: Array(text.utf8)[s.start..<s.end], as: UTF8.self) }
        // "Ana Lopez" (the trailing comma trimmed), "Boston" and "Salem" split by the line break; ", ." (punctuation),
        // "IA" (two letters), "12" and "2024" (short numbers alone) dropped; a 6-digit number kept.
        #expect(spans.map(cut) == ["Ana Lopez", "Boston", "Salem", "123456"])
        #expect(spans.map(\.type) == [.name, .location, .location, .identifier])

        // A punctuation word tagged O inside one written token joins its neighbours of one type; with a space it does not.
        var mail = Array("ana.lopez@mail.org x . y".utf8)
        let mailWords: [(start: Int, end: Int, type: PHIType?)] = [(0, 3, .email), (3, 4, nil), (4, 9, .email), (9, 10, .email),
                                                                  (10, 14, .email), (14, 15, nil), (15, 18, .email),
                                                                  (19, 20, .name), (21, 22, nil), (23, 24, .name)]
        let joined = mail.withUnsafeMutableBufferPointer { PHITransformerTagger.spans(words: mailWords, bytes: UnsafeBufferPointer($0)) }
        #expect(joined == [PHISpan(type: .email, start: 0, end: 18)])  // "x" and "y" alone are too short
    }

    @Test func agesOverEightyNineInDigitsAloneAreKept() {
        // A number of at most 4 digits alone is dropped, but an AGE span from 90 to 125 is an identifier by itself.
        let text = "pt 93 F, sister 101, aunt 125, HR 92 bpm, 89 y, 089, 126, 2024"
        let bytes = Array(text.utf8)
        func w(_ s: String, _ type: PHIType?) -> (start: Int, end: Int, type: PHIType?) {
            let r = text.range(of: " " + s)!
            let a = text.utf8.distance(from: text.startIndex, to: r.lowerBound) + 1
            return (a, a + s.utf8.count, type)
        }
        let words = [w("93", .age), w("101", .age), w("92", .date), w("125", .age), w("89", .age), w("089", .age), w("126", .age), w("2024", .age)]
        let spans = bytes.withUnsafeBufferPointer { PHITransformerTagger.spans(words: words, bytes: $0) }
        func cut(_ s: PHISpan) -> String { String(decoding: bytes[s.start..<s.end], as: UTF8.self) }
        // `92` tagged DATE stays dropped (a short number of another type); 89, 089, 126 and 2024 are no
        // ages over 89 (`PHIScanner.isAgeOver89`: 90–125).
        #expect(spans.map(cut) == ["93", "101", "125"])
        #expect(spans.allSatisfy { $0.type == .age })
    }

    /// Synthetic notes over the tiny vocabulary: `femur` is always a NAME and `wrist` a LOCATION.
    static func syntheticNotes(count: Int, seed: UInt64) -> [AnnotatedNote] {
        var g = SeededGenerator(seed: seed)
        let words = TinyText.classWords.values.flatMap { $0 }.filter { $0 != "femur" && $0 != "wrist" } + TinyText.shared
        var notes: [AnnotatedNote] = []
        for n in 0..<count {
            var text = "", spans: [AnnotatedNote.Span] = []
            for k in 0..<24 {
                if !text.isEmpty { text += " " }
                let r = Int(g.next() % 10)
                let word = r == 0 ? "femur" : r == 1 ? "wrist" : words[Int(g.next() % UInt64(words.count))]
                if r <= 1 { spans.append(.init(type: r == 0 ? "NAME" : "LOCATION", start: text.utf8.count, end: text.utf8.count + word.utf8.count)) }
                text += word
                if k % 9 == 8 { text += " ." }
            }
            notes.append(AnnotatedNote(id: "s-\(n)", text: text, spans: spans))
        }
        return notes
    }

    @Test func aTinyFineTuneLearnsASyntheticPatternAndItsWeightsRoundTrip() throws {
        let dir = try TinyText.tempDir()
        try TinyText.writeEncoderFolder(dir)
        var trainer = PHITaggerTrainer()
        trainer.windowLength = 12            // notes of ~27 pieces: several stitched windows each
        trainer.epochs = 12
        trainer.batchSize = 8
        trainer.learningRate = 2e-2
        trainer.encoderLearningRate = 5e-3
        trainer.minimumWords = 4
        trainer.threshold = 0.5
        let tagger = try trainer.train(Self.syntheticNotes(count: 40, seed: 3), base: TextEncoder(directory: dir))
        let text = "acute femur fever with wrist pain patient chronic bone right wrist"
        let tagged = try tagger.tagWords(text)
        let found = tagged.filter { $0.type != nil }.map { String(decoding: Array(text.utf8)[$0.start..<$0.end], as: UTF8.self) }
        #expect(found == ["femur", "wrist", "wrist"], "\(found)")
        #expect(tagged.first { String(decoding: Array(text.utf8)[$0.start..<$0.end], as: UTF8.self) == "femur" }?.type == .name)

        // Through the scanner: the rules find nothing here, the tagger's spans are added.
        let scanner = PHIScanner(tagger: nil, extraSources: [tagger])
        #expect(scanner.scan(text).map(\.type) == [.name, .location, .location])
        #expect(PHIScanner(tagger: nil).scan(text).isEmpty)
        tagger.minimumWords = 50
        #expect(scanner.scan(text).isEmpty)  // too short a text: left to the rules
        tagger.minimumWords = 4

        // Written (F16) and loaded back onto a fresh base: the same words.
        let file = dir.appendingPathComponent("phi.safetensors")
        try tagger.write(to: file)
        let loaded = try PHITransformerTagger.load(weights: file, base: TextEncoder(directory: dir))
        #expect(loaded.fineTunedLayers == 1 && loaded.windowLength == 12 && loaded.minimumWords == 4 && loaded.threshold == 0.5)
        #expect(try loaded.tagWords(text).map(\.type) == tagged.map(\.type))
    }

    @Test func badWeightFilesGiveClearErrors() throws {
        let dir = try TinyText.tempDir()
        try TinyText.writeEncoderFolder(dir)
        let base = try TextEncoder(directory: dir)
        func reason(_ url: URL, base: TextEncoder) -> String? {
            do { _ = try PHITransformerTagger.load(weights: url, base: base); return nil } catch let PrivacyError.invalidTagger(tagger, path, reason) {
                #expect(path == url.path)
                #expect(tagger == .transformer)
                #expect(PrivacyError.invalidTagger(tagger: tagger, path: path, reason: reason).description
                    .hasPrefix("\(url.path): unusable MiniLM PHI-tagger weights"))
                return reason
            } catch { Issue.record("unexpected error \(error)"); return nil }
        }
        #expect(reason(dir.appendingPathComponent("none.safetensors"), base: base)?.contains("does not exist") == true)
        let garbage = dir.appendingPathComponent("garbage.safetensors")
        try Data("not a weight file at all".utf8).write(to: garbage)
        #expect(reason(garbage, base: base)?.contains("safetensors") == true)
        let other = dir.appendingPathComponent("other.safetensors")
        try SafeTensors.write(["x": Tensor.zeros([2])], metadata: ["format": "something"], to: other)
        #expect(reason(other, base: base)?.contains("format") == true)

        var trainer = PHITaggerTrainer()
        trainer.windowLength = 12
        trainer.epochs = 1
        let good = dir.appendingPathComponent("good.safetensors")
        try trainer.train(Self.syntheticNotes(count: 4, seed: 1), base: base).write(to: good)
        let bytes = try Data(contentsOf: good)
        let truncated = dir.appendingPathComponent("truncated.safetensors")
        try bytes.prefix(bytes.count - 100).write(to: truncated)
        #expect(reason(truncated, base: try TextEncoder(directory: dir)) != nil)
        // Another base model (different weights, different SHA-256): refused.
        let otherDir = dir.appendingPathComponent("other-encoder")
        try TinyText.writeEncoderFolder(otherDir, seed: 2)
        #expect(reason(good, base: try TextEncoder(directory: otherDir))?.contains("another base model") == true)
        #expect(reason(good, base: try TextEncoder(directory: dir)) == nil)
    }
}
