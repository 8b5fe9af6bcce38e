import Foundation
import GalenData
import GalenNN
import GalenTensor
import Testing
@testable import GalenSequence

/// The vocabulary sees training patients only; padding never changes a network's output.
@Suite struct VocabularyAndMaskingTests {
    @Test func vocabularyIsFittedOnTheGivenPatientsOnly() {
        let idx = Support.day("2000-01-01")
        let h = PatientHistories(source: "t", events: [
            "train1": [PatientEvent(day: idx - 1, code: "A", value: 1), PatientEvent(day: idx - 2, code: "B"), PatientEvent(day: idx + 5, code: "LATER")],
            "train2": [PatientEvent(day: idx - 1, code: "A", value: 3)],
            "test": [PatientEvent(day: idx - 1, code: "TESTONLY"), PatientEvent(day: idx - 1, code: "A", value: 100)],
        ], observation: [:])
        let train = ["train1", "train2"].map { CohortMember(patientID: $0, indexDay: idx, label: 0) }
        let v = CodeVocabulary(fitting: train, histories: h, minimumCount: 1)
        #expect(v.codes == ["A", "B"])                  // most frequent first; LATER is after the index
        #expect(v.id("TESTONLY") == CodeVocabulary.unknown)
        #expect(v.valueScaling["A"] == CodeVocabulary.ValueScaling(mean: 2, standardDeviation: 1))   // the test value 100 is not used
        #expect(v.scaledValue(100, code: "A") == 5)    // clipped
        #expect(CodeVocabulary(fitting: train, histories: h, minimumCount: 2).codes == ["A"])
        // Codable round trip keeps ids.
        let back = try! JSONDecoder().decode(CodeVocabulary.self, from: JSONEncoder().encode(v))
        #expect(back == v && back.id("B") == v.id("B"))
    }

    @Test(arguments: SequenceArchitecture.allCases)
    func paddingNeverChangesOutputs(_ arch: SequenceArchitecture) throws {
        let h = Support.syntheticHistories(count: 12)
        let members = try Support.syntheticDefinition().build(h).members
        let v = CodeVocabulary(fitting: members, histories: h, minimumCount: 1)
        let s = EncodedSequences(members: members, histories: h, vocabulary: v, maxLength: 16)
        #expect(Set(s.lengths).count > 3)               // really different lengths, so padding is exercised
        var config = SequenceNetworkConfig(architecture: arch, vocabularySize: v.size)
        config.hidden = 16; config.embeddingDimension = 8; config.heads = 2; config.layers = 2; config.maxLength = 16
        let net = try SequenceNetwork(config, seed: 3)
        net.eval()
        let padded = try withNoGrad { try net.forward(s.batch(Array(0..<s.count))) }.scalars
        for i in 0..<s.count {
            let alone = try s.batch([i])
            #expect(alone.steps == s.lengths[i])        // unpadded
            let single = try withNoGrad { try net.forward(alone) }.scalars[0]
            #expect(abs(single - padded[i]) < 1e-5, "sequence \(i) (length \(s.lengths[i])): \(single) alone vs \(padded[i]) padded")
        }
        // Garbage in the padded steps changes nothing either.
        let noisy = try s.batch(Array(0..<s.count))
        for i in 0..<noisy.count { for k in noisy.lengths[i]..<noisy.steps { noisy.features.pointer[(i * noisy.steps + k) * EncodedSequences.stepFeatures] = 9 } }
        let out = try withNoGrad { try net.forward(noisy) }.scalars
        for i in 0..<s.count { #expect(abs(out[i] - padded[i]) < 1e-5) }
    }

    @Test func keepsTheLatestEvents() {
        let idx = Support.day("2000-01-01")
        let h = PatientHistories(source: "t", events: ["a": (0..<10).map { PatientEvent(day: idx - 10 + $0, code: "C\($0)") }], observation: [:])
        let m = [CohortMember(patientID: "a", indexDay: idx, label: 0)]
        let v = CodeVocabulary(fitting: m, histories: h, minimumCount: 1)
        let s = EncodedSequences(members: m, histories: h, vocabulary: v, maxLength: 3)
        #expect(s.ids.scalars == ["C7", "C8", "C9"].map { Float(v.id($0)) })
        #expect(s.historyCounts == [10])
        let f = EncodedSequences.stepFeatures
        #expect(abs(s.features.scalars[2 * f] - Float(log1p(1.0) / 10)) < 1e-6)       // the last event: 1 day before index
        #expect(abs(s.features.scalars[2 * f + 2] - Float(log1p(9.0) / 10)) < 1e-6)   // and 9 days after the first (C0)
    }
}
