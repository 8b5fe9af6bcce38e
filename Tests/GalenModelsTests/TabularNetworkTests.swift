import Testing
import GalenNN
import GalenTensor
@testable import GalenModels

@Suite struct TabularNetworkTests {
    @Test func seedMLPShapeAndNames() throws {
        let spec = TabularNetworkSpec(inputs: 30)
        let m = try spec.build(seed: 1)
        #expect(m.stateDict().keys.sorted() == ["0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight", "6.bias", "6.weight"])
        #expect(m.parameterCount == 30 * 128 + 128 + 128 * 64 + 64 + 64 * 32 + 32 + 32 + 1)
        #expect(try m(Tensor.zeros([5, 30])).shape == [5, 1])
        #expect(spec.summary == "MLP 30 → 128 → 64 → 32 → 1 (ReLU)")
    }

    @Test func linearBaselineAndDropout() throws {
        let lin = try TabularNetworkSpec.linear(inputs: 4, outputs: 3).build(seed: 2)
        #expect(lin.layers.count == 1)
        let d = try TabularNetworkSpec(inputs: 4, hidden: [8], outputs: 1, dropout: 0.2).build(seed: 3)
        #expect(d.layers.contains { $0 is Dropout })
    }

    @Test func sameSeedSameWeights() throws {
        let spec = TabularNetworkSpec(inputs: 6, hidden: [5], outputs: 2)
        let a = try spec.build(seed: 9).parameters.flatMap(\.scalars)
        #expect(a == (try spec.build(seed: 9).parameters.flatMap(\.scalars)))
        #expect(a != (try spec.build(seed: 10).parameters.flatMap(\.scalars)))
    }

    @Test func invalidSizesThrow() {
        #expect(throws: NNError.self) { try TabularNetworkSpec(inputs: 0).build(seed: 1) }
        #expect(throws: NNError.self) { try TabularNetworkSpec(inputs: 3, hidden: [4, -1]).build(seed: 1) }
        #expect(throws: NNError.self) { try TabularNetworkSpec(inputs: 3, dropout: 1).build(seed: 1) }
    }
}
