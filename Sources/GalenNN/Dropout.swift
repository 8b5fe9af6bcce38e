import GalenTensor

/// A module whose randomness can be restarted from a seed (dropout, noise),
/// so that training runs are reproducible.
public protocol Stochastic: AnyObject {
    /// Restarts the module's random sequence.
    func reseed(_ seed: UInt64)
}

extension Module {
    /// Restarts the random sequence of every `Stochastic` layer (dropout…) from `seed`, each layer with its
    /// own derived seed, so that a training run is reproducible from one number.
    public func reseedStochasticLayers(_ seed: UInt64) {
        for (i, m) in modules.enumerated() {
            (m as? Stochastic)?.reseed(seed &+ 0x9E37_79B9 &* UInt64(i + 1))
        }
    }
}

/// Zeroes each element with probability `rate` during training and scales the
/// rest by 1/(1 − rate) (inverted dropout, as PyTorch). Identity in eval mode.
public final class Dropout: Module, Stochastic {
    /// Probability of dropping an element, in [0, 1).
    public let rate: Float
    private var generator: SeededGenerator

    /// - Parameters:
    ///   - rate: drop probability in [0, 1).
    ///   - seed: seed of the mask sequence; nil draws one from `GlobalRandom`.
    public init(_ rate: Float, seed: UInt64? = nil) {
        precondition(rate >= 0 && rate < 1, "Dropout rate must be in [0, 1), got \(rate)")
        self.rate = rate
        self.generator = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
        super.init()
    }

    public func reseed(_ seed: UInt64) { generator = SeededGenerator(seed: seed) }

    public override func forward(_ x: Tensor) throws -> Tensor {
        guard isTraining, rate > 0 else { return x }
        let mask = Tensor.zeros(x.shape)
        let scale = 1 / (1 - rate)
        let p = mask.pointer
        for i in 0..<mask.count where generator.nextUnitFloat() >= rate { p[i] = scale }
        return try x * mask
    }
}
