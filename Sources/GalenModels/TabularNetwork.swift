import GalenNN
import GalenTensor

/// The architecture of a network for patient tables, stored in model bundles
/// so that the exact network can be rebuilt before its weights are loaded.
///
/// `hidden` empty gives a linear model (logistic regression for a binary
/// target with BCE, multinomial with cross-entropy, linear regression with MSE),
/// the baseline Galen always trains beside the network. The default network is
/// the seed MLP: 128 → 64 → 32 with ReLU.
public struct TabularNetworkSpec: Codable, Equatable, Sendable {
    /// Input features (after preprocessing).
    public var inputs: Int
    /// Hidden layer widths, in order.
    public var hidden: [Int]
    /// Outputs: 1 for binary or regression, the class count for multiclass.
    public var outputs: Int
    /// Dropout after each hidden activation (0 = none).
    public var dropout: Float

    public init(inputs: Int, hidden: [Int] = [128, 64, 32], outputs: Int = 1, dropout: Float = 0) {
        self.inputs = inputs; self.hidden = hidden; self.outputs = outputs; self.dropout = dropout
    }

    /// A linear model (no hidden layers) with the same inputs and outputs.
    public static func linear(inputs: Int, outputs: Int) -> TabularNetworkSpec {
        TabularNetworkSpec(inputs: inputs, hidden: [], outputs: outputs, dropout: 0)
    }

    /// Human-readable summary, e.g. "MLP 30 → 128 → 64 → 32 → 1 (ReLU, dropout 0.1)".
    public var summary: String {
        let sizes = ([inputs] + hidden + [outputs]).map(String.init).joined(separator: " → ")
        if hidden.isEmpty { return "linear \(sizes)" }
        return "MLP \(sizes) (ReLU" + (dropout > 0 ? ", dropout \(dropout))" : ")")
    }

    /// Checks the sizes.
    /// - Throws: `NNError.badInput` naming the bad size.
    public func validate() throws {
        guard inputs > 0 else { throw NNError.badInput(layer: "network", detail: "needs at least one input feature") }
        guard outputs > 0 else { throw NNError.badInput(layer: "network", detail: "needs at least one output") }
        if let bad = hidden.first(where: { $0 <= 0 }) {
            throw NNError.badInput(layer: "network", detail: "hidden layer sizes must be positive, got \(bad)")
        }
        guard dropout >= 0 && dropout < 1 else {
            throw NNError.badInput(layer: "network", detail: "dropout must be in [0, 1), got \(dropout)")
        }
    }

    /// Builds the network with PyTorch's default initialisation from `seed`.
    /// Layer names follow `nn.Sequential` (`0.weight`, `2.weight`, …).
    /// - Throws: `NNError.badInput` for invalid sizes.
    public func build(seed: UInt64) throws -> Sequential {
        try validate()
        var g = SeededGenerator(seed: seed)
        var layers: [Module] = []
        var width = inputs
        for h in hidden {
            layers.append(Dense(width, h, seed: g.nextSeed()))
            layers.append(ReLU())
            if dropout > 0 { layers.append(Dropout(dropout, seed: g.nextSeed())) }
            width = h
        }
        layers.append(Dense(width, outputs, seed: g.nextSeed()))
        return Sequential(layers)
    }
}
