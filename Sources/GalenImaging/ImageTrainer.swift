import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenModels
import GalenNN
import GalenTensor

/// The outcome of `ImageTrainer.train` (or of `ImageEnsembleBuilder.combine`): what goes into the bundle, the
/// trained networks and the report.
public struct ImageTrainingResult {
    /// Manifest content for the bundle.
    public var content: ImageModelContent
    /// The trained networks (each at its best validation epoch), in evaluation mode: one, or an ensemble's members
    /// in `content.ensemble.members` order.
    public var networks: [Module]
    /// The report page's content (also gives `metrics.json`).
    public var report: ReportContent

    /// The trained network; the first member of an ensemble.
    public var network: Module { networks[0] }

    /// The bundle's weight files: `model.safetensors`, or one file per ensemble member (`member-1.safetensors`, …).
    public var weights: [String: Module] {
        guard let e = content.ensemble else { return ["model.safetensors": networks[0]] }
        return Dictionary(uniqueKeysWithValues: zip(e.members.map(\.file), networks))
    }
}

/// Trains an image classifier the way the tabular workflow trains on tables, with the same evaluation:
///
/// read the images (official MedMNIST splits, or a stratified seeded split) → fit per-channel normalisation on
/// the training images → train the network with AdamW, a learning-rate schedule (cosine decay by default) and seeded on-the-fly
/// augmentation (optionally averaging the weights, `emaDecay`), keeping the weights of the best validation epoch (ROC AUC for binary tasks, loss otherwise) and
/// stopping after `patience` epochs without improvement (or running every epoch and keeping the last, `keptWeights`) → choose the decision threshold on the validation
/// images (scored with the test-time augmentation, as every later use of the bundle) → evaluate on the test images with bootstrap confidence intervals → Grad-CAM gallery for the report.
///
/// With `ensembleMembers` K ≥ 2 the training step runs K times (seeds `seed` … `seed + K − 1`, same splits and
/// normalisation), and everything after it scores the ensemble (`ImageEnsemble`: the mean of the members' probabilities).
public enum ImageTrainer {
    /// Runs the whole recipe.
    /// - Parameters:
    ///   - options: what to train.
    ///   - source: where the images come from (default: `PNGFolderSource` when `options.dataPath` is a folder, else
    ///     `NumpyImageSource`).
    ///   - log: receives one line per step and one per epoch.
    /// - Throws: `DataError` for unreadable images, `ImagingError` for bad options or unsuitable data,
    ///   `NNError` when training fails (e.g. a diverging loss).
    public static func train(_ options: ImageTrainingOptions, source: ImageSource? = nil,
                             log: (String) -> Void = { _ in }) throws -> ImageTrainingResult {
        try options.validate()
        let started = Date()
        if source == nil, PNGFolderSource.handles(options.dataPath), options.labelsPath != nil || options.classNames != nil {
            throw ImagingError.invalidOption("a PNG folder takes its labels and class names from its class folders; leave out --labels and --class-names")
        }
        let source: any ImageSource = source ?? (PNGFolderSource.handles(options.dataPath)
            ? PNGFolderSource(path: options.dataPath)
            : NumpyImageSource(path: options.dataPath, labelsPath: options.labelsPath))
        log("Reading \(source.name)…")
        let dataset = try source.read()
        let fileHash = try ImageSourceHash.sha256(of: source.path)

        // Splits: official ones, or stratified and seeded.
        let train: ImageSet, validation: ImageSet, test: ImageSet
        if let v = dataset.validation, let t = dataset.test {
            (train, validation, test) = (dataset.train, v, t)
            log("Official splits: \(train.count) training, \(validation.count) validation, \(test.count) test images")
        } else {
            let all = dataset.train
            let split = try Splits.trainValidationTest(count: all.count, strata: all.labels, validation: options.validationFraction,
                                                       test: options.testFraction, seed: options.seed)
            train = try all.subset(split.train, source: "\(source.name) (train)")
            validation = try all.subset(split.validation, source: "\(source.name) (validation)")
            test = try all.subset(split.test, source: "\(source.name) (test)")
            log("Stratified split: \(train.count) training, \(validation.count) validation, \(test.count) test images")
        }
        for s in [validation, test] where (s.channels, s.height, s.width) != (train.channels, train.height, train.width) {
            throw ImagingError.unsuitableData("\(s.source) has \(s.channels)×\(s.height)×\(s.width) images, training has \(train.channels)×\(train.height)×\(train.width)")
        }
        let trainLabels = train.labels!, valLabels = validation.labels!, testLabels = test.labels!
        let classCount = (trainLabels + valLabels + testLabels).max()! + 1
        let present = Set(trainLabels)
        guard present.count >= 2 else {
            throw ImagingError.unsuitableData("the training images hold one class only (label \(trainLabels.first ?? 0)); a classifier needs two or more")
        }
        let classNames = try names(options.classNames ?? dataset.classNames, count: classCount)
        let head = ImageTaskHead(classCount: classCount)
        try options.architecture.check(height: train.height, width: train.width)

        // Normalisation on the training images only.
        let normalization = ImageNormalization.fit(train.images)
        let xVal = validation.images.copy()
        try normalization.apply(to: xVal)
        let yVal = try head.targets(valLabels)
        let (loss, classWeights, lossNote) = head.loss(trainingLabels: trainLabels, balance: options.balanceClasses)
        if let lossNote { log(lossNote) }

        let recipe = ImageRecipe.resolve(options, trainingImages: train.count)
        let recipeNote = recipe.note(trainingImages: train.count, batchSize: options.batchSize)
        if let recipeNote { log(recipeNote) }
        if recipe.testTimeAugmentation == .horizontalFlip && !recipe.augmentation.horizontalFlip {
            throw ImagingError.invalidOption("--tta horizontal-flip needs training augmentation with horizontal flips (augmentation: \(recipe.augmentation.summary))")
        }
        let scoring = recipe.testTimeAugmentation
        let memberCount = options.ensembleMembers
        if memberCount > 1 {
            log("Ensemble of \(memberCount) networks: seeds \(options.seed)…\(options.seed &+ UInt64(memberCount - 1)), probabilities averaged")
        }
        var trained: [(network: Module, history: [EpochRecord], bestEpoch: Int, seed: UInt64, seconds: Double)] = []
        for m in 0..<memberCount {
            var memberOptions = options
            memberOptions.seed = options.seed &+ UInt64(m)
            let memberStarted = Date()
            let network = try options.architecture.build(channels: train.channels, height: train.height, width: train.width,
                                                         outputs: head.outputs, seed: memberOptions.seed)
            let fitted = try withoutActuallyEscaping(log) { log in
                let memberLog: (String) -> Void = memberCount > 1 ? { log("[member \(m + 1)/\(memberCount)] " + $0) } : log
                return try fit(network, train: train, validation: (xVal, yVal, valLabels), head: head, loss: loss,
                               normalization: normalization, options: memberOptions, recipe: recipe, scoring: scoring, log: memberLog)
            }
            trained.append((network, fitted.history, fitted.bestEpoch, memberOptions.seed, Date().timeIntervalSince(memberStarted)))
        }
        let model = try ImageEnsemble(members: trained.map {
            ImageNetwork(network: $0.network, architecture: options.architecture, normalization: normalization, scoring: scoring, head: head)
        }, head: head)

        // Threshold on validation (binary), then test evaluation: the model's scores (for an ensemble the mean of its members').
        let memberValScores = try model.memberScores(validation.images)
        let valScores = ImageEnsemble.mean(memberValScores)
        var notes: [String] = []
        let threshold = try chooseThreshold(head: head, validationScores: valScores, labels: valLabels,
                                            fixed: options.fixedThreshold, criterion: options.thresholdCriterion, notes: &notes)
        if let threshold { log(threshold.explanation) }
        let t = threshold?.threshold ?? 0.5
        let ensembleValidation = memberCount > 1
            ? try ImageEnsembleValidation.measure(head: head, memberScores: memberValScores, labels: valLabels, threshold: threshold?.threshold)
            : nil
        if let v = ensembleValidation { log(v.summary) }
        log("Evaluating on \(test.count) test images with \(options.bootstrap.resamples) bootstrap resamples…")
        let testScores = try model.scores(test.images)
        let modelName = ImageModelContent.describe(Array(repeating: options.architecture, count: memberCount))
        let evaluated = try head.evaluate(name: modelName, scores: testScores, labels: testLabels, threshold: t, bootstrap: options.bootstrap)

        var gallery: ReportImageGallery? = nil
        if options.galleryImages > 0 {
            log("Grad-CAM for \(min(options.galleryImages, test.count)) test images…")
            gallery = try ImageGallery.make(model: model, images: test.images, labels: testLabels, scores: testScores, threshold: t,
                                            classNames: classNames, count: options.galleryImages)
        }

        let seconds = Date().timeIntervalSince(started)
        let summaries = trained.map { member in
            ImageTrainingSummary(learningRate: options.learningRate, weightDecay: options.weightDecay,
                                 batchSize: options.batchSize, maxEpochs: recipe.epochs,
                                 epochsRun: member.history.count, bestEpoch: member.bestEpoch + 1,
                                 monitor: head.task == .binary ? "validation ROC AUC" : "validation loss",
                                 seed: member.seed, classWeights: classWeights, seconds: memberCount > 1 ? member.seconds : seconds,
                                 schedule: options.schedule, emaDecay: options.emaDecay,
                                 keptWeights: options.keptWeights == .best ? nil : options.keptWeights)
        }
        let summary = summaries[0]
        let first = trained[0]
        let fingerprint = ImageDataFingerprint(fileName: source.name, sha256: fileHash,
                                               splitSizes: ["train": train.count, "validation": validation.count, "test": test.count],
                                               officialSplits: dataset.hasOfficialSplits)
        let counts = (0..<classCount).map { k in (trainLabels + valLabels + testLabels).filter { $0 == k }.count }
        let dataset_ = DatasetSummary(source: source.name, rows: train.count + validation.count + test.count,
                                      columns: train.channels * train.height * train.width, target: "label",
                                      classBalance: zip(classNames, counts).map { ClassCount($0, $1) },
                                      targetDescription: "\(classCount) classes; images \(train.channels)×\(train.height)×\(train.width)",
                                      splits: [SplitSize("training", train.count), SplitSize("validation", validation.count),
                                               SplitSize("test", test.count)])
        let curves = LearningCurves(trainLoss: first.history.map(\.trainLoss), validationLoss: first.history.map(\.validationLoss),
                                    metricName: head.task == .binary ? "ROC AUC" : nil, trainMetric: [],
                                    validationMetric: head.task == .binary ? first.history.map(\.validationAUC) : [],
                                    bestEpoch: first.bestEpoch + 1)
        var runInfo = [
            ReportField("Data", "\(source.name) (SHA-256 \(fileHash.prefix(16))…), "
                        + (dataset.hasOfficialSplits ? "official splits" : "stratified split, seed \(options.seed)")),
            ReportField("Network", "\(options.architecture.rawValue): \(options.architecture.summary), \(first.network.parameterCount) parameters"
                        + (memberCount > 1 ? " per member" : "")),
            ReportField("Training", String(format: "AdamW lr %g (%@), weight decay %g, batch %d, %d of at most %d epochs (%@), seed %llu",
                                           options.learningRate, options.schedule.summary, options.weightDecay, options.batchSize, first.history.count,
                                           recipe.epochs, options.keptWeights == .last ? "last epoch's weights kept"
                                               : "best \(first.bestEpoch + 1) by \(summary.monitor)", options.seed)
                        + (memberCount > 1 ? " (the first member; learning curves below are its)" : "")),
        ]
        if let v = ensembleValidation {
            runInfo.append(ReportField("Ensemble", "\(memberCount) networks, probabilities averaged; " + zip(summaries, v.memberROCAUC).enumerated().map { i, s in
                "member \(i + 1): seed \(s.0.seed), \(options.keptWeights == .last ? "kept" : "best") epoch \(s.0.bestEpoch) of \(s.0.epochsRun)"
                    + (s.1.map { String(format: ", validation ROC AUC %.4f", $0) } ?? "")
            }.joined(separator: "; ") + "; " + v.summary))
        }
        runInfo += [
            ReportField("Augmentation", recipe.augmentation.summary),
            ReportField("Weight averaging", options.emaDecay.map { String(format: "exponential moving average of the weights and BatchNorm statistics, decay %g; the averaged weights are validated and kept", $0) } ?? "none"),
            ReportField("Test-time augmentation", scoring.summary),
            ReportField("Training time", String(format: "%.0f s", seconds)),
            ReportField("Created", ISO8601DateFormatter().string(from: Date())),
        ]
        let preprocessing = [String(format: "per-channel standardisation fitted on the %d training images: mean %@, SD %@", train.count,
                                    normalization.mean.map { String(format: "%.4f", $0) }.joined(separator: ", "),
                                    normalization.standardDeviation.map { String(format: "%.4f", $0) }.joined(separator: ", "))]
            + (lossNote.map { [$0] } ?? []) + (recipeNote.map { [$0] } ?? [])
        let report = ReportContent(title: "\(source.name): image classifier", task: head.task, runInfo: runInfo, dataset: dataset_,
                                   preprocessingLog: preprocessing, learningCurves: curves, evaluationSplit: "test",
                                   classNames: classNames, threshold: threshold, models: [evaluated], notes: notes,
                                   imageGallery: gallery)
        var content = ImageModelContent(architecture: options.architecture, channels: train.channels, height: train.height,
                                        width: train.width, task: head.task, classNames: classNames, normalization: normalization,
                                        threshold: threshold, augmentation: recipe.augmentation, training: summary,
                                        trainingData: fingerprint, metrics: report.metricsDocument,
                                        testTimeAugmentation: scoring)
        if let v = ensembleValidation {
            content.ensemble = ImageEnsembleContent(members: summaries.enumerated().map { i, s in
                ImageEnsembleMember(file: ImageEnsembleMember.fileName(i), architecture: options.architecture, normalization: normalization,
                                    augmentation: recipe.augmentation, training: s, testTimeAugmentation: scoring, source: nil)
            }, validation: v)
        }
        return ImageTrainingResult(content: content, networks: trained.map(\.network), report: report)
    }

    /// The decision threshold of a binary task chosen on validation scores: `fixed` when given, else `criterion`
    /// (Youden's J by default), else 0.5 with a note when the validation images hold one class only. Nil for
    /// multiclass tasks.
    /// - Throws: `ClinicalMetricsError` for scores and labels that do not match.
    static func chooseThreshold(head: ImageTaskHead, validationScores: [Float], labels: [Int], fixed: Double?,
                                criterion: ThresholdCriterion, notes: inout [String]) throws -> ThresholdChoice? {
        guard head.task == .binary else { return nil }
        let p = try BinaryPredictions(scores: validationScores, labels: labels)
        if let fixed { return .fixed(fixed) }
        if let t = ThresholdChoice.select(criterion, on: p) { return t }
        notes.append("The validation images hold one class only, so the threshold is the default 0.5.")
        return .fixed(0.5)
    }

    /// `names` checked against `count`, or "0", "1", ….
    static func names(_ names: [String]?, count: Int) throws -> [String] {
        guard let names else { return (0..<count).map(String.init) }
        guard names.count == count else {
            throw ImagingError.invalidOption("--class-names gives \(names.count) names for \(count) classes (labels 0…\(count - 1))")
        }
        guard Set(names).count == names.count, !names.contains(where: \.isEmpty) else {
            throw ImagingError.invalidOption("--class-names must be distinct and non-empty")
        }
        return names
    }

    /// One epoch's record.
    struct EpochRecord {
        var trainLoss: Double
        var validationLoss: Double
        var validationAUC: Double
    }

    /// The training loop: seeded shuffling and augmentation per batch, AdamW with the chosen schedule, an optional
    /// moving average of the weights (`options.emaDecay`), evaluation on validation after each epoch (of the averaged
    /// weights when averaging; ROC AUC of `scoring`'s scores, loss of the plain logits), the best epoch's weights
    /// restored at the end (or the last epoch's, `options.keptWeights == .last`, with no early stopping). Returns the
    /// history and the 0-based epoch whose weights the network now holds.
    static func fit(_ network: Module, train: ImageSet, validation: (x: Tensor, y: Tensor, labels: [Int]), head: ImageTaskHead,
                    loss: Loss, normalization: ImageNormalization, options: ImageTrainingOptions, recipe: ImageRecipe,
                    scoring: ImageTestTimeAugmentation, log: (String) -> Void) throws -> (history: [EpochRecord], bestEpoch: Int) {
        let optimizer = AdamW(network.parameters, learningRate: options.learningRate, weightDecay: options.weightDecay)
        let labels = train.labels!
        let n = train.count
        var order = Array(0..<n)
        var shuffler = SeededGenerator(seed: options.seed &+ 1)
        var augmenter = SeededGenerator(seed: options.seed &+ 2)
        network.reseedStochasticLayers(options.seed &+ 3)
        let average = try options.emaDecay.map { try ExponentialMovingAverage(of: network, decay: $0) }
        var history: [EpochRecord] = []
        var best: (epoch: Int, auc: Double, loss: Double)? = nil
        var bestState: [String: Tensor]? = nil  // only when keeping the best epoch
        let keepLast = options.keptWeights == .last
        log("Training \(options.architecture.rawValue) (\(network.parameterCount) parameters) on \(n) images for up to \(recipe.epochs) epochs…")
        for epoch in 0..<recipe.epochs {
            let start = Date()
            optimizer.learningRate = options.schedule.rate(epoch: epoch, epochs: recipe.epochs, base: options.learningRate)
            network.train()
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(shuffler.next() % UInt64(i + 1))) }
            var lossSum = 0.0
            var lo = 0
            while lo < n {
                let hi = min(n, lo + options.batchSize)
                let idx = Array(order[lo..<hi])
                let xb = try train.images.gather(axis: 0, indices: idx)
                if recipe.augmentation.isEnabled { try recipe.augmentation.apply(to: xb, generator: &augmenter) }
                try normalization.apply(to: xb)
                let yb = try head.targets(idx.map { labels[$0] })
                optimizer.zeroGrad()
                let l = try loss(network(xb), yb)
                let value = try l.item()
                guard value.isFinite else {
                    throw NNError.training("loss became \(value) at epoch \(epoch + 1); lower the learning rate")
                }
                try l.backward()
                optimizer.step()
                try average?.update(from: network)
                lossSum += Double(value) * Double(hi - lo)
                lo = hi
            }
            optimizer.zeroGrad()
            // The averaged weights, when averaging, are what is validated and kept.
            try average?.swapIn(network)
            let out = try logits(of: network, validation.x)
            let valLoss = Double(try withNoGrad { try loss(out, validation.y).item() })
            var auc = Double.nan
            if head.task == .binary {
                let scores = try scoring.scores(of: network, head: head, images: validation.x, plain: out)
                if let p = try? BinaryPredictions(scores: scores, labels: validation.labels) { auc = ROCCurve(p)?.area ?? .nan }
            }
            history.append(EpochRecord(trainLoss: lossSum / Double(n), validationLoss: valLoss, validationAUC: auc))
            let improved: Bool
            if let b = best {
                if head.task == .binary && auc.isFinite {
                    improved = auc > b.auc + 1e-6 || (abs(auc - b.auc) <= 1e-6 && valLoss < b.loss)
                } else {
                    improved = valLoss < b.loss
                }
            } else {
                improved = true
            }
            if improved { best = (epoch, auc.isFinite ? auc : -1, valLoss) }
            if improved && !keepLast { bestState = network.stateDictCopy() }
            try average?.swapOut(network)
            log(String(format: "epoch %3d/%d  loss %.4f  val_loss %.4f%@  %.1fs%@", epoch + 1, recipe.epochs, lossSum / Double(n), valLoss,
                       head.task == .binary ? String(format: "  val_auc %.4f", auc) : "", Date().timeIntervalSince(start),
                       improved ? "  *" : ""))
            if !keepLast, let b = best, epoch - b.epoch >= recipe.patience {
                log("Early stopping: no improvement for \(recipe.patience) epochs; keeping epoch \(b.epoch + 1)")
                break
            }
        }
        let keptEpoch: Int
        if keepLast {
            // The live weights are the last epoch's; with averaging, its averaged weights are what was validated.
            try average?.swapIn(network)
            keptEpoch = history.count - 1
            log("Keeping the last epoch's weights (epoch \(history.count)); the best validation epoch was \((best?.epoch ?? keptEpoch) + 1)")
        } else {
            try network.loadStateDict(bestState!)
            keptEpoch = best!.epoch
        }
        network.eval()
        return (history, keptEpoch)
    }
}
