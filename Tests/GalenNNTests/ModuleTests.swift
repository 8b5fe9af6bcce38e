import Testing
@testable import GalenNN
import GalenTensor

final class TwoLayer: Module {
    let fc1 = Dense(4, 3, seed: 1)
    let fc2 = Dense(3, 2, bias: false, seed: 2)
    let blocks: [Module] = [Dense(2, 2, seed: 3), ReLU()]
    let scale = Tensor.ones([2])  // a buffer: no gradient
    override func forward(_ x: Tensor) throws -> Tensor { try fc2(fc1(x).relu()) }
}

@Suite struct ModuleTests {
    @Test func namesFollowPyTorch() {
        let m = TwoLayer()
        #expect(m.namedTensors.map(\.0) == ["scale", "fc1.weight", "fc1.bias", "fc2.weight", "blocks.0.weight", "blocks.0.bias"])
        #expect(m.namedParameters.map(\.0) == ["fc1.weight", "fc1.bias", "fc2.weight", "blocks.0.weight", "blocks.0.bias"])
        let s = Sequential { Dense(3, 4); ReLU(); Dense(4, 1) }
        #expect(s.stateDict().keys.sorted() == ["0.bias", "0.weight", "2.bias", "2.weight"])
        #expect(s.parameterCount == 3 * 4 + 4 + 4 + 1)
    }

    @Test func denseInitialisationMatchesPyTorchBounds() {
        let d = Dense(100, 50, seed: 9)
        let bound: Float = 1 / 10
        #expect(d.weight.shape == [50, 100])
        #expect(d.weight.scalars.allSatisfy { abs($0) <= bound })
        #expect(d.bias!.scalars.allSatisfy { abs($0) <= bound })
        // Spread close to U(-b, b): variance b²/3.
        let v = d.weight.scalars.map { $0 * $0 }.reduce(0, +) / Float(d.weight.count)
        #expect(abs(v - bound * bound / 3) < 0.15 * bound * bound / 3)
    }

    @Test func stateDictRoundTripAndErrors() throws {
        let a = TwoLayer(), b = TwoLayer()
        try b.fc1.weight.assign(Tensor.zeros([3, 4]))
        try b.loadStateDict(a.stateDict())
        #expect(b.fc1.weight.scalars == a.fc1.weight.scalars)
        var state = a.stateDict()
        state["fc1.weight"] = Tensor.zeros([2, 2])
        #expect(throws: NNError.self) { try b.loadStateDict(state) }
        state.removeValue(forKey: "fc1.weight")
        state["extra"] = Tensor.zeros([1])
        do { try b.loadStateDict(state); Issue.record("expected an error") } catch let e as NNError {
            #expect(e.description.contains("fc1.weight") && e.description.contains("extra"))
        }
        try b.loadStateDict(state.filter { $0.key != "extra" }, strict: false)
    }

    @Test func denseRejectsWrongWidth() {
        #expect(throws: NNError.self) { try Dense(4, 2)(Tensor.zeros([3, 5])) }
        let s = Sequential { Dense(4, 2); ReLU() }
        do { _ = try s(Tensor.zeros([1, 3])); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("layer 0") && "\(error)".contains("[1, 3]"))
        }
    }

    @Test func trainEvalAndDropout() throws {
        let drop = Dropout(0.5, seed: 1)
        let s = Sequential([drop])
        let x = Tensor.ones([1000])
        let y = try s(x).scalars
        let kept = y.filter { $0 != 0 }
        #expect(kept.allSatisfy { $0 == 2 })
        #expect(kept.count > 400 && kept.count < 600)
        s.eval()
        #expect(!drop.isTraining)
        #expect(try s(x).scalars == x.scalars)
    }

    @Test func baseModuleWithoutForwardThrows() {
        #expect(throws: NNError.self) { try Module()(Tensor.zeros([1])) }
    }
}
