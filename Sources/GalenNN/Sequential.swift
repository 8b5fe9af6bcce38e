import GalenTensor

/// Builds the layer list of a `Sequential` from a block of layers.
@resultBuilder
public enum ModuleBuilder {
    public static func buildExpression(_ m: Module) -> [Module] { [m] }
    public static func buildBlock(_ parts: [Module]...) -> [Module] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Module]?) -> [Module] { part ?? [] }
    public static func buildEither(first: [Module]) -> [Module] { first }
    public static func buildEither(second: [Module]) -> [Module] { second }
    public static func buildArray(_ parts: [[Module]]) -> [Module] { parts.flatMap { $0 } }
}

/// Layers applied in order, like Keras' `Sequential` and PyTorch's `nn.Sequential`.
///
/// ```swift
/// let model = Sequential {
///     Dense(30, 128); ReLU()
///     Dense(128, 1)
/// }
/// ```
/// Children are named "0", "1", … so state dict keys match PyTorch's
/// (`0.weight`, `2.bias`).
public final class Sequential: Module {
    /// The layers in order.
    public let layers: [Module]

    /// A model from a list of layers.
    public init(_ layers: [Module]) {
        self.layers = layers
        super.init()
    }

    /// A model from a builder block.
    public convenience init(@ModuleBuilder _ build: () -> [Module]) {
        self.init(build())
    }

    public override var namedChildren: [(String, Module)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    public override var namedLocalTensors: [(String, Tensor)] { [] }

    /// Applies each layer in turn.
    /// - Throws: the first layer error, prefixed with the layer's index.
    public override func forward(_ x: Tensor) throws -> Tensor {
        var h = x
        var i = 0
        while i < layers.count {
            do {
                // Dense, Conv2D or BatchNorm2D followed by ReLU runs as one fused step (identical result,
                // one pass fewer, one stored activation fewer).
                if i + 1 < layers.count, layers[i + 1] is ReLU {
                    if let dense = layers[i] as? Dense {
                        h = try dense.forwardReLU(h)
                        i += 2
                        continue
                    }
                    if let conv = layers[i] as? Conv2D {
                        h = try conv.forwardReLU(h)
                        i += 2
                        continue
                    }
                    if let norm = layers[i] as? BatchNorm2D {
                        h = try norm.forwardReLU(h)
                        i += 2
                        continue
                    }
                }
                h = try layers[i](h)
            } catch let e as NNError {
                throw NNError.badInput(layer: "Sequential layer \(i)", detail: e.description)
            }
            i += 1
        }
        return h
    }
}
