import Foundation
import GalenBundle
import GalenData
import GalenImaging
import GalenNN
import GalenTensor
import Testing

/// `ImageTrainingOptions.keptWeights`: the network a run returns and saves holds the weights of the epoch the
/// manifest names — the best validation epoch's (default) or the last epoch's.
@Suite(.serialized) struct KeptWeightsTests {
    /// Validation loss of `network` on the archive's validation split, computed the way the trainer logs it.
    static func validationLoss(_ network: Module, content: ImageModelContent, data: URL) throws -> Double {
        let val = try NumpyImageSource(path: data.path).readSet(split: "val")
        let x = val.images.copy()
        try content.normalization.apply(to: x)
        network.eval()
        let target = try Tensor(shape: [val.count, 1], values: val.labels!.map(Float.init))
        return Double(try withNoGrad { try BCEWithLogitsLoss()(network(x), target).item() })
    }

    static func options(_ data: URL, keep: ImageKeptWeights) -> ImageTrainingOptions {
        var o = ImageWorkflowTests.options(data)
        o.epochs = 5
        o.galleryImages = 0
        o.balanceClasses = false  // the loss above is unweighted
        o.keptWeights = keep
        return o
    }

    @Test func lastKeepsTheFinalEpochsWeightsAndRunsEveryEpoch() throws {
        let dir = try NumpyWriting.tempDir()
        let data = try ImageWorkflowTests.syntheticArchive(in: dir)
        var o = Self.options(data, keep: .last)
        o.learningRate = 3e-2  // a high rate: the lowest validation loss comes before the last epoch
        let result = try ImageTrainer.train(o)
        let t = result.content.training
        #expect(t.epochsRun == 5 && t.bestEpoch == 5 && t.keptWeights == .last)
        let curves = try #require(result.report.learningCurves)
        #expect(curves.validationLoss.count == 5)
        let lowest = curves.validationLoss.indices.min { curves.validationLoss[$0] < curves.validationLoss[$1] }!
        #expect(lowest != 4, "the set-up must have a better epoch than the last, else this test cannot tell best from last")
        let loss = try Self.validationLoss(result.network, content: result.content, data: data)
        #expect(abs(loss - curves.validationLoss[4]) < 1e-5, "kept weights give validation loss \(loss), epoch 5 logged \(curves.validationLoss[4])")

        // The choice survives the bundle round trip and is named in the report.
        let bundleURL = dir.appendingPathComponent("bundle")
        try ModelBundle<ImageModelContent>.write(to: bundleURL, name: "squares", galenVersion: "test", content: result.content,
                                                 weights: ["model.safetensors": result.network])
        #expect(try ImageModel(contentsOf: bundleURL).content.training.keptWeights == .last)
        #expect(result.report.runInfo.contains { $0.value.contains("last epoch's weights kept") })
    }

    @Test func lastWithWeightAveragingKeepsTheLastEpochsAverage() throws {
        let dir = try NumpyWriting.tempDir()
        let data = try ImageWorkflowTests.syntheticArchive(in: dir)
        var o = Self.options(data, keep: .last)
        o.learningRate = 3e-2
        o.emaDecay = 0.9
        let result = try ImageTrainer.train(o)
        #expect(result.content.training.bestEpoch == 5 && result.content.training.emaDecay == 0.9)
        let curves = try #require(result.report.learningCurves)
        let loss = try Self.validationLoss(result.network, content: result.content, data: data)
        // The logged validation loss of each epoch is the averaged weights'; the kept network must hold them.
        #expect(abs(loss - curves.validationLoss[4]) < 1e-5, "kept weights give validation loss \(loss), epoch 5 logged \(curves.validationLoss[4])")
    }

    @Test func bestKeepsTheBestValidationEpochsWeights() throws {
        let dir = try NumpyWriting.tempDir()
        let data = try ImageWorkflowTests.syntheticArchive(in: dir)
        var o = Self.options(data, keep: .best)
        o.learningRate = 3e-2  // a high rate, so the validation figures move and the best epoch is not the last
        let result = try ImageTrainer.train(o)
        let t = result.content.training
        #expect(t.bestEpoch < t.epochsRun, "the set-up must keep an epoch before the last, else this test cannot tell best from last")
        #expect(t.keptWeights == nil, "the default is not written, as in bundles made before the choice existed")
        let curves = try #require(result.report.learningCurves)
        let loss = try Self.validationLoss(result.network, content: result.content, data: data)
        #expect(abs(loss - curves.validationLoss[t.bestEpoch - 1]) < 1e-5,
                "kept weights give validation loss \(loss), epoch \(t.bestEpoch) logged \(curves.validationLoss[t.bestEpoch - 1])")
    }

    @Test func patienceWithLastIsRefused() throws {
        var o = ImageTrainingOptions(dataPath: "unused.npz")
        o.keptWeights = .last
        o.patience = 3
        #expect(throws: ImagingError.self) { try o.validate() }
        o.patience = nil
        try o.validate()
    }
}
