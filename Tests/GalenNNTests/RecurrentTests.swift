import Foundation
import Testing
@testable import GalenNN
import GalenTensor

@Suite struct RecurrentTests {
    /// Σ output·w + Σ h_n·v (+ Σ c_n·u): the scalar whose gradients the tests check.
    static func objective(_ model: RecurrentLayer, _ x: Tensor, lengths: [Int]?, initial: RecurrentState?,
                          seed: UInt64) throws -> Tensor {
        let out = try model.forward(x, lengths: lengths, initialState: initial)
        var g = SeededGenerator(seed: seed)
        func w(_ t: Tensor) -> Tensor { Tensor.uniform(t.shape, low: -1, high: 1, generator: &g) }
        var loss = try (out.output * w(out.output)).sum() + (out.state.hidden * w(out.state.hidden)).sum()
        if let c = out.state.cell { loss = try loss + (c * w(c)).sum() }
        return loss
    }

    /// Compares analytic gradients with central differences (Float evaluations, step 1e-2) for the input,
    /// the initial states and every parameter, at up to `samples` elements of each.
    static func finiteDifferences(_ model: RecurrentLayer, lengths: [Int]?, withState: Bool) throws {
        let N = lengths?.count ?? 2, T = 4, D = model.directionCount
        let x = Tensor.randn([N, T, model.inputSize], seed: 11).requiringGrad()
        let stateShape = [model.layerCount * D, N, model.hiddenSize]
        let h0 = withState ? (Tensor.randn(stateShape, seed: 12) * 0.5).requiringGrad() : nil
        let c0 = withState && model.cell == .lstm ? (Tensor.randn(stateShape, seed: 13) * 0.5).requiringGrad() : nil
        let initial = h0.map { RecurrentState(hidden: $0, cell: c0) }
        try objective(model, x, lengths: lengths, initial: initial, seed: 5).backward()
        var checked: [(String, Tensor)] = [("input", x)] + model.namedParameters
        if let h0 { checked.append(("h0", h0)) }
        if let c0 { checked.append(("c0", c0)) }
        let eps: Float = 1e-2
        for (name, t) in checked {
            let grad = try #require(t.grad, "\(name) has no gradient")
            for i in stride(from: 0, to: t.count, by: max(1, t.count / 12)) {
                let saved = t.pointer[i]
                t.pointer[i] = saved + eps
                let plus = try withNoGrad { try objective(model, x, lengths: lengths, initial: initial, seed: 5).item() }
                t.pointer[i] = saved - eps
                let minus = try withNoGrad { try objective(model, x, lengths: lengths, initial: initial, seed: 5).item() }
                t.pointer[i] = saved
                let numeric = Double(plus - minus) / Double(2 * eps)
                let analytic = Double(grad.pointer[i])
                #expect(Swift.abs(numeric - analytic) <= 3e-3 + 2e-2 * Swift.abs(numeric),
                        "\(model.layerName) d\(name)[\(i)]: analytic \(analytic), numeric \(numeric)")
            }
        }
    }

    @Test func lstmGradientsMatchFiniteDifferences() throws {
        try Self.finiteDifferences(LSTM(3, 4, layers: 2, bidirectional: true, seed: 1), lengths: [4, 2, 3], withState: true)
        try Self.finiteDifferences(LSTM(3, 5, seed: 2), lengths: nil, withState: false)
    }

    @Test func gruGradientsMatchFiniteDifferences() throws {
        try Self.finiteDifferences(GRU(3, 4, layers: 2, bidirectional: true, seed: 3), lengths: [4, 2, 3], withState: true)
        try Self.finiteDifferences(GRU(3, 5, bias: false, seed: 4), lengths: nil, withState: false)
    }

    /// Values in the padding change nothing, and a padded batch gives each sequence what it gives alone.
    @Test(arguments: [RecurrentCell.lstm, .gru])
    func paddingNeverLeaks(_ cell: RecurrentCell) throws {
        let model: RecurrentLayer = cell == .lstm ? LSTM(3, 4, layers: 2, bidirectional: true, seed: 7)
                                                  : GRU(3, 4, layers: 2, bidirectional: true, seed: 7)
        let lengths = [5, 2, 0, 4]
        let x = Tensor.randn([4, 5, 3], seed: 21)
        let noisy = x.copy()
        for n in 0..<4 { for t in lengths[n]..<5 { for f in 0..<3 { noisy.pointer[(n * 5 + t) * 3 + f] = 1000 } } }
        let a = try withNoGrad { try model.forward(x, lengths: lengths) }
        let b = try withNoGrad { try model.forward(noisy, lengths: lengths) }
        #expect(a.output.scalars == b.output.scalars)
        #expect(a.state.hidden.scalars == b.state.hidden.scalars)
        for n in 0..<4 {
            for t in lengths[n]..<5 { for j in 0..<8 { #expect(a.output.pointer[(n * 5 + t) * 8 + j] == 0) } }
            guard lengths[n] > 0 else {
                #expect(a.last.scalars[(n * 8)..<(n * 8 + 8)].allSatisfy { $0 == 0 }, "a length-0 sequence keeps the zero state")
                continue
            }
            let alone = try x.slice(axis: 0, n..<(n + 1)).slice(axis: 1, 0..<lengths[n])
            let single = try withNoGrad { try model.forward(alone, lengths: nil) }
            let worst = zip(single.last.scalars, a.last.scalars[(n * 8)..<(n * 8 + 8)]).map { Swift.abs($0 - $1) }.max()!
            #expect(worst < 1e-6, "sequence \(n) alone differs by \(worst)")
        }
    }

    /// A batch large enough to be split over threads gives the same outputs and gradients as one
    /// sequence at a time (the single-chunk path).
    @Test(arguments: [RecurrentCell.lstm, .gru])
    func chunkedBatchMatchesSingleSequences(_ cell: RecurrentCell) throws {
        let model: RecurrentLayer = cell == .lstm ? LSTM(3, 6, bidirectional: true, seed: 9) : GRU(3, 6, bidirectional: true, seed: 9)
        let N = 24, T = 6
        let lengths = (0..<N).map { ($0 * 7) % T + 1 }
        let x = Tensor.randn([N, T, 3], seed: 31)
        let batch = try model.forward(x, lengths: lengths)
        try (batch.output.sum() + batch.last.sum()).backward()
        let batchGrads = model.parameters.map { $0.grad!.copy() }
        model.zeroGrad()
        for n in 0..<N {
            let one = try model.forward(x.slice(axis: 0, n..<(n + 1)), lengths: [lengths[n]])
            try (one.output.sum() + one.last.sum()).backward()
            let worst = zip(one.output.scalars, batch.output.scalars[(n * T * 12)..<((n + 1) * T * 12)]).map { Swift.abs($0 - $1) }.max()!
            #expect(worst < 1e-6, "sequence \(n): outputs differ by \(worst)")
        }
        for (p, g) in zip(model.parameters, batchGrads) {
            let worst = zip(p.grad!.scalars, g.scalars).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max()!
            #expect(worst < 1e-5, "parameter gradients differ by \(worst)")
        }
    }

    /// The batch split of the recurrent kernels depends only on the batch size and the thread count, so a
    /// sequence's outputs do not change when another parallel region (another server request, say) is running.
    @Test(arguments: [RecurrentCell.lstm, .gru])
    func outputsAreBitIdenticalInsideAParallelRegion(cell: RecurrentCell) throws {
        let n = 8 * RecurrentOperation.minimumChunkRows
        let model: RecurrentLayer = cell == .lstm ? LSTM(5, 16, layers: 2, bidirectional: true, seed: 3)
                                                  : GRU(5, 16, layers: 2, bidirectional: true, seed: 3)
        let x = Tensor.randn([n, 6, 5], seed: 4)
        let lengths = (0..<n).map { 1 + $0 % 6 }
        let alone = try withNoGrad { try model.forward(x, lengths: lengths, initialState: nil).output.scalars }
        let nested = try BLAS.withSingleThread {
            try withNoGrad { try model.forward(x, lengths: lengths, initialState: nil).output.scalars }
        }
        #expect(RecurrentOperation.chunks(n) == BLAS.withSingleThread { RecurrentOperation.chunks(n) })
        #expect(alone == nested)
    }

    @Test func namesShapesAndInitialisationFollowPyTorch() throws {
        let lstm = LSTM(5, 7, layers: 2, bidirectional: true, seed: 1)
        let names = lstm.namedParameters.map { "\($0.0)\($0.1.shape)" }
        #expect(names == ["weight_ih_l0[28, 5]", "weight_hh_l0[28, 7]", "bias_ih_l0[28]", "bias_hh_l0[28]",
                          "weight_ih_l0_reverse[28, 5]", "weight_hh_l0_reverse[28, 7]", "bias_ih_l0_reverse[28]", "bias_hh_l0_reverse[28]",
                          "weight_ih_l1[28, 14]", "weight_hh_l1[28, 7]", "bias_ih_l1[28]", "bias_hh_l1[28]",
                          "weight_ih_l1_reverse[28, 14]", "weight_hh_l1_reverse[28, 7]", "bias_ih_l1_reverse[28]", "bias_hh_l1_reverse[28]"])
        let bound = 1 / Float(7).squareRoot()
        for (_, p) in lstm.namedParameters { #expect(p.scalars.allSatisfy { Swift.abs($0) <= bound }) }
        #expect(GRU(4, 3, bias: false).namedParameters.map { "\($0.0)\($0.1.shape)" } == ["weight_ih_l0[9, 4]", "weight_hh_l0[9, 3]"])
        // Same seed, same weights.
        #expect(LSTM(5, 7, seed: 3).stateDict()["weight_hh_l0"]!.scalars == LSTM(5, 7, seed: 3).stateDict()["weight_hh_l0"]!.scalars)
    }

    @Test func forwardReturnsSequencesOrLastState() throws {
        let x = Tensor.randn([2, 5, 3], seed: 4)
        #expect(try LSTM(3, 4, returnSequences: true).forward(x).shape == [2, 5, 4])
        #expect(try LSTM(3, 4).forward(x).shape == [2, 4])
        #expect(try GRU(3, 4, bidirectional: true).forward(x).shape == [2, 8])
        let gru = GRU(3, 4, layers: 2, bidirectional: true, seed: 8)
        let out = try gru.forward(x, lengths: nil)
        // last = top layer's final forward and reverse states side by side.
        let h = out.state.hidden.scalars
        for n in 0..<2 {
            #expect(Array(out.last.scalars[(n * 8)..<(n * 8 + 4)]) == Array(h[(2 * 2 + n) * 4..<((2 * 2 + n) * 4 + 4)]))
            #expect(Array(out.last.scalars[(n * 8 + 4)..<(n * 8 + 8)]) == Array(h[(3 * 2 + n) * 4..<((3 * 2 + n) * 4 + 4)]))
        }
        #expect(try gru.forward(x).scalars == out.last.scalars)
    }

    @Test func badInputsAreTypedErrors() throws {
        let lstm = LSTM(3, 4, layers: 2)
        let x = Tensor.randn([2, 5, 3], seed: 1)
        func fails(_ what: String, _ body: () throws -> Void) {
            do { try body(); Issue.record("\(what) was accepted") } catch let e as NNError {
                #expect(e.description.contains("LSTM") || e.description.contains("GRU"), "\(what): \(e)")
            } catch { Issue.record("\(what): unexpected error \(error)") }
        }
        fails("rank 2 input") { _ = try lstm.forward(Tensor.randn([2, 3], seed: 1)) }
        fails("wrong feature count") { _ = try lstm.forward(Tensor.randn([2, 5, 4], seed: 1)) }
        fails("no steps") { _ = try lstm.forward(Tensor.zeros([2, 0, 3])) }
        fails("length count") { _ = try lstm.forward(x, lengths: [5]) }
        fails("length beyond T") { _ = try lstm.forward(x, lengths: [5, 6]) }
        fails("negative length") { _ = try lstm.forward(x, lengths: [-1, 2]) }
        fails("state shape") { _ = try lstm.forward(x, lengths: nil, initialState: RecurrentState(hidden: Tensor.zeros([1, 2, 4]))) }
        fails("cell shape") {
            _ = try lstm.forward(x, lengths: nil, initialState: RecurrentState(hidden: Tensor.zeros([2, 2, 4]), cell: Tensor.zeros([2, 4])))
        }
        fails("GRU cell state") {
            _ = try GRU(3, 4).forward(x, lengths: nil, initialState: RecurrentState(hidden: Tensor.zeros([1, 2, 4]), cell: Tensor.zeros([1, 2, 4])))
        }
    }

    /// The seed sequence model learns a task that needs memory: the class is the sign of the first step's feature.
    @Test func lstmLearnsToRememberTheFirstStep() throws {
        GlobalRandom.seed(1)
        let N = 256, T = 12
        let x = Tensor.randn([N, T, 2], seed: 41)
        let y = Tensor.zeros([N])
        for n in 0..<N { y.pointer[n] = x.pointer[n * T * 2] > 0 ? 1 : 0 }
        let model = Sequential { LSTM(2, 16, returnSequences: true); GRU(16, 16); Dense(16, 2) }
        let history = try model.fit(x, y, loss: CrossEntropyLoss(), optimizer: Adam(model.parameters, learningRate: 1e-2),
                                    epochs: 25, batchSize: 32, verbose: .silent)
        let losses = history["loss"]
        #expect(losses.last! < 0.2, "final loss \(losses.last!)")
    }
}
