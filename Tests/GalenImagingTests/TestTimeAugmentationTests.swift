import Foundation
import GalenBundle
import GalenClinical
import GalenData
@testable import GalenImaging
import GalenNN
import GalenTensor
import Testing

/// Test-time augmentation (mean probability over the image and its horizontal flip) and weight averaging in the
/// image workflow: the scoring rule, its place in the bundle, and bundles made before either existed.
@Suite(.serialized) struct TestTimeAugmentationTests {
    @Test func horizontalFlipReversesEveryRow() throws {
        let x = try Tensor(shape: [1, 2, 2, 3], values: (0..<12).map(Float.init))
        let f = ImageTestTimeAugmentation.horizontallyFlipped(x)
        #expect(f.shape == [1, 2, 2, 3])
        #expect(f.scalars == [2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9])
        #expect(ImageTestTimeAugmentation.horizontallyFlipped(f).scalars == x.scalars)
    }

    @Test func flipScoresAreTheMeanOfTheTwoPasses() throws {
        let head = ImageTaskHead(classCount: 2)
        let network = BatchNormCNN(channels: 1, outputs: 1, seed: 7)
        network.eval()
        let x = Tensor.randn([5, 1, 9, 9], seed: 3)
        // The mirror image by index arithmetic, independently of the implementation.
        var mirrored = [Float](repeating: 0, count: x.count)
        let v = x.scalars
        for n in 0..<5 { for i in 0..<9 { for j in 0..<9 { mirrored[n * 81 + i * 9 + j] = v[n * 81 + i * 9 + (8 - j)] } } }
        let plain = try network(x).sigmoid().scalars
        let flipped = try network(Tensor(shape: x.shape, values: mirrored)).sigmoid().scalars
        let tta = try ImageTestTimeAugmentation.horizontalFlip.scores(of: network, head: head, images: x)
        for i in 0..<5 { #expect(abs(tta[i] - (plain[i] + flipped[i]) / 2) < 1e-6) }
        #expect(zip(plain, flipped).contains { abs($0 - $1) > 1e-4 }, "an asymmetric network scores mirror images differently")
        #expect(try ImageTestTimeAugmentation.none.scores(of: network, head: head, images: x) == plain)

        // Multiclass: the mean of the two softmax rows, which still sums to 1.
        let multi = BatchNormCNN(channels: 1, outputs: 3, seed: 8)
        multi.eval()
        let p = try multi(x).softmax(axis: 1).scalars
        let q = try multi(Tensor(shape: x.shape, values: mirrored)).softmax(axis: 1).scalars
        let m = try ImageTestTimeAugmentation.horizontalFlip.scores(of: multi, head: ImageTaskHead(classCount: 3), images: x)
        for i in 0..<15 { #expect(abs(m[i] - (p[i] + q[i]) / 2) < 1e-6) }
        for n in 0..<5 { #expect(abs(m[(3 * n)..<(3 * n + 3)].reduce(0, +) - 1) < 1e-5) }
    }

    @Test func theBundleStoresTheScoringRuleAndEvaluatePredictFollowIt() throws {
        let dir = try NumpyWriting.tempDir()
        let data = try ImageWorkflowTests.syntheticArchive(in: dir)
        var o = ImageWorkflowTests.options(data)
        o.testTimeAugmentation = .horizontalFlip
        o.emaDecay = 0.9
        o.galleryImages = 0
        let result = try ImageTrainer.train(o)
        let c = result.content
        #expect(c.testTimeAugmentation == .horizontalFlip && c.training.emaDecay == 0.9)
        let field = result.report.runInfo.first { $0.label == "Test-time augmentation" }
        #expect(field?.value.contains("horizontal flip") == true)

        let bundleURL = dir.appendingPathComponent("bundle")
        try ModelBundle<ImageModelContent>.write(to: bundleURL, name: "squares", galenVersion: "test", content: c,
                                                 weights: ["model.safetensors": result.network])
        let manifest = try String(contentsOf: bundleURL.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"testTimeAugmentation\"") && manifest.contains("horizontal-flip") && manifest.contains("\"emaDecay\""))
        let model = try ImageModel(contentsOf: bundleURL)
        #expect(model.content.scoring == .horizontalFlip)
        let test = try NumpyImageSource(path: data.path).readSet(split: "test")
        let x = test.images.copy()
        try c.normalization.apply(to: x)
        let plain = try result.network(x).sigmoid().scalars
        let mirror = try result.network(ImageTestTimeAugmentation.horizontallyFlipped(x)).sigmoid().scalars
        let scores = try model.scores(test)
        for i in 0..<test.count { #expect(abs(scores[i] - (plain[i] + mirror[i]) / 2) < 1e-6) }
        // The trainer's test metrics are those of the bundle's scoring rule.
        let report = try ImageEvaluation.evaluate(model: model, source: NumpyImageSource(path: data.path),
                                                  bootstrap: BootstrapOptions(resamples: 100, confidenceLevel: 0.95, seed: 1), galleryImages: 0)
        #expect(report.models.first?.evaluation.binary?.rocAUC.value == result.report.models.first?.evaluation.binary?.rocAUC.value)
    }

    @Test func aBundleWithoutTheKeysLoadsAndScoresEachImageAlone() throws {
        let dir = try NumpyWriting.tempDir()
        let data = try ImageWorkflowTests.syntheticArchive(in: dir)
        var o = ImageWorkflowTests.options(data)
        o.epochs = 2
        o.galleryImages = 0
        o.testTimeAugmentation = ImageTestTimeAugmentation.none
        var c = try ImageTrainer.train(o).content
        let network = try c.architecture.build(channels: 1, height: 12, width: 12, outputs: 1, seed: 5)
        // What a bundle written before test-time augmentation and weight averaging existed holds: neither key.
        c.testTimeAugmentation = nil
        c.training.emaDecay = nil
        let bundleURL = dir.appendingPathComponent("old")
        try ModelBundle<ImageModelContent>.write(to: bundleURL, name: "old", galenVersion: "0.1", content: c,
                                                 weights: ["model.safetensors": network])
        let manifest = try String(contentsOf: bundleURL.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(!manifest.contains("testTimeAugmentation") && !manifest.contains("emaDecay"))
        let model = try ImageModel(contentsOf: bundleURL)
        #expect(model.content.testTimeAugmentation == nil && model.content.scoring == .none)
        let test = try NumpyImageSource(path: data.path).readSet(split: "test")
        let x = test.images.copy()
        try c.normalization.apply(to: x)
        network.eval()
        let plain = try network(x).sigmoid().scalars
        let scores = try model.scores(test)
        for i in 0..<test.count { #expect(abs(scores[i] - plain[i]) < 1e-6) }
    }

    @Test func flipScoringNeedsFlipsInTrainingAndTheDecayIsChecked() throws {
        let dir = try NumpyWriting.tempDir()
        let data = try ImageWorkflowTests.syntheticArchive(in: dir)
        var o = ImageWorkflowTests.options(data)
        o.augmentation = ImageAugmentation.none
        o.testTimeAugmentation = .horizontalFlip
        #expect(throws: ImagingError.self) { try ImageTrainer.train(o) }
        o.augmentation = nil
        o.testTimeAugmentation = nil
        for bad: Float in [0, 1, -0.1, 1.2, .nan] {
            o.emaDecay = bad
            #expect(throws: ImagingError.self) { try o.validate() }
        }
        // Without flips in training, the default scores each image alone.
        var plainRecipe = o
        plainRecipe.emaDecay = nil
        plainRecipe.augmentation = ImageAugmentation.none
        #expect(ImageRecipe.resolve(plainRecipe, trainingImages: 48).testTimeAugmentation == ImageTestTimeAugmentation.none)
    }

    @Test func theKeptWeightsAreTheAveragedOnes() throws {
        let dir = try NumpyWriting.tempDir()
        let data = try ImageWorkflowTests.syntheticArchive(in: dir)
        var o = ImageWorkflowTests.options(data)
        o.epochs = 2
        o.patience = 2
        o.galleryImages = 0
        o.testTimeAugmentation = ImageTestTimeAugmentation.none
        let trained = try ImageTrainer.train(o).network.stateDict()
        // Averaging does not change the training path; a decay near 0 keeps (almost) the live weights…
        o.emaDecay = 1e-7
        let nearlyLive = try ImageTrainer.train(o).network.stateDict()
        // …and a long average keeps different ones.
        o.emaDecay = 0.9
        let averaged = try ImageTrainer.train(o).network.stateDict()
        var largestGap: Float = 0, largestAveragedGap: Float = 0
        for (k, t) in trained where !k.hasSuffix("num_batches_tracked") {
            for (a, b) in zip(t.scalars, nearlyLive[k]!.scalars) { largestGap = max(largestGap, abs(a - b)) }
            for (a, b) in zip(t.scalars, averaged[k]!.scalars) { largestAveragedGap = max(largestAveragedGap, abs(a - b)) }
        }
        #expect(largestGap < 1e-4, "decay 1e-7: kept weights differ from the trained ones by \(largestGap)")
        #expect(largestAveragedGap > 1e-3, "decay 0.9: kept weights should differ from the trained ones")
    }
}
