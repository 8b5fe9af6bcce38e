import Foundation
import Testing
@testable import GalenPrivacy

/// Opacus's reference values, written by `scripts/make_dp_fixtures.py`.
struct OpacusFixture: Decodable {
    struct Step: Decodable { var noise_multiplier: Double; var sample_rate: Double; var steps: Int }
    struct RDPCase: Decodable { var history: [Step]; var delta: Double; var epsilon: Double; var order: Double; var rdp: [Double] }
    struct SigmaCase: Decodable {
        var target_epsilon: Double; var delta: Double; var sample_rate: Double; var steps: Int
        var noise_multiplier: Double; var epsilon: Double
    }
    var opacus_version: String
    var orders: [Double]
    var rdp_cases: [RDPCase]
    var sigma_cases: [SigmaCase]

    static func load() throws -> OpacusFixture {
        let url = try #require(Bundle.module.url(forResource: "opacus_rdp", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(OpacusFixture.self, from: Data(contentsOf: url))
    }
}

func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

@Suite struct AccountantTests {
    @Test func defaultOrdersAreOpacus() throws {
        let f = try OpacusFixture.load()
        #expect(RDPAccountant.defaultOrders == f.orders)
    }

    @Test func epsilonMatchesOpacus() throws {
        let f = try OpacusFixture.load()
        var worst = 0.0
        for c in f.rdp_cases {
            var a = RDPAccountant()
            for s in c.history { a.record(noiseMultiplier: s.noise_multiplier, sampleRate: s.sample_rate, steps: s.steps) }
            let (eps, order) = try a.privacySpent(delta: c.delta)
            worst = max(worst, relativeError(eps, c.epsilon))
            #expect(relativeError(eps, c.epsilon) < 1e-6, "ε \(eps) vs Opacus \(c.epsilon) for \(c.history), δ \(c.delta)")
            #expect(order == c.order)
            for (mine, theirs) in zip(a.rdp, c.rdp) {
                #expect(relativeError(mine, theirs) < 1e-6 || abs(mine - theirs) < 1e-12, "RDP \(mine) vs \(theirs)")
            }
        }
        print("accountant vs Opacus \(f.opacus_version): \(f.rdp_cases.count) cases, worst relative ε error \(worst)")
    }

    @Test func noiseMultiplierMatchesOpacusAndMeetsTarget() throws {
        let f = try OpacusFixture.load()
        for c in f.sigma_cases {
            let sigma = try NoiseMultiplier.forBudget(epsilon: c.target_epsilon, delta: c.delta, sampleRate: c.sample_rate, steps: c.steps)
            #expect(relativeError(sigma, c.noise_multiplier) < 1e-6, "σ \(sigma) vs Opacus \(c.noise_multiplier)")
            var a = RDPAccountant()
            a.record(noiseMultiplier: sigma, sampleRate: c.sample_rate, steps: c.steps)
            let eps = try a.epsilon(delta: c.delta)
            #expect(eps <= c.target_epsilon && eps > c.target_epsilon - 0.01, "ε \(eps) for target \(c.target_epsilon)")
            #expect(relativeError(eps, c.epsilon) < 1e-6)
        }
    }

    @Test func noiseMultiplierFallsAsTheBudgetGrows() throws {
        var last = Double.infinity
        for eps in [0.5, 1, 2, 3, 5, 8, 16] {
            let sigma = try NoiseMultiplier.forBudget(epsilon: eps, delta: 1e-5, sampleRate: 0.08, steps: 2000)
            #expect(sigma < last)
            last = sigma
        }
        // More steps at the same budget need more noise.
        let few = try NoiseMultiplier.forBudget(epsilon: 3, delta: 1e-5, sampleRate: 0.08, steps: 100)
        let many = try NoiseMultiplier.forBudget(epsilon: 3, delta: 1e-5, sampleRate: 0.08, steps: 10_000)
        #expect(few < many)
    }

    @Test func epsilonGrowsWithStepsAndFallsWithNoise() throws {
        func eps(_ sigma: Double, _ steps: Int) throws -> Double {
            var a = RDPAccountant()
            a.record(noiseMultiplier: sigma, sampleRate: 0.05, steps: steps)
            return try a.epsilon(delta: 1e-5)
        }
        #expect(try eps(1, 100) < eps(1, 1000))
        #expect(try eps(2, 1000) < eps(1, 1000))
        #expect(try RDPAccountant().epsilon(delta: 1e-5) == 0)
    }

    @Test func badParametersAreRejected() {
        #expect(throws: DifferentialPrivacyError.self) { try NoiseMultiplier.forBudget(epsilon: 0, delta: 1e-5, sampleRate: 0.1, steps: 10) }
        #expect(throws: DifferentialPrivacyError.self) { try NoiseMultiplier.forBudget(epsilon: -1, delta: 1e-5, sampleRate: 0.1, steps: 10) }
        #expect(throws: DifferentialPrivacyError.self) { try NoiseMultiplier.forBudget(epsilon: .infinity, delta: 1e-5, sampleRate: 0.1, steps: 10) }
        #expect(throws: DifferentialPrivacyError.self) { try NoiseMultiplier.forBudget(epsilon: 1, delta: 1, sampleRate: 0.1, steps: 10) }
        #expect(throws: DifferentialPrivacyError.self) { try NoiseMultiplier.forBudget(epsilon: 1, delta: 0, sampleRate: 0.1, steps: 10) }
        #expect(throws: DifferentialPrivacyError.self) { try NoiseMultiplier.forBudget(epsilon: 1, delta: 1e-5, sampleRate: 0, steps: 10) }
        #expect(throws: DifferentialPrivacyError.self) { try NoiseMultiplier.forBudget(epsilon: 1, delta: 1e-5, sampleRate: 0.1, steps: 0) }
        #expect(throws: DifferentialPrivacyError.self) { try RDPAccountant().epsilon(delta: 2) }
        #expect(throws: DifferentialPrivacyError.self) { try PoissonSampler(rowCount: 10, sampleRate: 1.5, seed: 1) }
        #expect(throws: DifferentialPrivacyError.self) { try PoissonSampler(rowCount: 0, sampleRate: 0.5, seed: 1) }
    }
}
