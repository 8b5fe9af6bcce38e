import Testing
import GalenNN
import GalenTensor
@testable import GalenModels

@Suite struct SeedCNNTests {
    @Test func smallNetworkShapesAndParameters() throws {
        let m = SeedCNN.small(channels: 1, outputs: 1, seed: 1)
        #expect(try m(Tensor.zeros([2, 1, 28, 28])).shape == [2, 1])
        // Keras counts for this network: 320 + 18,496 + 36,928 + 36,928 + 65 parameters.
        #expect(m.parameterCount == 320 + 18_496 + 36_928 + 36_928 + 65)
        #expect(m.stateDict().keys.contains("0.weight") && m.stateDict().keys.contains("11.bias"))
    }

    @Test func largeNetworkShapes() throws {
        let m = SeedCNN.large(outputs: 3, seed: 2)
        #expect(try m(Tensor.zeros([1, 3, 150, 150])).shape == [1, 3])
        #expect(throws: NNError.self) { try m(Tensor.zeros([1, 3, 28, 28])) }
    }
}
