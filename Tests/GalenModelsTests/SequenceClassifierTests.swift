import Foundation
import Testing
import GalenModels
import GalenNN
import GalenTensor

@Suite struct SequenceClassifierTests {
    @Test func namesAndShapes() throws {
        let model = SequenceClassifier(features: 5, classes: 3, cell: .gru, hidden: 8, bidirectional: true, headHidden: 6, seed: 1)
        let names = model.namedParameters.map(\.0)
        #expect(names.contains("encoder.weight_ih_l0") && names.contains("encoder.bias_hh_l0_reverse"))
        #expect(names.contains("head.0.weight") && names.contains("head.2.bias"))
        #expect(model.stateDict()["head.0.weight"]?.shape == [6, 16])
        let x = Tensor.randn([4, 7, 5], seed: 2)
        #expect(try model.forward(x).shape == [4, 3])
        #expect(try model.forward(x, lengths: [7, 3, 1, 5]).shape == [4, 3])
    }

    /// Padding never changes a sequence's logits: each sequence gives in the batch what it gives alone.
    @Test func paddedSequencesClassifyAsAlone() throws {
        let model = SequenceClassifier(features: 3, classes: 2, hidden: 6, layers: 2, seed: 3)
        let lengths = [6, 2, 4]
        let x = Tensor.randn([3, 6, 3], seed: 4)
        let batch = try withNoGrad { try model.forward(x, lengths: lengths) }
        for n in 0..<3 {
            let alone = try withNoGrad { try model.forward(x.slice(axis: 0, n..<(n + 1)).slice(axis: 1, 0..<lengths[n])) }
            for c in 0..<2 { #expect(Swift.abs(alone.pointer[c] - batch.pointer[n * 2 + c]) < 1e-6) }
        }
    }

    @Test func sameSeedSameWeights() {
        let a = SequenceClassifier(features: 3, classes: 2, seed: 9).stateDict()
        let b = SequenceClassifier(features: 3, classes: 2, seed: 9).stateDict()
        #expect(a.keys.sorted() == b.keys.sorted())
        for (k, v) in a { #expect(v.scalars == b[k]!.scalars, "\(k)") }
    }
}
