import Foundation
import Testing
import GalenNN
import GalenTensor

/// The fixtures of `Fixtures/torch/`, written by `scripts/make_fixtures.py --group nn --group mlp_state_dict`
/// with torch 2.13.0: `nn.json` (an MLP, losses, optimizers, gradient clipping, LR schedules), `mlp.json`
/// and `mlp.safetensors` (a PyTorch `nn.Sequential` state dict and its predictions).
enum NNFixtures {
    /// A tensor as `{"shape", "data"}`; the data are float32 values in shortest decimal form.
    struct Values: Decodable, Sendable {
        var shape: [Int]
        var data: [Double]
        func tensor() throws -> Tensor { try Tensor(shape: shape, values: data.map(Float.init)) }
    }

    /// A hyperparameter: JSON null, bool, number or list of numbers.
    enum Param: Decodable, Sendable, Equatable {
        case null, bool(Bool), number(Double), numbers([Double])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else { self = .numbers(try c.decode([Double].self)) }
        }
    }

    struct BadParam: Error, CustomStringConvertible {
        var name: String, key: String
        var description: String { "case \(name): parameter \(key) missing or of the wrong type" }
    }

    /// Reads typed hyperparameters of one case, remembering which keys were used.
    final class Params {
        let name: String, values: [String: Param]
        private(set) var used: Set<String> = []
        init(_ name: String, _ values: [String: Param]) { self.name = name; self.values = values }

        func float(_ key: String, _ fallback: Float) throws -> Float {
            used.insert(key)
            switch values[key] {
            case nil: return fallback
            case let .number(v)?: return Float(v)
            default: throw BadParam(name: name, key: key)
            }
        }
        func int(_ key: String) throws -> Int {
            used.insert(key)
            guard case let .number(v)? = values[key], v == v.rounded() else { throw BadParam(name: name, key: key) }
            return Int(v)
        }
        func bool(_ key: String, _ fallback: Bool) throws -> Bool {
            used.insert(key)
            switch values[key] {
            case nil: return fallback
            case let .bool(v)?: return v
            default: throw BadParam(name: name, key: key)
            }
        }
        func floats(_ key: String) throws -> [Float]? {
            used.insert(key)
            switch values[key] {
            case nil, .null?: return nil
            case let .numbers(v)?: return v.map(Float.init)
            default: throw BadParam(name: name, key: key)
            }
        }
        /// Keys the test did not read: a hyperparameter the comparison would silently ignore.
        var unused: [String] { values.keys.filter { !used.contains($0) }.sorted() }
    }

    struct MLPCase: Decodable, Sendable {
        var name: String
        var state: [String: Values]
        var input: Values, output: Values, weight: Values
        var grads: [String: Values]
    }

    struct LossCase: Decodable, Sendable, CustomTestStringConvertible {
        var name: String, loss: String
        var params: [String: Param]
        var prediction: Values, target: Values
        var value: Double
        var grad: Values
        var testDescription: String { name }
    }

    struct OptimizerCase: Decodable, Sendable, CustomTestStringConvertible {
        var name: String, optimizer: String
        var params: [String: Param]
        var initial: [String: Values]
        /// Per step; nil: the parameter has no gradient at that step.
        var grads: [[String: Values?]]
        var after: [[String: Values]]
        var testDescription: String { name }
    }

    struct ClipCase: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var maxNorm: Double
        var grads: [String: Values?]
        var norm: Double
        var clipped: [String: Values?]
        var testDescription: String { name }
    }

    struct ScheduleCase: Decodable, Sendable, CustomTestStringConvertible {
        var name: String, schedule: String
        var params: [String: Param]
        var lr0: Double
        var metrics: [Double]?
        var lrs: [Double]
        var testDescription: String { name }
    }

    struct PredictionCase: Decodable, Sendable {
        var name: String, weights: String
        var input: Values, output: Values
    }

    /// One entry of a document's "cases", by its "kind".
    enum Case: Decodable, Sendable {
        case mlp(MLPCase), loss(LossCase), optimizer(OptimizerCase), clip(ClipCase), schedule(ScheduleCase)
        case predictions(PredictionCase)

        private enum Key: String, CodingKey { case kind }
        struct UnknownKind: Error { var kind: String }

        init(from decoder: Decoder) throws {
            let kind = try decoder.container(keyedBy: Key.self).decode(String.self, forKey: .kind)
            switch kind {
            case "mlp": self = .mlp(try MLPCase(from: decoder))
            case "loss": self = .loss(try LossCase(from: decoder))
            case "optimizer": self = .optimizer(try OptimizerCase(from: decoder))
            case "clip": self = .clip(try ClipCase(from: decoder))
            case "schedule": self = .schedule(try ScheduleCase(from: decoder))
            case "predictions": self = .predictions(try PredictionCase(from: decoder))
            default: throw UnknownKind(kind: kind)
            }
        }
    }

    struct Document: Decodable, Sendable { var torch: String; var cases: [Case] }

    static func url(_ name: String, _ ext: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/torch") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "Fixtures/torch/\(name).\(ext) is not in the test bundle"])
        }
        return url
    }

    static func load(_ name: String) throws -> Document {
        try JSONDecoder().decode(Document.self, from: Data(contentsOf: url(name, "json")))
    }

    /// The cases of nn.json, or none when it cannot be read (`fixturesLoad` then fails and says why).
    static let nn: [Case] = (try? load("nn").cases) ?? []
    static let losses: [LossCase] = nn.compactMap { if case let .loss(c) = $0 { c } else { nil } }
    static let optimizers: [OptimizerCase] = nn.compactMap { if case let .optimizer(c) = $0 { c } else { nil } }
    static let clips: [ClipCase] = nn.compactMap { if case let .clip(c) = $0 { c } else { nil } }
    static let schedules: [ScheduleCase] = nn.compactMap { if case let .schedule(c) = $0 { c } else { nil } }

    /// The largest of |a − b| / max(1, |b|): absolute for small values, relative for large ones.
    static func maxError(_ a: [Float], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        var worst = 0.0
        for (x, y) in zip(a, b) {
            let e = Swift.abs(Double(x) - y) / Swift.max(1, Swift.abs(y))
            worst = x.isNaN ? .infinity : Swift.max(worst, e)
        }
        return worst
    }

    /// The Galen model matching the PyTorch MLP of nn.json.
    static func smallMLP() -> Sequential {
        Sequential { Dense(5, 8); ReLU(); Dense(8, 6); Tanh(); Dense(6, 3) }
    }
}

@Suite("PyTorch parity of GalenNN")
struct NNTorchParityTests {
    typealias F = NNFixtures

    @Test func fixturesLoad() throws {
        let doc = try F.load("nn")
        #expect(doc.torch.hasPrefix("2.13.0"))
        #expect(doc.cases.contains { if case .mlp = $0 { true } else { false } })
        #expect(Set(F.losses.map(\.loss)) == ["mse", "l1", "bce", "cross_entropy"])
        #expect(Set(F.optimizers.map(\.optimizer)) == ["sgd", "adam", "adamw", "rmsprop"])
        #expect(F.optimizers.count >= 17 && F.optimizers.allSatisfy { $0.after.count == 3 && $0.grads.count == 3 })
        #expect(F.clips.count == 2)
        #expect(Set(F.schedules.map(\.schedule)) == ["step", "cosine", "plateau"])
        #expect(try F.load("mlp").torch.hasPrefix("2.13.0"))
    }

    // MARK: Dense MLP

    @Test func mlpForwardAndGradientsMatch() throws {
        let doc = try F.load("nn")
        let c = try #require(doc.cases.lazy.compactMap { if case let .mlp(c) = $0 { c } else { nil } }.first)
        let model = F.smallMLP()
        #expect(Set(model.stateDict().keys) == Set(c.state.keys), "PyTorch and Galen name the parameters alike")
        try model.loadStateDict(c.state.mapValues { try $0.tensor() }, strict: true)

        let x = try c.input.tensor().requiringGrad()
        let out = try model(x)
        #expect(out.shape == c.output.shape)
        let forward = F.maxError(out.scalars, c.output.data)
        #expect(forward <= 1e-5, "forward differs from PyTorch by \(forward)")

        try (out * (try c.weight.tensor())).sum().backward()
        var got: [String: Tensor?] = ["input": x.grad]
        for (name, p) in model.namedParameters { got[name] = p.grad }
        #expect(Set(got.keys) == Set(c.grads.keys))
        for (name, expected) in c.grads.sorted(by: { $0.key < $1.key }) {
            let grad = try #require(got[name] ?? nil, "\(name) got no gradient")
            #expect(grad.shape == expected.shape, "\(name): gradient shape")
            let err = F.maxError(grad.scalars, expected.data)
            #expect(err <= 1e-4, "gradient of \(name) differs from PyTorch by \(err)")
        }
    }

    // MARK: Losses

    static func makeLoss(_ c: F.LossCase) throws -> (any Loss, [String]) {
        let p = F.Params(c.name, c.params)
        let loss: any Loss
        switch c.loss {
        case "mse": loss = MSELoss()
        case "l1": loss = L1Loss()
        case "bce": loss = BCEWithLogitsLoss(posWeight: try p.float("posWeight", 1))
        case "cross_entropy":
            loss = CrossEntropyLoss(weight: try p.floats("weight"), labelSmoothing: try p.float("labelSmoothing", 0))
        default:
            struct UnknownLoss: Error { var loss: String }
            throw UnknownLoss(loss: c.loss)
        }
        return (loss, p.unused)
    }

    @Test(arguments: F.losses)
    func lossMatches(_ c: F.LossCase) throws {
        let (loss, unused) = try Self.makeLoss(c)
        #expect(unused.isEmpty, "\(c.name): parameters \(unused) not passed to Galen")
        let prediction = try c.prediction.tensor().requiringGrad()
        let value = try loss(prediction, try c.target.tensor())
        #expect(value.shape == [])
        let err = F.maxError(value.scalars, [c.value])
        #expect(err <= 1e-5, "\(c.name): value \(value.scalars[0]) vs PyTorch \(c.value)")

        try value.backward()
        let grad = try #require(prediction.grad)
        #expect(grad.shape == c.grad.shape)
        let gerr = F.maxError(grad.scalars, c.grad.data)
        #expect(gerr <= 1e-4, "\(c.name): gradient differs from PyTorch by \(gerr)")
    }

    // MARK: Optimizers

    /// The Galen optimizer for a case's torch keyword arguments. A case without any uses
    /// Galen's defaults, so those are checked against PyTorch's too.
    static func makeOptimizer(_ c: F.OptimizerCase, _ params: [Tensor]) throws -> (Optimizer, [String]) {
        let p = F.Params(c.name, c.params)
        let defaults = c.params.isEmpty
        let opt: Optimizer
        switch c.optimizer {
        case "sgd":
            opt = SGD(params, learningRate: try p.float("lr", 0.001), momentum: try p.float("momentum", 0),
                      dampening: try p.float("dampening", 0), weightDecay: try p.float("weight_decay", 0),
                      nesterov: try p.bool("nesterov", false))
        case "adam", "adamw":
            let betas = try p.floats("betas") ?? [0.9, 0.999]
            let lr = try p.float("lr", 0.001), eps = try p.float("eps", 1e-8)
            if c.optimizer == "adam" {
                let wd = try p.float("weight_decay", 0)
                opt = defaults ? Adam(params) : Adam(params, learningRate: lr, beta1: betas[0], beta2: betas[1], epsilon: eps, weightDecay: wd)
            } else {
                let wd = try p.float("weight_decay", 0.01)
                opt = defaults ? AdamW(params) : AdamW(params, learningRate: lr, beta1: betas[0], beta2: betas[1], epsilon: eps, weightDecay: wd)
            }
        case "rmsprop":
            opt = defaults ? RMSprop(params) :
                RMSprop(params, learningRate: try p.float("lr", 0.01), alpha: try p.float("alpha", 0.99), epsilon: try p.float("eps", 1e-8),
                        weightDecay: try p.float("weight_decay", 0), momentum: try p.float("momentum", 0),
                        centered: try p.bool("centered", false))
        default:
            struct UnknownOptimizer: Error { var optimizer: String }
            throw UnknownOptimizer(optimizer: c.optimizer)
        }
        return (opt, p.unused)
    }

    /// One step and three steps (momentum, moments and step counts carried over) from the
    /// same parameters with the same fixed gradients as PyTorch; in the `_skip` cases one
    /// parameter has no gradient at step 2, so it must keep its value and state.
    @Test(arguments: F.optimizers)
    func optimizerStepsMatch(_ c: F.OptimizerCase) throws {
        let names = c.initial.keys.sorted()
        let tensors = try names.map { try c.initial[$0]!.tensor().requiringGrad() }
        let (opt, unused) = try Self.makeOptimizer(c, tensors)
        #expect(unused.isEmpty, "\(c.name): parameters \(unused) not passed to Galen")
        for (step, (grads, after)) in zip(c.grads, c.after).enumerated() {
            for (name, t) in zip(names, tensors) { t.grad = try (grads[name] ?? nil)?.tensor() }
            opt.step()
            for (name, t) in zip(names, tensors) {
                let expected = try #require(after[name])
                let err = F.maxError(t.scalars, expected.data)
                #expect(err <= 1e-5, "\(c.name): \(name) after step \(step + 1) differs from PyTorch by \(err)")
            }
        }
        #expect(opt.stepCount == c.grads.count)
    }

    // MARK: Gradient clipping

    @Test(arguments: F.clips)
    func clipGradNormMatches(_ c: F.ClipCase) throws {
        let names = c.grads.keys.sorted()
        var tensors: [Tensor] = []
        for name in names {
            let t = Tensor.zeros([1]).requiringGrad()
            t.grad = try c.grads[name]!.map { try $0.tensor() }
            tensors.append(t)
        }
        let norm = clipGradNorm(tensors, maxNorm: Float(c.maxNorm))
        #expect(F.maxError([norm], [c.norm]) <= 1e-5, "\(c.name): norm \(norm) vs PyTorch \(c.norm)")
        for (name, t) in zip(names, tensors) {
            guard let expected = c.clipped[name] ?? nil else {
                #expect(t.grad == nil, "\(c.name): \(name) should keep no gradient")
                continue
            }
            let grad = try #require(t.grad)
            let err = F.maxError(grad.scalars, expected.data)
            #expect(err <= 1e-5, "\(c.name): clipped gradient of \(name) differs from PyTorch by \(err)")
        }
    }

    // MARK: Learning-rate schedules

    @Test(arguments: F.schedules)
    func scheduleMatches(_ c: F.ScheduleCase) throws {
        let p = F.Params(c.name, c.params)
        let opt = SGD([Tensor.zeros([1]).requiringGrad()], learningRate: Float(c.lr0))
        let schedule: any LRSchedule
        var period = Int.max, minimum: Float = 0
        switch c.schedule {
        case "step": schedule = StepLR(opt, stepSize: try p.int("stepSize"), gamma: try p.float("gamma", 0.1))
        case "cosine":
            period = try p.int("period"); minimum = try p.float("minimum", 0)
            schedule = CosineAnnealingLR(opt, period: period, minimum: minimum)
        case "plateau":
            schedule = ReduceLROnPlateau(opt, factor: try p.float("factor", 0.1), patience: try p.int("patience"),
                                         threshold: try p.float("threshold", 1e-4), cooldown: try p.int("cooldown"),
                                         minimum: try p.float("minimum", 0))
        default:
            struct UnknownSchedule: Error { var schedule: String }
            throw UnknownSchedule(schedule: c.schedule)
        }
        #expect(p.unused.isEmpty, "\(c.name): parameters \(p.unused) not passed to Galen")
        for (epoch, expected) in c.lrs.enumerated() {
            schedule.step(metric: c.metrics.map { Float($0[epoch]) })
            let lr = Double(opt.learningRate)
            if epoch + 1 > period {
                // PyTorch's CosineAnnealingLR keeps following the cosine past T_max, climbing back
                // towards the initial rate; Galen's holds the minimum (see CosineAnnealingLR).
                #expect(lr == Double(minimum), "\(c.name): epoch \(epoch + 1) past the period")
                continue
            }
            #expect(Swift.abs(lr - expected) <= 1e-6 * Swift.abs(expected) + 1e-12,
                    "\(c.name): learning rate after epoch \(epoch + 1) is \(lr), PyTorch's \(expected)")
        }
    }

    // MARK: A PyTorch state dict

    /// `nn.Sequential(Linear(30, 16), ReLU(), Linear(16, 8), ReLU(), Linear(8, 1))`, saved by PyTorch with
    /// `safetensors.torch.save_file(model.state_dict(), …)`, loads strictly into the same Galen `Sequential`
    /// and predicts the same.
    @Test func pytorchStateDictLoadsAndPredicts() throws {
        let doc = try F.load("mlp")
        let c = try #require(doc.cases.lazy.compactMap { if case let .predictions(c) = $0 { c } else { nil } }.first)
        let state = try SafeTensors.read(contentsOf: try F.url("mlp", "safetensors"))
        #expect(state.keys.sorted() == ["0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight"])
        #expect(state["0.weight"]?.shape == [16, 30])

        let model = Sequential { Dense(30, 16); ReLU(); Dense(16, 8); ReLU(); Dense(8, 1) }
        try model.loadStateDict(state, strict: true)
        model.eval()
        let out = try withNoGrad { try model(try c.input.tensor()) }
        #expect(out.shape == c.output.shape)
        let err = F.maxError(out.scalars, c.output.data)
        #expect(err <= 1e-5, "predictions differ from PyTorch by \(err)")

        // And back: Galen's state dict, written and read again, holds PyTorch's values exactly.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("galen-mlp-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(model.stateDict(), to: url)
        let again = try SafeTensors.read(contentsOf: url)
        #expect(Set(again.keys) == Set(state.keys))
        for (name, t) in state { #expect(again[name]?.scalars == t.scalars, "\(name) round trip") }
    }
}
