import Foundation

/// Ways to make tensors: constants, ranges and seeded random initialisers.
extension Tensor {
    /// All zeros.
    public static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, storage: TensorStorage(count: Shape.count(shape), repeating: 0))
    }

    /// All ones.
    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }

    /// Every element set to `value`.
    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        Tensor(shape: shape, storage: TensorStorage(count: Shape.count(shape), repeating: value))
    }

    /// Zeros shaped like `other`.
    public static func zeros(like other: Tensor) -> Tensor { zeros(other.shape) }

    /// `start, start+step, …` up to but excluding `end`, as a 1-D tensor.
    /// - Throws: `TensorError.invalidArgument` when `step` is 0 or not finite, or the range
    ///   holds more values than can be stored.
    public static func arange(_ start: Float = 0, _ end: Float, step: Float = 1) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            throw TensorError.invalidArgument(op: "arange", detail: "start, end and a non-zero step must be finite (got \(start), \(end), \(step))")
        }
        let steps = Swift.max(0, ((Double(end) - Double(start)) / Double(step)).rounded(.up))
        guard steps < Double(Int32.max) else {  // Int(steps) would trap beyond Int.max; no useful range is this long
            throw TensorError.invalidArgument(op: "arange", detail: "\(steps) values from \(start) to \(end) by \(step) are too many")
        }
        let n = Int(steps)
        return Tensor([Float]((0..<n).map { start + Float($0) * step }))
    }

    /// Uniform samples in `[low, high)`.
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, generator: inout SeededGenerator) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        let p = t.pointer
        for i in 0..<t.count { p[i] = low + (high - low) * generator.nextUnitFloat() }
        return t
    }

    /// Uniform samples in `[low, high)` from a fresh generator seeded with `seed`.
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, seed: UInt64) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return uniform(shape, low: low, high: high, generator: &g)
    }

    /// Normal samples with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1, generator: inout SeededGenerator) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        let p = t.pointer
        for i in 0..<t.count { p[i] = mean + std * generator.nextNormal() }
        return t
    }

    /// Standard normal samples from a fresh generator seeded with `seed`.
    public static func randn(_ shape: [Int], seed: UInt64) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return normal(shape, generator: &g)
    }

    /// (fanIn, fanOut) of a weight shaped as PyTorch stores it: `[out, in, k...]`.
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        guard shape.count >= 2 else { return (shape.first ?? 1, shape.first ?? 1) }
        let receptive = Shape.count(Array(shape.dropFirst(2)))
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// Glorot (Xavier) uniform: U(-a, a), a = gain·√(6 / (fanIn + fanOut)).
    public static func glorotUniform(_ shape: [Int], gain: Float = 1, generator: inout SeededGenerator) -> Tensor {
        let (fi, fo) = fans(shape)
        let a = gain * Foundation.sqrt(6 / Float(Swift.max(fi + fo, 1)))
        return uniform(shape, low: -a, high: a, generator: &generator)
    }

    /// Kaiming (He) uniform: U(-b, b), b = gain·√(3 / fanIn), gain = √(2 / (1 + slope²)).
    /// PyTorch's default for Linear and Conv weights is this with slope √5.
    public static func kaimingUniform(_ shape: [Int], negativeSlope: Float = 0, generator: inout SeededGenerator) -> Tensor {
        let (fi, _) = fans(shape)
        let gain = Foundation.sqrt(2 / (1 + negativeSlope * negativeSlope))
        let b = gain * Foundation.sqrt(3 / Float(Swift.max(fi, 1)))
        return uniform(shape, low: -b, high: b, generator: &generator)
    }

    /// Kaiming (He) normal: N(0, std²), std = √(2 / (1 + slope²)) / √fanIn.
    public static func kaimingNormal(_ shape: [Int], negativeSlope: Float = 0, generator: inout SeededGenerator) -> Tensor {
        let (fi, _) = fans(shape)
        let std = Foundation.sqrt(2 / (1 + negativeSlope * negativeSlope)) / Foundation.sqrt(Float(Swift.max(fi, 1)))
        return normal(shape, std: std, generator: &generator)
    }
}
