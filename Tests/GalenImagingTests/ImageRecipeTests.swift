import Foundation
import GalenClinical
import GalenData
@testable import GalenImaging
import GalenNN
import GalenTensor
import Testing

/// The recipe's learning-rate schedules and threshold choices.
@Suite struct ImageRecipeTests {
    @Test func cosineMatchesTheCosineAnnealingScheduleItReplaced() {
        let base: Float = 1e-3, epochs = 30
        let optimizer = AdamW([Tensor.zeros([1])], learningRate: base, weightDecay: 0)
        let reference = CosineAnnealingLR(optimizer, period: epochs, minimum: base / 100)
        for epoch in 0..<epochs {
            #expect(ImageLRSchedule.cosine.rate(epoch: epoch, epochs: epochs, base: base) == optimizer.learningRate, "epoch \(epoch)")
            reference.step(metric: nil)
        }
        #expect(ImageLRSchedule.cosine.rate(epoch: 0, epochs: epochs, base: base) == base)
        #expect(abs(ImageLRSchedule.cosine.rate(epoch: epochs, epochs: epochs, base: base) - base / 100) < 1e-9)
    }

    @Test func stepIsTheMedMNISTScheduleAtFiftyAndSeventyFivePercent() {
        let rates = (0..<100).map { ImageLRSchedule.step.rate(epoch: $0, epochs: 100, base: 1e-3) }
        #expect(rates[0..<50].allSatisfy { $0 == 1e-3 })
        #expect(rates[50..<75].allSatisfy { abs($0 - 1e-4) < 1e-10 })
        #expect(rates[75..<100].allSatisfy { abs($0 - 1e-5) < 1e-11 })
        #expect(rates[49] == 1e-3 && rates[50] < 1e-3 && rates[74] > rates[75])
        // Short runs: 3 epochs drop at epochs 1 and 2 (0-based); 1 epoch keeps the base rate for its only epoch.
        #expect((0..<3).map { ImageLRSchedule.step.rate(epoch: $0, epochs: 3, base: 1) }.map { ($0 * 100).rounded() } == [100, 10, 1])
        #expect(ImageLRSchedule.step.rate(epoch: 0, epochs: 1, base: 1) == 1)
        #expect((0..<2).map { ImageLRSchedule.step.rate(epoch: $0, epochs: 2, base: 1) }.map { ($0 * 100).rounded() } == [100, 1])
        #expect(ImageLRSchedule.constant.rate(epoch: 7, epochs: 10, base: 0.3) == 0.3)
    }

    @Test func fixedThresholdOptionIsCheckedAndUsed() throws {
        let dir = try NumpyWriting.tempDir()
        let data = try ImageWorkflowTests.syntheticArchive(in: dir)
        var o = ImageWorkflowTests.options(data)
        o.epochs = 2
        o.galleryImages = 0
        o.fixedThreshold = 0.5
        o.schedule = .step
        o.augmentation = .strong
        let result = try ImageTrainer.train(o)
        #expect(result.content.threshold == .fixed(0.5))
        #expect(result.content.training.schedule == .step)
        #expect(result.content.augmentation == .strong)
        for bad in [0.0, 1.0, -0.2, Double.nan] {
            o.fixedThreshold = bad
            #expect(throws: ImagingError.self) { try o.validate() }
        }
    }

    @Test func trainingSummaryWithoutScheduleDecodesFromOlderBundles() throws {
        let json = #"{"learningRate": 0.001, "weightDecay": 0.0001, "batchSize": 64, "maxEpochs": 30, "epochsRun": 12, "bestEpoch": 4, "monitor": "validation ROC AUC", "seed": 1, "classWeights": [], "seconds": 3}"#
        let summary = try JSONDecoder().decode(ImageTrainingSummary.self, from: Data(json.utf8))
        #expect(summary.schedule == nil && summary.bestEpoch == 4)
    }

    @Test func smallTrainingSetsGetMoreEpochsNoEarlyStopAndStrongAugmentation() {
        var o = ImageTrainingOptions(dataPath: "x.npz")
        #expect(ImageRecipe.resolve(o, trainingImages: 546) == ImageRecipe(epochs: 30, patience: 8, augmentation: ImageAugmentation(),
                                                                           adaptedForSmallData: false))  // off by default
        o.adaptToSmallData = true
        // BreastMNIST: 546 images = 9 batches of 64; 30 epochs = 270 steps < 500, so ceil(500 / 9) = 56 epochs.
        let breast = ImageRecipe.resolve(o, trainingImages: 546)
        #expect(breast == ImageRecipe(epochs: 56, patience: 56, augmentation: .strong, adaptedForSmallData: true))
        #expect(breast.note(trainingImages: 546, batchSize: 64)?.contains("56 epochs") == true)
        // PneumoniaMNIST: 4,708 images = 74 batches; 30 epochs = 2,220 steps: the standard recipe.
        let pneumonia = ImageRecipe.resolve(o, trainingImages: 4708)
        #expect(pneumonia == ImageRecipe(epochs: 30, patience: 8, augmentation: ImageAugmentation(), adaptedForSmallData: false))
        #expect(pneumonia.note(trainingImages: 4708, batchSize: 64) == nil)
        // The boundary: 17 batches × 30 = 510 steps is not small, 16 × 30 = 480 is.
        #expect(!ImageRecipe.resolve(o, trainingImages: 17 * 64).adaptedForSmallData)
        #expect(ImageRecipe.resolve(o, trainingImages: 16 * 64).epochs == 32)
        // One batch per epoch: capped at 100 epochs.
        #expect(ImageRecipe.resolve(o, trainingImages: 10).epochs == 100)
    }

    @Test func givenSettingsWinOverTheSmallDataAdaptation() {
        var o = ImageTrainingOptions(dataPath: "x.npz")
        o.adaptToSmallData = true
        o.epochs = 12
        let epochsGiven = ImageRecipe.resolve(o, trainingImages: 546)
        #expect(epochsGiven.epochs == 12 && epochsGiven.patience == 12 && epochsGiven.augmentation == .strong)
        o.patience = 3
        o.augmentation = ImageAugmentation.none
        let allGiven = ImageRecipe.resolve(o, trainingImages: 546)
        #expect(allGiven == ImageRecipe(epochs: 12, patience: 3, augmentation: .none, adaptedForSmallData: false))
        var off = ImageTrainingOptions(dataPath: "x.npz")
        off.adaptToSmallData = false
        #expect(ImageRecipe.resolve(off, trainingImages: 546) == ImageRecipe(epochs: 30, patience: 8, augmentation: ImageAugmentation(),
                                                                             adaptedForSmallData: false))
    }
}
