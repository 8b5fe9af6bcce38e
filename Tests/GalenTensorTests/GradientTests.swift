import Foundation
import Testing
@testable import GalenTensor

/// Every differentiable operation's gradient against central finite differences.
@Suite("Gradients vs finite differences")
struct GradientTests {
    @Test func checkerCatchesAWrongGradient() throws {
        // y = 2x recorded with the gradient of 3x: the checker must report it.
        withKnownIssue("a deliberately wrong gradient") {
            try GradCheck.check("wrong", [randn([3], seed: 1)]) { v in
                let x = v[0], out = Kernels.map(x) { 2 * $0 }
                guard Tensor.needsGrad(x) else { return out }
                return out.recording("wrong", [x]) { g in [Kernels.map(g) { 3 * $0 }] }
            }
        }
    }

    // MARK: binary arithmetic with broadcasting

    @Test func addSubMulDivSameShape() throws {
        let a = randn([2, 3], seed: 1), b = awayFromZero([2, 3], seed: 2, low: 0.5)
        try GradCheck.check("add", [a, b]) { try $0[0] + $0[1] }
        try GradCheck.check("sub", [a, b]) { try $0[0] - $0[1] }
        try GradCheck.check("mul", [a, b]) { try $0[0] * $0[1] }
        try GradCheck.check("div", [a, b]) { try $0[0] / $0[1] }
    }

    @Test func binaryBroadcastRightOperand() throws {
        // [2, 3, 4] op [3, 1] and op [4]: the right operand is broadcast.
        let a = randn([2, 3, 4], seed: 3)
        for b in [awayFromZero([3, 1], seed: 4, low: 0.5), awayFromZero([4], seed: 5, low: 0.5)] {
            try GradCheck.check("add \(b.shape)", [a, b]) { try $0[0] + $0[1] }
            try GradCheck.check("sub \(b.shape)", [a, b]) { try $0[0] - $0[1] }
            try GradCheck.check("mul \(b.shape)", [a, b]) { try $0[0] * $0[1] }
            try GradCheck.check("div \(b.shape)", [a, b]) { try $0[0] / $0[1] }
        }
    }

    @Test func binaryBroadcastLeftOperand() throws {
        // [1, 4] op [3, 4] and [] op [3, 4]: the left operand is broadcast.
        let b = awayFromZero([3, 4], seed: 6, low: 0.5)
        for a in [randn([1, 4], seed: 7), randn([], seed: 8)] {
            try GradCheck.check("add \(a.shape)", [a, b]) { try $0[0] + $0[1] }
            try GradCheck.check("sub \(a.shape)", [a, b]) { try $0[0] - $0[1] }
            try GradCheck.check("mul \(a.shape)", [a, b]) { try $0[0] * $0[1] }
            try GradCheck.check("div \(a.shape)", [a, b]) { try $0[0] / $0[1] }
        }
    }

    @Test func binaryBroadcastBothOperands() throws {
        // [3, 1] op [1, 4] -> [3, 4], and [2, 1, 3] op [4, 1] -> [2, 4, 3].
        let pairs = [(randn([3, 1], seed: 9), awayFromZero([1, 4], seed: 10, low: 0.5)),
                     (randn([2, 1, 3], seed: 11), awayFromZero([4, 1], seed: 12, low: 0.5))]
        for (a, b) in pairs {
            try GradCheck.check("add", [a, b]) { try $0[0] + $0[1] }
            try GradCheck.check("sub", [a, b]) { try $0[0] - $0[1] }
            try GradCheck.check("mul", [a, b]) { try $0[0] * $0[1] }
            try GradCheck.check("div", [a, b]) { try $0[0] / $0[1] }
        }
    }

    @Test func binaryWithOneInputConstant() throws {
        let a = randn([2, 3], seed: 13), c = awayFromZero([3], seed: 14, low: 0.5)
        try GradCheck.check("a - const", [a]) { try $0[0] - c }
        try GradCheck.check("const - a", [a]) { try c - $0[0] }
        try GradCheck.check("const / a", [awayFromZero([2, 3], seed: 15, low: 0.5)]) { try c / $0[0] }
        try GradCheck.check("a * const", [a]) { try $0[0] * c }
    }

    @Test func scalarOperands() throws {
        let a = awayFromZero([2, 3], seed: 16, low: 0.5)
        try GradCheck.check("a + s", [a]) { $0[0] + 1.5 }
        try GradCheck.check("s + a", [a]) { 1.5 + $0[0] }
        try GradCheck.check("a - s", [a]) { $0[0] - 0.7 }
        try GradCheck.check("s - a", [a]) { 0.7 - $0[0] }
        try GradCheck.check("a * s", [a]) { $0[0] * -2.5 }
        try GradCheck.check("s * a", [a]) { -2.5 * $0[0] }
        try GradCheck.check("a / s", [a]) { $0[0] / 4 }
        try GradCheck.check("s / a", [a]) { 3 / $0[0] }
        try GradCheck.check("neg", [a]) { -$0[0] }
    }

    @Test func powTensorExponent() throws {
        let base = rand([2, 3], seed: 17, 0.5, 2), exponent = randn([2, 3], seed: 18)
        try GradCheck.check("pow", [base, exponent]) { try $0[0].pow($0[1]) }
        // Broadcast exponent and broadcast base.
        try GradCheck.check("pow bcast exp", [base, randn([3], seed: 19)]) { try $0[0].pow($0[1]) }
        try GradCheck.check("pow bcast base", [rand([2, 1], seed: 20, 0.5, 2), exponent]) { try $0[0].pow($0[1]) }
    }

    @Test func powScalarExponent() throws {
        let x = rand([2, 3], seed: 21, 0.3, 2)
        for p: Float in [2, 3, 0.5, -1.5, 1] {
            try GradCheck.check("pow \(p)", [x]) { $0[0].pow(p) }
        }
        // Integral exponents are fine with negative bases.
        try GradCheck.check("pow 3 negative", [awayFromZero([5], seed: 22, low: 0.2)]) { $0[0].pow(3) }
        try GradCheck.check("pow 2 negative", [awayFromZero([5], seed: 23, low: 0.2)]) { $0[0].pow(2) }
    }

    // MARK: unary functions

    @Test func unaryMath() throws {
        let x = randn([3, 4], seed: 24)
        let pos = rand([3, 4], seed: 25, 0.2, 3)
        let nz = awayFromZero([3, 4], seed: 26)
        try GradCheck.check("exp", [x]) { $0[0].exp() }
        try GradCheck.check("log", [pos]) { $0[0].log() }
        try GradCheck.check("sqrt", [pos]) { $0[0].sqrt() }
        try GradCheck.check("abs", [nz]) { $0[0].abs() }
        try GradCheck.check("tanh", [x]) { $0[0].tanh() }
        try GradCheck.check("sigmoid", [randn([3, 4], seed: 27, scale: 3)]) { $0[0].sigmoid() }
    }

    @Test func activations() throws {
        let nz = awayFromZero([3, 4], seed: 28)
        try GradCheck.check("relu", [nz]) { $0[0].relu() }
        try GradCheck.check("leakyRelu", [nz]) { $0[0].leakyRelu() }
        try GradCheck.check("leakyRelu 0.2", [nz]) { $0[0].leakyRelu(slope: 0.2) }
        let x = randn([3, 4], seed: 29, scale: 2)
        try GradCheck.check("gelu", [x]) { $0[0].gelu() }
        try GradCheck.check("softplus", [x]) { $0[0].softplus() }
        try GradCheck.check("softplus large", [T([4], [-30, -8, 8, 30])]) { $0[0].softplus() }
    }

    @Test func clamp() throws {
        // Values kept at least 0.1 away from the bounds ±0.5.
        let x = T([8], [-1.3, -0.8, -0.35, -0.1, 0.2, 0.39, 0.7, 1.9])
        try GradCheck.check("clamp both", [x]) { $0[0].clamp(min: -0.5, max: 0.5) }
        try GradCheck.check("clamp min", [x]) { $0[0].clamp(min: -0.5) }
        try GradCheck.check("clamp max", [x]) { $0[0].clamp(max: 0.5) }
    }

    // MARK: reductions

    @Test func sumMeanOverAxes() throws {
        let x = randn([2, 3, 4], seed: 30)
        for keep in [false, true] {
            for axes: [Int]? in [nil, [0], [1], [2], [-1], [0, 2], [1, 0]] {
                try GradCheck.check("sum \(String(describing: axes)) keep \(keep)", [x]) { try $0[0].sum(axes: axes, keepDims: keep) }
                try GradCheck.check("mean \(String(describing: axes)) keep \(keep)", [x]) { try $0[0].mean(axes: axes, keepDims: keep) }
            }
        }
        try GradCheck.check("sum()", [x]) { $0[0].sum() }
        try GradCheck.check("mean()", [x]) { $0[0].mean() }
    }

    @Test func varianceOverAxes() throws {
        let x = randn([3, 4], seed: 31)
        for keep in [false, true] {
            for axes: [Int]? in [nil, [0], [1]] {
                try GradCheck.check("var \(String(describing: axes))", [x]) { try $0[0].variance(axes: axes, keepDims: keep) }
                try GradCheck.check("var biased", [x]) { try $0[0].variance(axes: axes, keepDims: keep, unbiased: false) }
            }
        }
    }

    @Test func maxMinAlongAxis() throws {
        // Normal samples have no ties; the step 1e-3 is far below the gaps in this small set.
        let x = T([2, 3], [0.3, -1.2, 2.1, 1.4, 0.9, -0.4])
        for axis in [0, 1, -1] {
            for keep in [false, true] {
                try GradCheck.check("max \(axis)", [x]) { try $0[0].max(axis: axis, keepDims: keep) }
                try GradCheck.check("min \(axis)", [x]) { try $0[0].min(axis: axis, keepDims: keep) }
            }
        }
        try GradCheck.check("max all", [x]) { try $0[0].max() }
        try GradCheck.check("min all", [x]) { try $0[0].min(keepDims: true) }
        let y = T([2, 3, 2], [0.1, 0.5, -0.3, 0.9, 1.7, -1.1, 2.2, 0.0, -0.6, 1.3, 0.4, -2.0])
        try GradCheck.check("max middle axis", [y]) { try $0[0].max(axis: 1) }
    }

    @Test func logSumExp() throws {
        let x = randn([3, 4], seed: 32, scale: 2)
        for axis in [0, 1, -1] {
            try GradCheck.check("lse \(axis)", [x]) { try $0[0].logSumExp(axis: axis) }
            try GradCheck.check("lse keep \(axis)", [x]) { try $0[0].logSumExp(axis: axis, keepDims: true) }
        }
    }

    // MARK: matrix products

    @Test func matmul2D() throws {
        try GradCheck.check("matmul 2D", [randn([3, 4], seed: 33), randn([4, 2], seed: 34)]) { try $0[0].matmul($0[1]) }
    }

    @Test func matmulBatched() throws {
        try GradCheck.check("matmul batched", [randn([2, 3, 4], seed: 35), randn([2, 4, 5], seed: 36)]) { try $0[0].matmul($0[1]) }
        try GradCheck.check("matmul batch bcast right", [randn([2, 3, 4], seed: 37), randn([4, 5], seed: 38)]) { try $0[0].matmul($0[1]) }
        try GradCheck.check("matmul batch bcast left", [randn([3, 4], seed: 39), randn([2, 4, 5], seed: 40)]) { try $0[0].matmul($0[1]) }
        try GradCheck.check("matmul batch bcast both", [randn([2, 1, 3, 4], seed: 41), randn([3, 4, 2], seed: 42)]) { try $0[0].matmul($0[1]) }
    }

    @Test func matmulVectors() throws {
        try GradCheck.check("vec @ vec", [randn([4], seed: 43), randn([4], seed: 44)]) { try $0[0].matmul($0[1]) }
        try GradCheck.check("vec @ mat", [randn([4], seed: 45), randn([4, 3], seed: 46)]) { try $0[0].matmul($0[1]) }
        try GradCheck.check("mat @ vec", [randn([3, 4], seed: 47), randn([4], seed: 48)]) { try $0[0].matmul($0[1]) }
        try GradCheck.check("vec @ batch", [randn([4], seed: 49), randn([2, 4, 3], seed: 50)]) { try $0[0].matmul($0[1]) }
        try GradCheck.check("batch @ vec", [randn([2, 3, 4], seed: 51), randn([4], seed: 52)]) { try $0[0].matmul($0[1]) }
    }

    @Test func linear() throws {
        let x = randn([3, 4], seed: 53), w = randn([5, 4], seed: 54), b = randn([5], seed: 55)
        try GradCheck.check("linear bias", [x, w, b]) { try Tensor.linear($0[0], weight: $0[1], bias: $0[2]) }
        try GradCheck.check("linear no bias", [x, w]) { try Tensor.linear($0[0], weight: $0[1], bias: nil) }
        try GradCheck.check("linear 3-D input", [randn([2, 3, 4], seed: 56), w, b]) { try Tensor.linear($0[0], weight: $0[1], bias: $0[2]) }
        try GradCheck.check("linear 1-D input", [randn([4], seed: 57), w, b]) { try Tensor.linear($0[0], weight: $0[1], bias: $0[2]) }
        // Only some inputs requiring gradients.
        let constW = randn([5, 4], seed: 58)
        try GradCheck.check("linear const weight", [x, b]) { try Tensor.linear($0[0], weight: constW, bias: $0[1]) }
        let constX = randn([3, 4], seed: 59)
        try GradCheck.check("linear const input", [w]) { try Tensor.linear(constX, weight: $0[0], bias: nil) }
    }

    // MARK: softmax

    @Test func softmaxFamily() throws {
        let x = randn([2, 3, 4], seed: 60, scale: 2)
        for axis in [0, 1, 2, -1] {
            try GradCheck.check("softmax \(axis)", [x]) { try $0[0].softmax(axis: axis) }
            try GradCheck.check("logSoftmax \(axis)", [x]) { try $0[0].logSoftmax(axis: axis) }
        }
    }

    // MARK: shape operations

    @Test func reshapeFlattenPermute() throws {
        let x = randn([2, 3, 4], seed: 61)
        try GradCheck.check("reshape", [x]) { try $0[0].reshape([4, -1]) }
        try GradCheck.check("flatten", [x]) { try $0[0].flatten() }
        try GradCheck.check("flatten 0", [x]) { try $0[0].flatten(from: 0) }
        try GradCheck.check("permute", [x]) { try $0[0].permute([2, 0, 1]) }
        try GradCheck.check("permute neg", [x]) { try $0[0].permute([-1, 1, 0]) }
        try GradCheck.check("transposed", [x]) { try $0[0].transposed() }
        try GradCheck.check("transposed 0 2", [x]) { try $0[0].transposed(0, 2) }
        try GradCheck.check("transpose 2-D", [randn([3, 5], seed: 62)]) { try $0[0].transposed() }
        try GradCheck.check("permute 4-D", [randn([2, 1, 3, 2], seed: 63)]) { try $0[0].permute([3, 1, 0, 2]) }
    }

    @Test func broadcastSqueezeUnsqueeze() throws {
        try GradCheck.check("broadcast", [randn([3, 1], seed: 64)]) { try $0[0].broadcast(to: [2, 3, 4]) }
        try GradCheck.check("broadcast scalar", [randn([], seed: 65)]) { try $0[0].broadcast(to: [2, 2]) }
        try GradCheck.check("broadcast same", [randn([2, 2], seed: 66)]) { try $0[0].broadcast(to: [2, 2]) }
        let x = randn([2, 1, 3], seed: 67)
        try GradCheck.check("squeeze 1", [x]) { try $0[0].squeeze(axis: 1) }
        try GradCheck.check("squeeze all", [x]) { try $0[0].squeeze() }
        try GradCheck.check("unsqueeze 0", [x]) { try $0[0].unsqueeze(axis: 0) }
        try GradCheck.check("unsqueeze end", [x]) { try $0[0].unsqueeze(axis: 3) }
        try GradCheck.check("unsqueeze -1", [x]) { try $0[0].unsqueeze(axis: -1) }
    }

    @Test func sliceConcatStack() throws {
        let x = randn([3, 5, 2], seed: 68)
        try GradCheck.check("slice 1", [x]) { try $0[0].slice(axis: 1, 1..<4) }
        try GradCheck.check("slice 0", [x]) { try $0[0].slice(axis: 0, 0..<2) }
        try GradCheck.check("slice -1", [x]) { try $0[0].slice(axis: -1, 1..<2) }
        let a = randn([2, 3], seed: 69), b = randn([2, 1], seed: 70), c = randn([2, 2], seed: 71)
        try GradCheck.check("concat 1", [a, b, c]) { try Tensor.concat($0, axis: 1) }
        try GradCheck.check("concat 0", [a, randn([1, 3], seed: 72)]) { try Tensor.concat($0, axis: 0) }
        let constant = randn([2, 4], seed: 73)
        try GradCheck.check("concat with constant", [a]) { try Tensor.concat([$0[0], constant], axis: -1) }
        let p = randn([2, 3], seed: 74), q = randn([2, 3], seed: 75)
        for axis in [0, 1, 2, -1] {
            try GradCheck.check("stack \(axis)", [p, q]) { try Tensor.stack($0, axis: axis) }
        }
    }

    @Test func gatherAndIndexSelect() throws {
        let x = randn([4, 3], seed: 76)
        try GradCheck.check("gather rows repeated", [x]) { try $0[0].gather(axis: 0, indices: [2, 0, 2, 3, 2]) }
        try GradCheck.check("gather cols", [x]) { try $0[0].gather(axis: 1, indices: [1, 1, 0]) }
        let y = randn([2, 4, 3], seed: 77)
        try GradCheck.check("gather middle", [y]) { try $0[0].gather(axis: 1, indices: [3, 0, 3]) }
        try GradCheck.check("indexSelect", [y]) { try $0[0].indexSelect(axis: -1, indices: Tensor([2, 2, 0, 1])) }
    }

    @Test func whereSelect() throws {
        let cond = T([2, 3], [1, 0, 1, 0, 0, 1])
        let a = randn([2, 3], seed: 78), b = randn([2, 3], seed: 79)
        try GradCheck.check("where", [a, b]) { try Tensor.where(cond, $0[0], $0[1]) }
        // Broadcast condition and operands.
        let rowCond = T([3], [0, 1, 1])
        try GradCheck.check("where bcast", [randn([2, 1], seed: 80), randn([3], seed: 81)]) { try Tensor.where(rowCond, $0[0], $0[1]) }
        try GradCheck.check("where const b", [a]) { try Tensor.where(cond, $0[0], Tensor(scalar: 0)) }
    }

    // MARK: large tensors (multi-threaded kernels), checked against elementwise formulas

    @Test func largeTensorsUseTheSameGradients() throws {
        let x = randn([300, 300], seed: 90).requiringGrad()
        let w = GradCheck.weights([300, 300], seed: 91)
        try (x.tanh() * w).sum().backward()
        let g = x.grad!.scalars, xs = x.scalars, ws = w.scalars
        #expect(close(g, (0..<xs.count).map { (1 - tanhf(xs[$0]) * tanhf(xs[$0])) * ws[$0] }, atol: 1e-6))

        // Broadcast add: the bias gradient sums 300 rows of the big upstream gradient.
        let b = randn([300], seed: 92).requiringGrad(), c = randn([300, 1], seed: 93).requiringGrad()
        try ((try x.detached() + b + c) * w).sum().backward()
        let colSums = (0..<300).map { j in (0..<300).reduce(Float(0)) { $0 + ws[$1 * 300 + j] } }
        let rowSums = (0..<300).map { i in (0..<300).reduce(Float(0)) { $0 + ws[i * 300 + $1] } }
        #expect(close(b.grad!.scalars, colSums, atol: 1e-3, rtol: 1e-4))
        #expect(close(c.grad!.scalars, rowSums, atol: 1e-3, rtol: 1e-4))
    }

    // MARK: compositions

    @Test func compositeExpression() throws {
        // A small MLP with a softmax cross-entropy, all through the graph.
        let x = randn([4, 3], seed: 82), w1 = randn([5, 3], seed: 83, scale: 0.5), b1 = randn([5], seed: 84)
        let w2 = randn([5, 2], seed: 85, scale: 0.5)
        try GradCheck.check("mlp", [x, w1, b1, w2]) { v in
            let h = try Tensor.linear(v[0], weight: v[1], bias: v[2]).tanh()
            let logits = try h.matmul(v[3])
            return try logits.logSoftmax(axis: 1).gather(axis: 1, indices: [1])
        }
        // A tensor used twice, and through two paths.
        try GradCheck.check("shared", [randn([3], seed: 86)]) { v in
            let t = v[0].tanh()
            return try (t * t) + t.exp() + v[0]
        }
    }
}

/// The autodiff machinery itself: accumulation, graph lifetime, no-grad mode and misuse.
@Suite("Autograd semantics")
struct AutogradTests {
    @Test func gradientsAccumulateAcrossBackwardCalls() throws {
        let x = Tensor([1, 2, 3]).requiringGrad()
        try (x * 2).sum().backward()
        #expect(x.grad?.scalars == [2, 2, 2])
        try (x * x).sum().backward()
        #expect(x.grad?.scalars == [4, 6, 8])
    }

    @Test func zeroGradClears() throws {
        let x = Tensor([1, 2]).requiringGrad()
        try (x * 3).sum().backward()
        x.zeroGrad()
        #expect(x.grad == nil)
        try (x * 5).sum().backward()
        #expect(x.grad?.scalars == [5, 5])
    }

    @Test func leafGradientDoesNotAliasUpstreamBuffers() throws {
        // Two leaves whose gradients are the same upstream tensor must not share a buffer.
        let a = Tensor([1, 2]).requiringGrad(), b = Tensor([3, 4]).requiringGrad()
        try (a + b).backward(Tensor([1, 1]))
        #expect(a.grad !== b.grad && a.grad?.storage !== b.grad?.storage)
        try (a * 1).sum().backward()
        #expect(a.grad?.scalars == [2, 2])
        #expect(b.grad?.scalars == [1, 1])
    }

    @Test func detachedCutsTheGraph() throws {
        let x = Tensor([1, 2, 3]).requiringGrad()
        let d = (x * 2).detached()
        #expect(!d.requiresGrad && d.isLeaf)
        #expect(d.scalars == [2, 4, 6])
        let y = try (x * d).sum()  // d acts as a constant
        try y.backward()
        #expect(x.grad?.scalars == [2, 4, 6])
        #expect(d.grad == nil)
    }

    @Test func withNoGradRecordsNothing() throws {
        let x = Tensor([1, 2, 3]).requiringGrad()
        let y = try withNoGrad { try (x * x).sum() + x.exp().sum() }
        #expect(!y.requiresGrad)
        #expect(y.isLeaf)
        #expect(GradMode.isEnabled)
        #expect(withNoGrad { !GradMode.isEnabled })
        let nested = withNoGrad { withNoGrad { x * 2 } + 1 }
        #expect(!nested.requiresGrad)
        // Recording is back on afterwards.
        #expect((x * 2).requiresGrad)
        #expect(throws: TensorError.self) { try y.backward() }
    }

    @Test func operationsOnConstantsRecordNothing() throws {
        let a = Tensor([1, 2]), b = Tensor([3, 4])
        let c = try a * b + a.exp()
        #expect(!c.requiresGrad && c.isLeaf)
    }

    @Test func sharedSubexpression() throws {
        // y = t·t + t with t = 3x: dy/dx = (2t + 1)·3.
        let x = Tensor([1, -2]).requiringGrad()
        let t = x * 3
        let y = try (t * t + t).sum()
        try y.backward()
        #expect(x.grad?.scalars == [21, -33])
        // The same leaf used twice in one op.
        let z = Tensor([2, 5]).requiringGrad()
        try (z * z).sum().backward()
        #expect(z.grad?.scalars == [4, 10])
    }

    @Test func diamondGraphAccumulatesOnce() throws {
        // x -> a, b -> c = a + b -> d = c * c; each edge visited exactly once.
        let x = Tensor([0.5]).requiringGrad()
        let a = x.exp(), b = x * 2
        let c = try a + b
        let d = try (c * c).sum()
        try d.backward()
        let cv = Foundation.exp(0.5) + 1.0
        let expected = 2 * cv * (Foundation.exp(0.5) + 2)
        #expect(Swift.abs(Double(x.grad!.scalars[0]) - expected) < 1e-5)
    }

    @Test func retainGraphAllowsASecondBackward() throws {
        let x = Tensor([1, 2]).requiringGrad()
        let y = try (x * x).sum()
        try y.backward(retainGraph: true)
        try y.backward()
        #expect(x.grad?.scalars == [4, 8])
    }

    @Test func secondBackwardWithoutRetainGraphThrows() throws {
        let x = Tensor([1, 2]).requiringGrad()
        let y = try (x * x).sum()
        try y.backward()
        let e = tensorError { try y.backward() }
        guard case .autograd = e else { Issue.record("expected .autograd, got \(String(describing: e))"); return }
        #expect(x.grad?.scalars == [2, 4])
        // A root built on a freed intermediate cannot backpropagate either.
        let u = Tensor([1, 2]).requiringGrad()
        let h = u * 3
        try h.sum().backward()
        #expect(throws: TensorError.self) { try (h * 2).sum().backward() }
        #expect(u.grad?.scalars == [3, 3])
        #expect(h.grad == nil)
    }

    @Test func backwardOnNonScalarNeedsAGradient() throws {
        let x = Tensor([1, 2, 3]).requiringGrad()
        let y = x * 2
        let e = tensorError { try y.backward() }
        guard case let .autograd(message) = e else { Issue.record("expected .autograd, got \(String(describing: e))"); return }
        #expect(message.contains("[3]"))
        // With an explicit gradient it works.
        try y.backward(Tensor([1, 0, 2]))
        #expect(x.grad?.scalars == [2, 0, 4])
    }

    @Test func backwardGradientShapeIsChecked() throws {
        let x = Tensor([1, 2, 3]).requiringGrad()
        let y = x * 2
        let e = tensorError { try y.backward(Tensor([1, 2])) }
        #expect(e == .shapeMismatch(op: "backward", shapes: [[3], [2]], detail: "gradient must have the tensor's shape"))
    }

    @Test func backwardOnTensorWithoutGradThrows() {
        let e = tensorError { try Tensor([1, 2]).sum().backward() }
        guard case .autograd = e else { Issue.record("expected .autograd"); return }
    }

    @Test func backwardOnALeaf() throws {
        let x = Tensor(scalar: 3).requiringGrad()
        try x.backward()
        #expect(x.grad?.scalars == [1])
    }

    @Test func oneElementNonScalarNeedsNoGradient() throws {
        let x = Tensor([2]).requiringGrad()
        try (x * x).backward()
        #expect(x.grad?.scalars == [4])
    }

    @Test func intermediateTensorsGetNoGrad() throws {
        let x = Tensor([1, 2]).requiringGrad()
        let h = x * 2
        try (h * h).sum().backward()
        #expect(h.grad == nil)
        #expect(!h.isLeaf || h.grad == nil)
    }

    @Test func gradientsStopAtLeavesNotRequiringGrad() throws {
        let x = Tensor([1, 2]).requiringGrad(), c = Tensor([5, 7])
        try (x * c).sum().backward()
        #expect(c.grad == nil)
        #expect(x.grad?.scalars == [5, 7])
    }

    @Test func recordedClosuresDoNotKeepResultsAlive() throws {
        // Results must be freed once nothing refers to them (no reference cycle through the graph).
        let x = randn([2, 3], seed: 1).requiringGrad()
        let y = randn([3], seed: 2).requiringGrad()
        weak var probe: Tensor?
        var ops: [(Tensor) throws -> Tensor] = []
        ops.append { try $0 / y }
        ops.append { try $0.pow(y) }
        ops.append { 2 / $0 }
        ops.append { $0.exp() }
        ops.append { try $0.softmax() }
        ops.append { try $0.logSoftmax() }
        ops.append { try $0.max(axis: 1) }
        ops.append { try $0.matmul(y) }
        ops.append { try Tensor.linear($0, weight: randn([4, 3], seed: 3), bias: nil) }
        ops.append { try Tensor.where($0.greater(0), $0, y) }
        ops.append { try $0.variance(axes: [1]) }
        for op in ops {
            do {
                let r = try op(x)
                probe = r
                #expect(probe != nil)
            }
            #expect(probe == nil, "a recorded op keeps its own result alive")
        }
    }

    @Test func gradModeIsPerThread() throws {
        let x = Tensor([1]).requiringGrad()
        let box = ResultBox()
        let (inside, enabledInside) = withNoGrad { () -> (Bool, Bool) in
            // Another thread still records while this one does not.
            let done = DispatchSemaphore(value: 0)
            let t = Thread { box.value = (x * 2).requiresGrad; done.signal() }
            t.start()
            done.wait()
            return ((x * 2).requiresGrad, GradMode.isEnabled)
        }
        #expect(!inside && !enabledInside)
        #expect(box.value == true)
        #expect(GradMode.isEnabled)
    }
}

private final class ResultBox: @unchecked Sendable { var value: Bool? }
