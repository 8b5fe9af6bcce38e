import Foundation

/// Elementwise mathematical functions and activations, each with its gradient.
extension Tensor {
    /// Records an elementwise op whose derivative is `dfdx(x, y)` with `y = f(x)`.
    @inline(__always)
    private func unary(_ name: String, _ out: Tensor, _ dfdx: @escaping (Float, Float) -> Float) -> Tensor {
        guard Tensor.needsGrad(self) else { return out }
        let x = self, y = out.detached()
        return out.recording(name, [x]) { g in
            let res = Tensor(uninitializedShape: x.shape)
            let px = x.pointer, py = y.pointer, pg = g.pointer, pr = res.pointer
            Parallel.forRanges(x.count) { r in for i in r { pr[i] = pg[i] * dfdx(px[i], py[i]) } }
            return [res]
        }
    }

    /// e^x.
    public func exp() -> Tensor { unary("exp", Kernels.map(self) { expf($0) }) { _, y in y } }
    /// Natural logarithm (NaN for negative inputs, -inf at 0, as in PyTorch).
    public func log() -> Tensor { unary("log", Kernels.map(self) { logf($0) }) { x, _ in 1 / x } }
    /// Square root.
    public func sqrt() -> Tensor { unary("sqrt", Kernels.map(self) { sqrtf($0) }) { _, y in 0.5 / y } }
    /// Absolute value (gradient 0 at 0, as in PyTorch).
    public func abs() -> Tensor {
        unary("abs", Kernels.map(self) { Swift.abs($0) }) { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }
    }
    /// Hyperbolic tangent.
    public func tanh() -> Tensor { unary("tanh", Kernels.map(self) { tanhf($0) }) { _, y in 1 - y * y } }
    /// Logistic sigmoid 1 / (1 + e^-x), stable for large |x|.
    public func sigmoid() -> Tensor { unary("sigmoid", Kernels.map(self) { Tensor.sigmoid($0) }) { _, y in y * (1 - y) } }
    /// max(x, 0).
    /// The gradient is a mask of the output (1 where it is positive), one pass without a per-element call.
    public func relu() -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let px = pointer, po = out.pointer
        Parallel.forRanges(count) { r in for i in r { let v = px[i]; po[i] = v > 0 ? v : 0 } }
        guard Tensor.needsGrad(self) else { return out }
        let y = out.detached()
        return out.recording("relu", [self]) { g in [Kernels.reluGradient(g, output: y)] }
    }
    /// `relu(a + b)` in one pass (a residual connection followed by ReLU), its gradient the incoming one masked
    /// by the positive outputs, for both inputs. Inputs of different shapes broadcast as `+` does (then it
    /// runs as `(a + b).relu()`).
    /// - Throws: `TensorError.shapeMismatch` when the shapes do not broadcast.
    public static func addReLU(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.shape == b.shape else { return try (a + b).relu() }
        let out = Tensor(uninitializedShape: a.shape)
        let pa = a.pointer, pb = b.pointer, po = out.pointer
        Parallel.forRanges(a.count) { r in for i in r { let y = pa[i] + pb[i]; po[i] = y > 0 ? y : 0 } }
        guard Tensor.needsGrad(a, b) else { return out }
        let y = out.detached()
        return out.recording("addReLU", [a, b]) { g in
            let masked = Kernels.reluGradient(g, output: y)
            return [masked, masked]
        }
    }

    /// x for x > 0, slope·x otherwise (PyTorch default slope 0.01).
    public func leakyRelu(slope: Float = 0.01) -> Tensor {
        unary("leakyRelu", Kernels.map(self) { $0 > 0 ? $0 : slope * $0 }) { x, _ in x > 0 ? 1 : slope }
    }
    /// GELU, the exact form x·Φ(x) with the Gaussian CDF (PyTorch's default), through `FastMath.erf`
    /// (a vectorisable rational approximation, absolute error below 5e-7).
    public func gelu() -> Tensor {
        unary("gelu", Kernels.map(self) { FastMath.gelu($0) }) { x, _ in
            0.5 * (1 + erff(x * 0.70710678118654752)) + x * 0.39894228040143268 * expf(-0.5 * x * x)
        }
    }
    /// softplus log(1 + e^x), computed stably.
    public func softplus() -> Tensor {
        unary("softplus", Kernels.map(self) { Tensor.softplus($0) }) { x, _ in Tensor.sigmoid(x) }
    }
    /// Values limited to `[min, max]` (either bound optional); gradient 1 inside, 0 outside.
    public func clamp(min lo: Float? = nil, max hi: Float? = nil) -> Tensor {
        let l = lo ?? -.infinity, h = hi ?? .infinity
        return unary("clamp", Kernels.map(self) { Swift.min(Swift.max($0, l), h) }) { x, _ in (x >= l && x <= h) ? 1 : 0 }
    }

    /// Stable scalar sigmoid.
    @inline(__always) public static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + expf(-x)) }
        let e = expf(x)
        return e / (1 + e)
    }

    /// Stable scalar softplus log(1 + e^x).
    @inline(__always) public static func softplus(_ x: Float) -> Float {
        x > 0 ? x + log1pf(expf(-x)) : log1pf(expf(x))
    }
}
