import Foundation
import Testing
@testable import GalenTensor

/// One case of `Fixtures/torch/ops.json`, written by `scripts/make_fixtures.py --group ops`.
struct TorchCase: Decodable, Sendable, CustomTestStringConvertible {
    struct Values: Decodable, Sendable {
        var shape: [Int]
        var data: [Double]
        func tensor() throws -> Tensor { try Tensor(shape: shape, values: data.map(Float.init)) }
    }

    /// A parameter value: JSON null, bool, integer, number or list of integers.
    enum Param: Decodable, Sendable {
        case null, bool(Bool), int(Int), number(Double), ints([Int])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let i = try? c.decode(Int.self) { self = .int(i) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else { self = .ints(try c.decode([Int].self)) }
        }
    }

    var name: String
    var op: String
    var params: [String: Param]
    var inputs: [Values]
    var requiresGrad: [Bool]
    var weight: Values
    var output: Values
    var grads: [Values?]

    var testDescription: String { name }

    struct MissingParam: Error, CustomStringConvertible {
        var name: String, key: String
        var description: String { "case \(name): parameter \(key) missing or of the wrong type" }
    }

    func int(_ key: String) throws -> Int {
        guard case let .int(v)? = params[key] else { throw MissingParam(name: name, key: key) }
        return v
    }
    func optionalInt(_ key: String) throws -> Int? {
        if case .null? = params[key] { return nil }
        return try int(key)
    }
    func float(_ key: String) throws -> Float {
        switch params[key] {
        case let .number(v)?: return Float(v)
        case let .int(v)?: return Float(v)
        default: throw MissingParam(name: name, key: key)
        }
    }
    func bool(_ key: String) throws -> Bool {
        guard case let .bool(v)? = params[key] else { throw MissingParam(name: name, key: key) }
        return v
    }
    func ints(_ key: String) throws -> [Int] {
        guard case let .ints(v)? = params[key] else { throw MissingParam(name: name, key: key) }
        return v
    }
    func optionalInts(_ key: String) throws -> [Int]? {
        if case .null? = params[key] { return nil }
        return try ints(key)
    }
}

enum TorchFixtures {
    struct Document: Decodable { var torch: String; var cases: [TorchCase] }

    static func load() throws -> Document {
        guard let url = Bundle.module.url(forResource: "ops", withExtension: "json", subdirectory: "Fixtures/torch") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "Fixtures/torch/ops.json is not in the test bundle"])
        }
        return try JSONDecoder().decode(Document.self, from: Data(contentsOf: url))
    }

    /// The cases, or none when the file cannot be read (`fixtureLoads` then fails and says why).
    static let cases: [TorchCase] = (try? load().cases) ?? []

    /// Galen's version of the PyTorch expression that produced `c`.
    static func apply(_ c: TorchCase, _ x: [Tensor]) throws -> Tensor {
        switch c.op {
        case "add": return try x[0] + x[1]
        case "sub": return try x[0] - x[1]
        case "mul": return try x[0] * x[1]
        case "div": return try x[0] / x[1]
        case "add_scalar": return x[0] + (try c.float("s"))
        case "sub_scalar": return x[0] - (try c.float("s"))
        case "rsub_scalar": return (try c.float("s")) - x[0]
        case "mul_scalar": return x[0] * (try c.float("s"))
        case "div_scalar": return x[0] / (try c.float("s"))
        case "rdiv_scalar": return (try c.float("s")) / x[0]
        case "neg": return -x[0]
        case "pow": return try x[0].pow(x[1])
        case "pow_scalar": return x[0].pow(try c.float("p"))
        case "exp": return x[0].exp()
        case "log": return x[0].log()
        case "sqrt": return x[0].sqrt()
        case "abs": return x[0].abs()
        case "tanh": return x[0].tanh()
        case "sigmoid": return x[0].sigmoid()
        case "relu": return x[0].relu()
        case "leakyRelu": return x[0].leakyRelu(slope: try c.float("slope"))
        case "gelu": return x[0].gelu()
        case "softplus": return x[0].softplus()
        case "clamp": return x[0].clamp(min: try c.float("min"), max: try c.float("max"))
        case "sum": return try x[0].sum(axes: try c.optionalInts("axes"), keepDims: try c.bool("keepDims"))
        case "mean": return try x[0].mean(axes: try c.optionalInts("axes"), keepDims: try c.bool("keepDims"))
        case "variance":
            return try x[0].variance(axes: try c.optionalInts("axes"), keepDims: try c.bool("keepDims"), unbiased: try c.bool("unbiased"))
        case "max": return try x[0].max(axis: try c.optionalInt("axis"), keepDims: try c.bool("keepDims"))
        case "min": return try x[0].min(axis: try c.optionalInt("axis"), keepDims: try c.bool("keepDims"))
        case "logSumExp": return try x[0].logSumExp(axis: try c.int("axis"), keepDims: try c.bool("keepDims"))
        case "matmul": return try x[0].matmul(x[1])
        case "linear": return try Tensor.linear(x[0], weight: x[1], bias: x.count > 2 ? x[2] : nil)
        case "conv2d":
            let s = try c.ints("stride"), p = try c.ints("padding"), d = try c.ints("dilation")
            return try Tensor.conv2d(x[0], weight: x[1], bias: x.count > 2 ? x[2] : nil, stride: (s[0], s[1]),
                                     padding: (p[0], p[1]), dilation: (d[0], d[1]))
        case "max_pool2d":
            let k = try c.ints("kernel"), s = try c.ints("stride"), p = try c.ints("padding")
            return try x[0].maxPool2d(kernel: (k[0], k[1]), stride: (s[0], s[1]), padding: (p[0], p[1]))
        case "avg_pool2d":
            let k = try c.ints("kernel"), s = try c.ints("stride"), p = try c.ints("padding")
            return try x[0].avgPool2d(kernel: (k[0], k[1]), stride: (s[0], s[1]), padding: (p[0], p[1]))
        case "softmax": return try x[0].softmax(axis: try c.int("axis"))
        case "logSoftmax": return try x[0].logSoftmax(axis: try c.int("axis"))
        case "reshape": return try x[0].reshape(try c.ints("shape"))
        case "flatten": return try x[0].flatten(from: try c.int("from"))
        case "permute": return try x[0].permute(try c.ints("order"))
        case "transpose": return try x[0].transposed(try c.int("axis0"), try c.int("axis1"))
        case "broadcast": return try x[0].broadcast(to: try c.ints("shape"))
        case "unsqueeze": return try x[0].unsqueeze(axis: try c.int("axis"))
        case "squeeze": return try x[0].squeeze(axis: try c.int("axis"))
        case "slice": return try x[0].slice(axis: try c.int("axis"), (try c.int("start"))..<(try c.int("end")))
        case "concat": return try Tensor.concat(x, axis: try c.int("axis"))
        case "stack": return try Tensor.stack(x, axis: try c.int("axis"))
        case "gather": return try x[0].gather(axis: try c.int("axis"), indices: try c.ints("indices"))
        case "where": return try Tensor.where(x[0], x[1], x[2])
        default:
            struct UnknownOp: Error { var op: String }
            throw UnknownOp(op: c.op)
        }
    }

    /// The largest of |a − b| / max(1, |b|): absolute for small values, relative for large ones.
    static func maxError(_ a: [Float], _ b: [Double]) -> Double {
        var worst = 0.0
        for (x, y) in zip(a, b) {
            let e = Swift.abs(Double(x) - y) / Swift.max(1, Swift.abs(y))
            worst = x.isNaN ? .infinity : Swift.max(worst, e)
        }
        return worst
    }
}

@Suite("PyTorch parity")
struct TorchParityTests {
    @Test func fixtureLoads() throws {
        let doc = try TorchFixtures.load()
        #expect(doc.torch.hasPrefix("2.13.0"))
        #expect(doc.cases.count >= 100)
        // Every op family is covered.
        let ops = Set(doc.cases.map(\.op))
        for op in ["add", "sub", "mul", "div", "pow", "pow_scalar", "gelu", "variance", "max", "min", "logSumExp", "matmul",
                   "linear", "softmax", "logSoftmax", "permute", "broadcast", "slice", "concat", "stack", "gather", "where",
                   "conv2d", "max_pool2d", "avg_pool2d"] {
            #expect(ops.contains(op), "no fixture for \(op)")
        }
    }

    @Test(arguments: TorchFixtures.cases)
    func matchesPyTorch(_ c: TorchCase) throws {
        let inputs = try c.inputs.enumerated().map { i, v in try v.tensor().requiringGrad(c.requiresGrad[i]) }
        let out = try TorchFixtures.apply(c, inputs)
        #expect(out.shape == c.output.shape, "\(c.name): output shape")
        let forward = TorchFixtures.maxError(out.scalars, c.output.data)
        #expect(forward <= 1e-5, "\(c.name): forward differs from PyTorch by \(forward)")

        try (out * (try c.weight.tensor())).sum().backward()
        for (i, expected) in c.grads.enumerated() {
            guard let expected else {
                #expect(inputs[i].grad == nil, "\(c.name): input \(i) should get no gradient")
                continue
            }
            let grad = try #require(inputs[i].grad, "\(c.name): input \(i) got no gradient")
            #expect(grad.shape == expected.shape, "\(c.name): gradient \(i) shape")
            let err = TorchFixtures.maxError(grad.scalars, expected.data)
            #expect(err <= 1e-4, "\(c.name): gradient of input \(i) differs from PyTorch by \(err)")
        }
    }
}
