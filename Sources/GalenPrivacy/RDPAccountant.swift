import Foundation

/// Tracks the privacy spent by DP-SGD steps and converts it to (ε, δ), as Opacus's `RDPAccountant`.
///
/// Each entry of `history` is a run of steps of the subsampled Gaussian mechanism with one noise multiplier and
/// sample rate; their Rényi-DP at each order adds up (composition), and the (ε, δ) bound takes the best order with
/// the conversion of Balle et al. (2020) that Opacus uses:
/// ε = RDP(α) + log((α − 1)/α) − (log δ + log α)/(α − 1).
public struct RDPAccountant: Sendable, Equatable {
    /// One run of identical steps.
    public struct Entry: Sendable, Equatable, Codable {
        /// σ: noise standard deviation over the clipping norm.
        public var noiseMultiplier: Double
        /// q: probability that a row is in a batch.
        public var sampleRate: Double
        /// Steps taken.
        public var steps: Int

        /// An entry from its parts.
        public init(noiseMultiplier: Double, sampleRate: Double, steps: Int) {
            self.noiseMultiplier = noiseMultiplier; self.sampleRate = sampleRate; self.steps = steps
        }
    }

    /// Opacus's default orders: 1.1, 1.2, …, 10.9, then 12, 13, …, 63.
    public static let defaultOrders: [Double] = (1..<100).map { 1 + Double($0) / 10 } + (12..<64).map(Double.init)

    /// The orders α at which RDP is tracked.
    public var orders: [Double]
    /// The steps taken so far.
    public var history: [Entry] = []

    /// An empty accountant.
    /// - Parameter orders: Rényi orders (> 1); Opacus's defaults unless given.
    public init(orders: [Double] = RDPAccountant.defaultOrders) {
        self.orders = orders
    }

    /// Records `steps` steps with noise multiplier σ and sample rate q (Opacus's `step`, batched).
    public mutating func record(noiseMultiplier: Double, sampleRate: Double, steps: Int) {
        history.append(Entry(noiseMultiplier: noiseMultiplier, sampleRate: sampleRate, steps: steps))
    }

    /// Total steps recorded.
    public var steps: Int { history.reduce(0) { $0 + $1.steps } }

    /// The composed RDP at each order.
    public var rdp: [Double] {
        var total = [Double](repeating: 0, count: orders.count)
        for e in history {
            let r = SubsampledGaussianRDP.rdp(sampleRate: e.sampleRate, noiseMultiplier: e.noiseMultiplier,
                                              steps: e.steps, orders: orders)
            for k in total.indices { total[k] += r[k] }
        }
        return total
    }

    /// The smallest ε over the orders for this δ, and the order that gives it (Opacus's `get_privacy_spent`).
    /// - Returns: (0, nil) with no steps recorded; (∞, nil) when every order gives NaN.
    /// - Throws: `DifferentialPrivacyError.invalidParameter` unless 0 < δ < 1.
    public func privacySpent(delta: Double) throws -> (epsilon: Double, order: Double?) {
        guard delta > 0 && delta < 1 else { throw DifferentialPrivacyError.invalidParameter("δ must be in (0, 1), got \(delta)") }
        if history.isEmpty { return (0, nil) }
        let r = rdp
        var best = Double.nan, bestOrder: Double? = nil
        for (k, a) in orders.enumerated() {
            let eps = r[k] - (log(delta) + log(a)) / (a - 1) + log((a - 1) / a)
            if eps.isNaN { continue }
            if best.isNaN || eps < best { best = eps; bestOrder = a }
        }
        if best.isNaN { return (.infinity, nil) }
        return (best, bestOrder)
    }

    /// ε for this δ (see `privacySpent`).
    /// - Throws: `DifferentialPrivacyError.invalidParameter` unless 0 < δ < 1.
    public func epsilon(delta: Double) throws -> Double { try privacySpent(delta: delta).epsilon }
}
