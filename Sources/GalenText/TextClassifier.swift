import GalenModels
import GalenNN
import GalenTensor

/// The trainable part of a text classifier: the top `top.count` encoder layers (none for frozen embeddings) and an
/// MLP head (Dense → ReLU → Dropout per hidden size, then Dense to the task's outputs).
///
/// Parameter names: `encoder.layer.K.*` for the top layers (as `BertEncoder` names them, so fine-tuned layers load
/// back into the encoder) and `head.*`. The top layers are the encoder's own layer objects: training them changes the
/// encoder, and the encoder's full forward pass (`BertEncoder.embed`) then gives the same features as
/// `logits(states:…)` does from the cached lower-layer states.
public final class TextClassifier: Module {
    /// Trainable top encoder layers, bottom first (empty for frozen embeddings).
    public let top: [TransformerEncoderLayer]
    /// Index of `top[0]` in the encoder.
    public let firstTopLayer: Int
    /// The MLP head on the L2-normalised mean-pooled sentence embedding.
    public let head: Sequential

    /// - Parameters:
    ///   - encoder: the encoder whose top `fineTuneLayers` layers become trainable here (0: frozen).
    ///   - hidden: hidden sizes of the head (may be empty: a linear head).
    ///   - dropout: dropout after each hidden layer in training.
    ///   - outputs: 1 (binary) or the class count.
    ///   - seed: seed of the head's initial weights and dropout masks.
    public init(encoder: BertEncoder, fineTuneLayers: Int, hidden: [Int], dropout: Float, outputs: Int, seed: UInt64) {
        let n = max(0, min(fineTuneLayers, encoder.layers.count))
        firstTopLayer = encoder.layers.count - n
        top = Array(encoder.layers.suffix(n))
        var g = SeededGenerator(seed: seed)
        var layers: [Module] = []
        var width = encoder.config.hiddenSize
        for h in hidden {
            layers.append(Dense(width, h, seed: g.nextSeed()))
            layers.append(ReLU())
            if dropout > 0 { layers.append(Dropout(dropout, seed: g.nextSeed())) }
            width = h
        }
        layers.append(Dense(width, outputs, seed: g.nextSeed()))
        head = Sequential(layers)
        super.init()
    }

    /// `encoder.layer.K` for each top layer, then `head`.
    public override var namedChildren: [(String, Module)] {
        top.enumerated().map { ("encoder.layer.\(firstTopLayer + $0.offset)", $0.element as Module) } + [("head", head)]
    }

    /// Parameters of the top encoder layers (trained at the lower learning rate).
    public var encoderParameters: [Tensor] { top.flatMap(\.parameters) }

    /// Logits `[n, outputs]` from sentence embeddings `[n, H]`.
    public override func forward(_ embeddings: Tensor) throws -> Tensor { try head(embeddings) }

    /// Logits `[n, outputs]` from the lower layers' token states `[n, T, H]`: the top layers, mean pooling over
    /// `mask` `[n, T]`, L2 normalisation, the head.
    /// - Parameter padding: the key-padding mask (1 = padding), nil when nothing is padded.
    public func logits(states: Tensor, mask: Tensor, padding: Tensor?) throws -> Tensor {
        var h = states
        for layer in top { h = try layer.forward(h, keyPaddingMask: padding) }
        let pooled = try SentencePooling.l2Normalized(SentencePooling.meanPooled(h, attentionMask: mask))
        return try head(pooled)
    }
}
