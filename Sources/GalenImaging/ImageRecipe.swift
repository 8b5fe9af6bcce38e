import Foundation
import GalenData

/// The epochs, patience and augmentation one training run uses: the options the user gave, and the recipe's
/// defaults for the rest, which adapt to the size of the training set when `ImageTrainingOptions.adaptToSmallData`
/// is on (off by default: on BreastMNIST's validation split it did not beat the standard recipe, docs/images.md).
///
/// The standard recipe is 30 epochs, patience 8 and the standard augmentation (`ImageAugmentation()`). A training
/// set so small that 30 epochs give fewer than `minimumSteps` (500) optimizer steps — the budget the MedMNIST v2
/// paper gives its smallest set (BreastMNIST: 5 batches of 128 × 100 epochs) — is **small data**, and then:
/// - epochs grow until the run takes at least 500 steps (`ceil(500 / batches per epoch)`, at most 100);
/// - patience is the number of epochs: no early stopping, the kept weights are those of the best validation epoch
///   over the whole run (a small validation set makes a patience stop fire on noise);
/// - augmentation is `ImageAugmentation.strong` (vertical flip, ±15° rotation, zoom, brightness and contrast
///   jitter on top of the standard transforms), since few images are seen in few poses.
/// PneumoniaMNIST (4,708 images, 74 batches of 64 per epoch) keeps the standard recipe; BreastMNIST (546 images,
/// 9 batches) gets 56 epochs. Every setting the user gives wins over the adaptation.
public struct ImageRecipe: Sendable, Equatable {
    /// Maximum epochs of the run.
    public var epochs: Int
    /// Epochs without validation improvement before stopping.
    public var patience: Int
    /// Augmentation of the training batches.
    public var augmentation: ImageAugmentation
    /// How images are scored: the given setting, else `defaultTestTimeAugmentation` when the augmentation flips
    /// images horizontally, else none.
    public var testTimeAugmentation: ImageTestTimeAugmentation = .none
    /// Whether the small-data defaults were applied to any setting.
    public var adaptedForSmallData: Bool

    /// Epochs of the standard recipe.
    public static let standardEpochs = 30
    /// Patience of the standard recipe.
    public static let standardPatience = 8
    /// Fewest optimizer steps the default recipe takes; below it (in `standardEpochs`) a set counts as small.
    public static let minimumSteps = 500
    /// Most epochs the small-data adaptation chooses.
    public static let maximumEpochs = 100
    /// Test-time augmentation when none is given and the training augmentation flips images horizontally: none, since
    /// flips did not beat scoring the image alone on BreastMNIST's validation split (docs/images.md).
    public static let defaultTestTimeAugmentation: ImageTestTimeAugmentation = .none

    /// The settings for `options` on a training set of `trainingImages` images.
    public static func resolve(_ options: ImageTrainingOptions, trainingImages: Int) -> ImageRecipe {
        let batches = max(1, (trainingImages + options.batchSize - 1) / max(1, options.batchSize))
        let small = options.adaptToSmallData && standardEpochs * batches < minimumSteps
        let adaptedEpochs = min(maximumEpochs, (minimumSteps + batches - 1) / batches)
        let epochs = options.epochs ?? (small ? adaptedEpochs : standardEpochs)
        let patience = options.patience ?? (small ? epochs : standardPatience)
        let augmentation = options.augmentation ?? (small ? .strong : ImageAugmentation())
        let adapted = small && (options.epochs == nil || options.patience == nil || options.augmentation == nil)
        let tta = options.testTimeAugmentation ?? (augmentation.horizontalFlip ? defaultTestTimeAugmentation : .none)
        return ImageRecipe(epochs: epochs, patience: patience, augmentation: augmentation, testTimeAugmentation: tta,
                           adaptedForSmallData: adapted)
    }

    /// A line for the log and the report when the small-data defaults were applied, else nil.
    public func note(trainingImages: Int, batchSize: Int) -> String? {
        guard adaptedForSmallData else { return nil }
        return "Small training set (\(trainingImages) images, fewer than \(Self.minimumSteps) batches of \(batchSize) in "
            + "\(Self.standardEpochs) epochs): up to \(epochs) epochs, patience \(patience), augmentation \(augmentation.summary)"
    }
}
