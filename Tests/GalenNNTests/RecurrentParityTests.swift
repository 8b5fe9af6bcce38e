import Foundation
import Testing
import GalenNN
import GalenTensor

/// `Fixtures/torch/rnn.json` and `lstm_state.safetensors`, written by `scripts/make_rnn_fixtures.py`
/// with torch 2.13.0: `nn.LSTM` and `nn.GRU` (batch first; 1–2 layers, uni- and bidirectional, with
/// and without initial states and biases, variable lengths through `pack_padded_sequence`), their
/// outputs, final states and the gradients of a weighted sum of them.
enum RecurrentFixtures {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        struct Weights: Decodable, Sendable { var output: NNFixtures.Values, hn: NNFixtures.Values, cn: NNFixtures.Values? }
        struct Grads: Decodable, Sendable {
            var input: NNFixtures.Values, h0: NNFixtures.Values?, c0: NNFixtures.Values?
            var params: [String: NNFixtures.Values]
        }
        var name: String, cell: String
        var inputSize: Int, hiddenSize: Int, layers: Int, bidirectional: Bool, bias: Bool
        var lengths: [Int]?
        var state: [String: NNFixtures.Values]
        var input: NNFixtures.Values, h0: NNFixtures.Values?, c0: NNFixtures.Values?
        var output: NNFixtures.Values, hn: NNFixtures.Values, cn: NNFixtures.Values?
        var weights: Weights
        var grads: Grads
        var testDescription: String { name }

        /// The Galen layer of this case, with PyTorch's weights loaded strictly by name.
        func model() throws -> RecurrentLayer {
            let m: RecurrentLayer = cell == "lstm"
                ? LSTM(inputSize, hiddenSize, layers: layers, bidirectional: bidirectional, bias: bias)
                : GRU(inputSize, hiddenSize, layers: layers, bidirectional: bidirectional, bias: bias)
            try m.loadStateDict(state.mapValues { try $0.tensor() }, strict: true)
            return m
        }
    }

    struct Document: Decodable, Sendable { var torch: String; var cases: [Case] }

    static let cases: [Case] = (try? JSONDecoder().decode(Document.self, from: Data(contentsOf: NNFixtures.url("rnn", "json"))).cases) ?? []
}

@Suite struct RecurrentParityTests {
    /// |a − b| ≤ tolerance · max(1, |b|) for every element.
    static func expectClose(_ a: Tensor?, _ b: NNFixtures.Values?, _ what: String, tolerance: Double = 1e-5,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        guard let b else { return }
        guard let a else { Issue.record("\(what): missing", sourceLocation: sourceLocation); return }
        #expect(a.shape == b.shape, "\(what): shape \(a.shape), PyTorch \(b.shape)", sourceLocation: sourceLocation)
        let err = NNFixtures.maxError(a.scalars, b.data)
        #expect(err <= tolerance, "\(what): error \(err)", sourceLocation: sourceLocation)
    }

    @Test func fixturesLoad() throws {
        _ = try NNFixtures.url("rnn", "json")
        #expect(RecurrentFixtures.cases.count == 14)
    }

    @Test(arguments: RecurrentFixtures.cases)
    func matchesPyTorch(_ c: RecurrentFixtures.Case) throws {
        let model = try c.model()
        let x = try c.input.tensor().requiringGrad()
        let h0 = try c.h0?.tensor().requiringGrad(), c0 = try c.c0?.tensor().requiringGrad()
        let out = try model.forward(x, lengths: c.lengths, initialState: h0.map { RecurrentState(hidden: $0, cell: c0) })
        Self.expectClose(out.output, c.output, "\(c.name) output")
        Self.expectClose(out.state.hidden, c.hn, "\(c.name) h_n")
        Self.expectClose(out.state.cell, c.cn, "\(c.name) c_n")
        #expect((out.state.cell == nil) == (c.cn == nil), "\(c.name): cell state presence")

        var loss = try (out.output * c.weights.output.tensor()).sum() + (out.state.hidden * c.weights.hn.tensor()).sum()
        if let cell = out.state.cell, let w = c.weights.cn { loss = try loss + (cell * w.tensor()).sum() }
        try loss.backward()
        Self.expectClose(x.grad, c.grads.input, "\(c.name) d input")
        Self.expectClose(h0?.grad, c.grads.h0, "\(c.name) d h0")
        Self.expectClose(c0?.grad, c.grads.c0, "\(c.name) d c0")
        let params = Dictionary(uniqueKeysWithValues: model.namedParameters)
        #expect(Set(params.keys) == Set(c.grads.params.keys), "\(c.name): parameter names differ from PyTorch's")
        for (name, g) in c.grads.params { Self.expectClose(params[name]?.grad, g, "\(c.name) d \(name)") }
    }

    /// A PyTorch `nn.LSTM` state dict saved with safetensors loads by name and reproduces PyTorch's outputs.
    @Test func pytorchStateDictLoadsFromSafeTensors() throws {
        let c = try #require(RecurrentFixtures.cases.first { $0.name == "lstm_2layer_bi_lengths" })
        let state = try SafeTensors.read(contentsOf: NNFixtures.url("lstm_state", "safetensors"))
        let model = LSTM(c.inputSize, c.hiddenSize, layers: c.layers, bidirectional: c.bidirectional)
        #expect(Set(state.keys) == Set(model.stateDict().keys))
        try model.loadStateDict(state, strict: true)
        let initial = RecurrentState(hidden: try c.h0!.tensor(), cell: try c.c0!.tensor())
        let out = try withNoGrad { try model.forward(c.input.tensor(), lengths: c.lengths, initialState: initial) }
        Self.expectClose(out.output, c.output, "output")
        Self.expectClose(out.state.hidden, c.hn, "h_n")
        Self.expectClose(out.state.cell, c.cn, "c_n")
    }
}
