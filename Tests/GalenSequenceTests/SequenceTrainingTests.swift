import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenTensor
import Testing
@testable import GalenSequence

/// Training end to end on synthetic histories, the bundle round trip and prediction.
@Suite(.serialized) struct SequenceTrainingTests {
    static func train(_ arch: SequenceArchitecture) throws -> (SequenceTrainingResult, PatientHistories) {
        let h = Support.syntheticHistories(count: 240)
        let d = Support.syntheticDefinition()
        var o = SequenceTrainingOptions()
        o.architecture = arch
        o.hidden = 16; o.embeddingDimension = 8; o.heads = 2; o.maxLength = 16
        o.epochs = 15; o.patience = 15; o.minimumCodeCount = 1; o.learningRate = 1e-2
        o.testFraction = 0.25; o.validationFraction = 0.2
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1)
        let r = try SequenceTrainer.train(histories: h, cohort: try d.build(h), definition: d, source: .omop(), dataName: "synthetic", options: o)
        return (r, h)
    }

    @Test func trainsBundlesAndPredicts() throws {
        let (r, h) = try Self.train(.gru)
        #expect(r.report.models.count == 2 && r.report.models[1].evaluation.isBaseline)
        // RISK decides 3 of 4 labels, so both models must rank far better than chance on the test patients.
        let networkAUC = try #require(r.report.models[0].evaluation.binary?.rocAUC.value)
        let baselineAUC = try #require(r.report.models[1].evaluation.binary?.rocAUC.value)
        #expect(networkAUC > 0.65, "network AUC \(networkAUC)")
        #expect(baselineAUC > 0.65, "baseline AUC \(baselineAUC)")
        #expect(r.content.trainingData.splitSizes == ["train": 132, "validation": 48, "test": 60])
        #expect(r.content.vocabulary.codes.contains("RISK") && !r.content.vocabulary.codes.contains("OUT"))

        let dir = try Support.tempDir()
        let url = dir.appendingPathComponent("bundle")
        try ModelBundle<SequenceModelContent>.write(to: url, name: "t", galenVersion: "test", content: r.content,
                                                    weights: ["model.safetensors": r.network])
        let model = try SequenceModel(contentsOf: url)
        let members = Cohort.unlabelled(h, indexRule: r.content.indexRule).members
        let x = EncodedSequences(members: members, histories: h, vocabulary: r.content.vocabulary, maxLength: 16)
        let before = try probabilities(of: r.network, x)
        #expect(try model.probabilities(members, histories: h) == before)
        #expect(model.content.cohort == Support.syntheticDefinition())

        // Tampered weights are refused.
        let weights = url.appendingPathComponent("model.safetensors")
        var bytes = try Data(contentsOf: weights)
        bytes[bytes.count - 3] ^= 0xFF
        try bytes.write(to: weights)
        #expect(throws: (any Error).self) { try SequenceModel(contentsOf: url) }
    }

    @Test func predictWritesOneRowPerPatient() throws {
        let (r, _) = try Self.train(.lstm)
        let dir = try Support.tempDir()
        let url = dir.appendingPathComponent("bundle")
        var content = r.content
        content.source = .events(patientColumn: "patient", timeColumn: "date", eventColumn: "code", featureColumns: [])
        try ModelBundle<SequenceModelContent>.write(to: url, name: "t", galenVersion: "test", content: content,
                                                    weights: ["model.safetensors": r.network])
        let csv = dir.appendingPathComponent("events.csv")
        try "patient,date,code\nx,1998-01-01,RISK\nx,1999-06-01,R1\ny,1999-01-01,R2\nz,2001-01-01,R3\n".write(to: csv, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("preds.csv")
        let s = try SequencePrediction.run(model: try SequenceModel(contentsOf: url), path: csv.path, outputPath: out.path)
        #expect(s.rows == 2 && s.skipped == 1)         // z's history starts after 2000-01-01
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines[0] == "patient_id,index_date,events,probability,prediction")
        #expect(lines[1].hasPrefix("x,2000-01-01,2,") && lines[2].hasPrefix("y,2000-01-01,1,"))
        // An explicit index date: only events on or before it count.
        let s2 = try SequencePrediction.run(model: try SequenceModel(contentsOf: url), path: csv.path, indexDay: Support.day("1999-03-01"), outputPath: out.path)
        #expect(s2.rows == 2)
        let lines2 = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines2[1].hasPrefix("x,1999-03-01,1,") && lines2[2].hasPrefix("y,1999-03-01,1,"))
    }

    @Test func transformerTrains() throws {
        let (r, _) = try Self.train(.transformer)
        #expect(r.content.network.architecture == .transformer)
        #expect(r.content.training.epochsRun >= 1)
    }

    @Test func tooFewOutcomesIsAClearError() throws {
        let h = Support.syntheticHistories(count: 8)
        let d = Support.syntheticDefinition()
        #expect(throws: SequenceError.self) {
            try SequenceTrainer.train(histories: h, cohort: try d.build(h), definition: d, source: .omop(), dataName: "s", options: SequenceTrainingOptions())
        }
    }
}
