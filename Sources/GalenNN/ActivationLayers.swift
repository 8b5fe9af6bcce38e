import GalenTensor

/// max(x, 0) as a layer.
public final class ReLU: Module {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { x.relu() }
}

/// Leaky ReLU as a layer (PyTorch default slope 0.01).
public final class LeakyReLU: Module {
    /// Slope for negative inputs.
    public let slope: Float
    public init(slope: Float = 0.01) { self.slope = slope; super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { x.leakyRelu(slope: slope) }
}

/// Logistic sigmoid as a layer.
public final class Sigmoid: Module {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { x.sigmoid() }
}

/// Hyperbolic tangent as a layer.
public final class Tanh: Module {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { x.tanh() }
}

/// GELU (exact, erf form) as a layer.
public final class GELU: Module {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { x.gelu() }
}

/// Softplus as a layer.
public final class Softplus: Module {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { x.softplus() }
}

/// Softmax over an axis as a layer (default: last).
public final class Softmax: Module {
    /// The axis normalised over.
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis; super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { try x.softmax(axis: axis) }
}

/// Passes its input through unchanged.
public final class Identity: Module {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { x }
}

/// Flattens all dimensions after the first (the batch).
public final class Flatten: Module {
    public override init() { super.init() }
    public override func forward(_ x: Tensor) throws -> Tensor { try x.flatten(from: 1) }
}
