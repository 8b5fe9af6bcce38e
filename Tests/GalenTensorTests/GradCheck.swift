import Foundation
import Testing
@testable import GalenTensor

/// Finite-difference gradient checking and small helpers shared by the tensor tests.
///
/// `checkGradients` builds `f(inputs)`, reduces it to a scalar with a seeded random weighting
/// (so that every output element matters), runs `backward()`, and compares each input's `grad`
/// with central differences computed in Double from Float evaluations of `f` under `withNoGrad`.
enum GradCheck {
    /// The worst disagreement found for one input.
    struct Report {
        var input: Int
        var index: Int
        var analytic: Double
        var numeric: Double
    }

    /// Σ out·w in Double, the scalar whose gradient is checked.
    static func weightedSum(_ out: Tensor, _ w: Tensor) -> Double {
        var s = 0.0
        for i in 0..<out.count { s += Double(out.pointer[i]) * Double(w.pointer[i]) }
        return s
    }

    /// A weighting of `shape` with values in ±[0.5, 1.5], fixed by `seed`.
    static func weights(_ shape: [Int], seed: UInt64) -> Tensor {
        var g = SeededGenerator(seed: seed)
        let w = Tensor.uniform(shape, low: 0.5, high: 1.5, generator: &g)
        for i in 0..<w.count where g.nextUnitFloat() < 0.5 { w.pointer[i] = -w.pointer[i] }
        return w
    }

    /// Compares the analytic gradients of `Σ f(inputs)·w` with central differences.
    ///
    /// - Parameters:
    ///   - inputs: leaves; all of them are checked and made to require gradients.
    ///   - eps: the step (applied in Float; the actual step is measured, not assumed).
    ///   - atol, rtol: a gradient element passes when |analytic − numeric| ≤ atol + rtol·|numeric|.
    /// - Returns: the worst element per input (for diagnostics).
    @discardableResult
    static func check(_ name: String, _ inputs: [Tensor], eps: Float = 1e-3, atol: Double = 2e-3, rtol: Double = 1e-2,
                      seed: UInt64 = 4242, sourceLocation: SourceLocation = #_sourceLocation,
                      _ f: ([Tensor]) throws -> Tensor) throws -> [Report] {
        for x in inputs { x.requiresGrad = true; x.zeroGrad() }
        let out = try f(inputs)
        #expect(out.requiresGrad, "\(name): the result does not require gradients", sourceLocation: sourceLocation)
        let w = weights(out.shape, seed: seed)
        try (out * w).sum().backward()

        var reports: [Report] = []
        for (n, x) in inputs.enumerated() {
            guard let grad = x.grad else {
                Issue.record("\(name): input \(n) received no gradient", sourceLocation: sourceLocation)
                continue
            }
            #expect(grad.shape == x.shape, "\(name): gradient of input \(n) has shape \(grad.shape), not \(x.shape)",
                    sourceLocation: sourceLocation)
            var worst = Report(input: n, index: -1, analytic: 0, numeric: 0)
            var worstExcess = -Double.infinity
            for i in 0..<x.count {
                let v = x.pointer[i]
                let vp = v + eps, vm = v - eps
                x.pointer[i] = vp
                let lp = try withNoGrad { weightedSum(try f(inputs), w) }
                x.pointer[i] = vm
                let lm = try withNoGrad { weightedSum(try f(inputs), w) }
                x.pointer[i] = v
                let numeric = (lp - lm) / (Double(vp) - Double(vm))
                let analytic = Double(grad.pointer[i])
                let excess = Swift.abs(analytic - numeric) - (atol + rtol * Swift.abs(numeric))
                if excess > worstExcess || analytic.isNaN {
                    worstExcess = analytic.isNaN ? .infinity : excess
                    worst = Report(input: n, index: i, analytic: analytic, numeric: numeric)
                }
            }
            if x.count > 0 {
                #expect(worstExcess <= 0,
                        "\(name): input \(n) (shape \(x.shape)) element \(worst.index): analytic \(worst.analytic) vs numeric \(worst.numeric)",
                        sourceLocation: sourceLocation)
            }
            reports.append(worst)
        }
        return reports
    }
}

// MARK: - Test data

/// Seeded standard-normal values of `shape`, optionally scaled and shifted.
func randn(_ shape: [Int], seed: UInt64, scale: Float = 1, shift: Float = 0) -> Tensor {
    var g = SeededGenerator(seed: seed)
    return Tensor.normal(shape, mean: shift, std: scale, generator: &g)
}

/// Seeded uniform values in `[low, high)`.
func rand(_ shape: [Int], seed: UInt64, _ low: Float, _ high: Float) -> Tensor {
    Tensor.uniform(shape, low: low, high: high, seed: seed)
}

/// Seeded values with |x| in [low, high) and random signs: keeps finite differences away
/// from kinks at 0 (relu, abs, leakyRelu).
func awayFromZero(_ shape: [Int], seed: UInt64, low: Float = 0.1, high: Float = 2) -> Tensor {
    var g = SeededGenerator(seed: seed)
    let t = Tensor.uniform(shape, low: low, high: high, generator: &g)
    for i in 0..<t.count where g.nextUnitFloat() < 0.5 { t.pointer[i] = -t.pointer[i] }
    return t
}

/// A tensor from a shape and values, for tests (traps on a bad literal, which is a test bug).
func T(_ shape: [Int], _ values: [Float]) -> Tensor { try! Tensor(shape: shape, values: values) }

/// Whether two float arrays agree elementwise within `atol + rtol·|b|` (NaNs must match).
func close(_ a: [Float], _ b: [Float], atol: Float = 1e-5, rtol: Float = 1e-5) -> Bool {
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) {
        if x.isNaN || y.isNaN { if x.isNaN != y.isNaN { return false }; continue }
        if x == y { continue }  // equal infinities
        if Swift.abs(x - y) > atol + rtol * Swift.abs(y) { return false }
    }
    return true
}

/// Runs `body` and returns the `TensorError` it throws, or nil (recording an issue) if it does not throw one.
func tensorError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Any) -> TensorError? {
    do {
        _ = try body()
        Issue.record("expected a TensorError, nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let e as TensorError {
        return e
    } catch {
        Issue.record("expected a TensorError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
