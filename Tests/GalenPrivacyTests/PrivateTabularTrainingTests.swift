import Foundation
import Testing
import GalenClinical
import GalenPrivacy
@testable import GalenTabular

@Suite struct PrivateTabularTrainingTests {
    static let wdbc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path

    /// DP training at ε = 8 on WDBC still gives a useful model, spends no more than asked, and records it.
    @Test func wdbcAtEpsilon8() throws {
        var o = TabularTrainingOptions(dataPath: Self.wdbc, target: "diagnosis")
        o.bootstrap = BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 42)
        o.privacy = PrivateTrainingOptions(epsilon: 8, delta: 1e-5, maxGradNorm: 1)
        let r = try TabularTrainer.train(o, verbosity: .silent)
        let g = try #require(r.content.differentialPrivacy)
        #expect(g.epsilon > 0 && g.epsilon <= 8)
        #expect(g.targetEpsilon == 8 && g.delta == 1e-5 && g.maxGradNorm == 1)
        let trainRows = 569 - 114 - 57
        #expect(abs(g.sampleRate - 32.0 / Double(trainRows)) < 1e-12)
        #expect(g.steps > 0 && g.steps <= 2 * 200 * 13)
        // The recorded ε is what the accountant gives for the recorded steps (split between two runs at one σ,
        // composition is additive in steps).
        var a = RDPAccountant()
        a.record(noiseMultiplier: g.noiseMultiplier, sampleRate: g.sampleRate, steps: g.steps)
        #expect(abs(try a.epsilon(delta: g.delta) - g.epsilon) < 1e-9)
        let acc = try #require(r.report.models.first?.evaluation.binary?.accuracy.value)
        print("WDBC DP ε = 8 (spent \(g.epsilon)): network accuracy \(acc)")
        #expect(acc >= 0.85)
        #expect(r.report.runInfo.contains { $0.label == "Differential privacy" })
        #expect(r.report.notes.first?.contains("differential privacy") == true)
        // The manifest content round-trips with the guarantee.
        let data = try JSONEncoder().encode(r.content)
        let back = try JSONDecoder().decode(TabularModelContent.self, from: data)
        #expect(back.differentialPrivacy == g)
        // Bundles written before the field existed still decode, without a guarantee.
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object.removeValue(forKey: "differentialPrivacy")
        let old = try JSONDecoder().decode(TabularModelContent.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old.differentialPrivacy == nil)
    }

    @Test func badPrivacyOptionsAreRejected() throws {
        func check(_ change: (inout TabularTrainingOptions) -> Void) {
            var o = TabularTrainingOptions(dataPath: Self.wdbc, target: "diagnosis")
            o.privacy = PrivateTrainingOptions(epsilon: 3)
            change(&o)
            #expect(throws: TabularError.self) { try TabularTrainer.train(o, verbosity: .silent) }
        }
        check { $0.privacy?.epsilon = 0 }
        check { $0.privacy?.epsilon = -2 }
        check { $0.privacy?.epsilon = .nan }
        check { $0.privacy?.delta = 0 }
        check { $0.privacy?.delta = 1 }
        check { $0.privacy?.maxGradNorm = 0 }
        check { $0.crossValidationFolds = 5 }
        check { $0.network.batchSize = 10_000 }
        check { $0.privacy?.epsilon = 1e-9 }  // no noise multiplier reaches it
    }
}
