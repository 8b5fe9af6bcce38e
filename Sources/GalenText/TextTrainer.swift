import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenModels
import GalenNN
import GalenTensor

/// The outcome of `TextTrainer.train`: what goes into the bundle, the trained classifier and the report.
public struct TextTrainingResult {
    /// Manifest content for the bundle.
    public var content: TextModelContent
    /// The trained head (and fine-tuned top layers), saved as the bundle's `model.safetensors`.
    public var classifier: TextClassifier
    /// The report page's content (also gives `metrics.json`).
    public var report: ReportContent
    /// The held-out test texts with their labels (for `galen evaluate` later).
    public var test: TextDataset
}

/// Trains a text classifier with the evaluation of the tabular and image workflows:
///
/// read the texts → split train / validation / test (stratified by label, or by `groupColumn` so that a group's
/// texts never straddle two splits; seeded) → tokenise and embed every text once with the frozen encoder (with
/// fine-tuning: run the frozen lower layers once and cache each text's token states) → train the MLP head (and the
/// top encoder layers at a lower learning rate) with AdamW, keeping the weights of the best validation epoch →
/// choose the binary threshold on validation → evaluate on the held-out test texts with bootstrap confidence
/// intervals, beside a TF-IDF logistic-regression baseline.
public enum TextTrainer {
    /// Runs the whole recipe with the encoder folder of `options`.
    /// - Throws: `TextError` for bad options or unsuitable data (and a missing encoder folder), `DataError` for an
    ///   unreadable file, `BertError` for a bad encoder, `NNError` when training fails (e.g. a diverging loss).
    public static func train(_ options: TextTrainingOptions, log: (String) -> Void = { _ in }) throws -> TextTrainingResult {
        try options.validate()
        let encoder = try TextEncoder(directory: options.encoderDirectory, maxLength: options.maxLength)
        return try train(options, encoder: encoder, log: log)
    }

    /// Runs the whole recipe with a loaded encoder (tests pass a small random one).
    public static func train(_ options: TextTrainingOptions, encoder: TextEncoder,
                             log: (String) -> Void = { _ in }) throws -> TextTrainingResult {
        try options.validate()
        let started = Date()
        guard options.fineTuneLayers <= encoder.encoder.layers.count else {
            throw TextError.invalidOption("--fine-tune-layers \(options.fineTuneLayers) exceeds the encoder's \(encoder.encoder.layers.count) layers")
        }
        log("Reading \(options.dataPath)…")
        let data = try TextDataset.read(path: options.dataPath, textColumn: options.textColumn, target: options.target,
                                        groupColumn: options.groupColumn)
        let fileHash = try FileHash.sha256(fileAt: URL(fileURLWithPath: options.dataPath))
        let classNames = TextDataset.classNames(of: data.labelNames!)
        guard classNames.count >= 2 else {
            throw TextError.unsuitableData("\(data.source): the target '\(options.target)' has one class only; a classifier needs two or more")
        }
        let labels = try data.labels(classNames: classNames)
        let split: SplitIndices
        do {
            if let groups = data.groups {
                var ids: [String: Int] = [:]
                let groupIDs = groups.map { g in ids[g] ?? { ids[g] = ids.count; return ids.count - 1 }() }
                split = try Splits.grouped(groups: groupIDs, strata: labels, validation: options.validationFraction,
                                           test: options.testFraction, seed: options.seed)
            } else {
                split = try Splits.trainValidationTest(count: data.texts.count, strata: labels, validation: options.validationFraction,
                                                       test: options.testFraction, seed: options.seed)
            }
        } catch let e as DataError {
            throw TextError.unsuitableData("\(data.source): cannot split \(data.texts.count) texts (\(e))")
        }
        let trainLabels = split.train.map { labels[$0] }, valLabels = split.validation.map { labels[$0] }
        let testLabels = split.test.map { labels[$0] }
        guard Set(trainLabels).count >= 2, !valLabels.isEmpty, !testLabels.isEmpty else {
            throw TextError.unsuitableData("\(data.source): too few texts to train, validate and test (\(split.train.count)/\(split.validation.count)/\(split.test.count))")
        }
        log((data.groups != nil ? "Split by '\(options.groupColumn!)'" : "Stratified split")
            + ": \(split.train.count) training, \(split.validation.count) validation, \(split.test.count) test texts; \(classNames.count) classes")

        let head = TextTaskHead(classCount: classNames.count)
        let (loss, classWeights, lossNote) = head.loss(trainingLabels: trainLabels, balance: options.balanceClasses)
        if let lossNote { log(lossNote) }

        // Encode once: sentence embeddings (frozen) or the lower layers' token states (fine-tuning).
        let encodeStart = Date()
        let ids = try encoder.tokenize(data.texts)
        let truncated = ids.filter { $0.count >= encoder.maxLength }.count
        let n = data.texts.count
        var lastShown = Date.distantPast
        let progress: (Int, Int) -> Void = { done, total in
            if done == total || Date().timeIntervalSince(lastShown) >= 5 {
                lastShown = Date()
                log(String(format: "  encoded %d/%d texts (%.0f s)", done, total, Date().timeIntervalSince(encodeStart)))
            }
        }
        let bottom = encoder.encoder.layers.count - options.fineTuneLayers
        log(options.fineTuneLayers == 0
            ? "Embedding \(n) texts with \(encoder.name) (frozen)…"
            : "Running \(encoder.name)'s lower \(bottom) layers once over \(n) texts (the top \(options.fineTuneLayers) are fine-tuned)…")
        var embeddings: Tensor? = nil
        var states: [Tensor] = []
        if options.fineTuneLayers == 0 {
            embeddings = try encoder.embed(ids, progress: progress)
        } else {
            states = try encoder.bottomStates(ids, layers: bottom, progress: progress)
        }
        let encodingSeconds = Date().timeIntervalSince(encodeStart)

        let classifier = TextClassifier(encoder: encoder.encoder, fineTuneLayers: options.fineTuneLayers, hidden: options.hidden,
                                        dropout: options.dropout, outputs: head.outputs, seed: options.seed)
        // Logits of the texts at (global) indices, in training or evaluation mode.
        func logits(_ rows: [Int]) throws -> Tensor {
            if let embeddings { return try classifier(embeddings.gather(axis: 0, indices: rows)) }
            let (x, mask, padding) = TextBatch.states(rows.map { states[$0] })
            return try classifier.logits(states: x, mask: mask, padding: padding)
        }
        let trainStart = Date()
        let headParameters = classifier.head.parameters
        var optimizers: [Optimizer] = [AdamW(headParameters, learningRate: options.learningRate, weightDecay: options.weightDecay)]
        if options.fineTuneLayers > 0 {
            optimizers.append(AdamW(classifier.encoderParameters, learningRate: options.learningRate * options.encoderLearningRateFactor,
                                    weightDecay: options.weightDecay))
        }
        let modelName = options.fineTuneLayers == 0 ? "Network (\(encoder.name) frozen + MLP)"
                                                    : "Network (\(encoder.name), top \(options.fineTuneLayers) fine-tuned + MLP)"
        log("Training the \(options.fineTuneLayers == 0 ? "head" : "head and top \(options.fineTuneLayers) encoder layer(s)") "
            + "(\(classifier.parameterCount) parameters) for up to \(options.epochs) epochs…")
        let fitted = try TextFit.run(module: classifier, optimizers: optimizers, train: split.train, labels: labels,
                                     validation: split.validation, head: head, loss: loss, options: options, logits: logits, log: log)
        let trainingSeconds = Date().timeIntervalSince(trainStart)

        // Threshold on validation (binary), then the test split.
        let valScores = try head.scores(TextFit.evaluationLogits(classifier, split.validation, logits))
        var threshold: ThresholdChoice? = nil
        var notes: [String] = []
        if head.task == .binary {
            if let t = ThresholdChoice.select(options.thresholdCriterion, on: try BinaryPredictions(scores: valScores, labels: valLabels)) {
                threshold = t
            } else {
                threshold = .fixed(0.5)
                notes.append("The validation texts hold one class only, so the threshold is the default 0.5.")
            }
            log(threshold!.explanation)
        }
        if truncated > 0 { notes.append("\(truncated) of \(n) texts were cut to the encoder's \(encoder.maxLength) tokens.") }
        let t = threshold?.threshold ?? 0.5
        log("Evaluating on \(split.test.count) test texts with \(options.bootstrap.resamples) bootstrap resamples…")
        let testScores = try head.scores(TextFit.evaluationLogits(classifier, split.test, logits))
        var models = [try head.evaluate(name: modelName, scores: testScores, labels: testLabels, threshold: t, bootstrap: options.bootstrap)]

        if options.baseline {
            log("Baseline: TF-IDF bag of words → logistic regression…")
            let features = BagOfWordsFeatures(fitting: split.train.map { data.texts[$0] })
            if features.count > 0 {
                let vectors = features.vectors(data.texts)
                let linear = Dense(features.count, head.outputs, seed: options.seed &+ 7)
                let lr = AdamW(linear.parameters, learningRate: max(options.learningRate, 1e-2), weightDecay: 0)
                var quiet = options
                quiet.patience = min(options.patience, 3)
                let baseLogits: ([Int]) throws -> Tensor = { rows in try linear(features.dense(vectors, rows)) }
                _ = try TextFit.run(module: linear, optimizers: [lr], train: split.train, labels: labels, validation: split.validation,
                                    head: head, loss: loss, options: quiet, logits: baseLogits, log: { _ in })
                let bt: Double
                if head.task == .binary {
                    let v = try head.scores(TextFit.evaluationLogits(linear, split.validation, baseLogits))
                    bt = ThresholdChoice.select(options.thresholdCriterion, on: try BinaryPredictions(scores: v, labels: valLabels))?.threshold ?? 0.5
                } else { bt = 0.5 }
                let s = try head.scores(TextFit.evaluationLogits(linear, split.test, baseLogits))
                models.append(try head.evaluate(name: "TF-IDF logistic regression (baseline, \(features.count) words)", isBaseline: true,
                                                scores: s, labels: testLabels, threshold: bt, bootstrap: options.bootstrap))
            } else {
                notes.append("No word occurs in two training texts, so the bag-of-words baseline was left out.")
            }
        }

        let seconds = Date().timeIntervalSince(started)
        let monitor = head.task == .binary ? "validation ROC AUC" : "validation loss"
        let summary = TextTrainingSummary(learningRate: options.learningRate,
                                          encoderLearningRate: options.fineTuneLayers > 0 ? options.learningRate * options.encoderLearningRateFactor : nil,
                                          weightDecay: options.weightDecay, batchSize: options.batchSize, maxEpochs: options.epochs,
                                          epochsRun: fitted.history.count, bestEpoch: fitted.bestEpoch + 1, monitor: monitor,
                                          seed: options.seed, classWeights: classWeights, encodingSeconds: encodingSeconds,
                                          trainingSeconds: trainingSeconds, seconds: seconds)
        let fingerprint = TextDataFingerprint(fileName: data.source, sha256: fileHash,
                                              splitSizes: ["train": split.train.count, "validation": split.validation.count, "test": split.test.count],
                                              groupColumn: options.groupColumn)
        let reference = TextEncoderReference(name: encoder.name, sha256: encoder.sha256, maxLength: encoder.maxLength,
                                             tokenizer: "WordPiece, uncased, vocab.txt of the encoder folder",
                                             hiddenSize: encoder.dimension, layers: encoder.encoder.layers.count,
                                             pooling: "mean over tokens, L2-normalised")
        var counts = [Int](repeating: 0, count: classNames.count)
        for l in labels { counts[l] += 1 }
        let dataset = DatasetSummary(source: data.source, rows: n, columns: 1, target: options.target,
                                     classBalance: zip(classNames, counts).map { ClassCount($0, $1) },
                                     targetDescription: "\(classNames.count) classes; text from '\(options.textColumn)'",
                                     splits: [SplitSize("training", split.train.count), SplitSize("validation", split.validation.count),
                                              SplitSize("test", split.test.count)])
        let curves = LearningCurves(trainLoss: fitted.history.map(\.trainLoss), validationLoss: fitted.history.map(\.validationLoss),
                                    metricName: head.task == .binary ? "ROC AUC" : nil, trainMetric: [],
                                    validationMetric: head.task == .binary ? fitted.history.map(\.validationAUC) : [],
                                    bestEpoch: fitted.bestEpoch + 1)
        let runInfo = [
            ReportField("Data", "\(data.source) (SHA-256 \(fileHash.prefix(16))…), "
                        + (options.groupColumn.map { "split by '\($0)'" } ?? "stratified split") + ", seed \(options.seed)"),
            ReportField("Encoder", "\(encoder.name) (SHA-256 \(encoder.sha256.prefix(16))…), \(encoder.encoder.layers.count) layers, "
                        + "width \(encoder.dimension), at most \(encoder.maxLength) tokens, mean pooling + L2 normalisation"),
            ReportField("Network", (options.fineTuneLayers == 0 ? "frozen embeddings" : "top \(options.fineTuneLayers) encoder layer(s) fine-tuned")
                        + " → MLP " + (options.hidden.map(String.init) + [String(head.outputs)]).joined(separator: " → ")
                        + ", dropout \(options.dropout), \(classifier.parameterCount) trained parameters"),
            ReportField("Training", String(format: "AdamW lr %g%@, weight decay %g, batch %d, %d of at most %d epochs (best %d by %@), seed %llu",
                                           options.learningRate,
                                           options.fineTuneLayers > 0 ? String(format: " (encoder %g)", options.learningRate * options.encoderLearningRateFactor) : "",
                                           options.weightDecay, options.batchSize, fitted.history.count, options.epochs,
                                           fitted.bestEpoch + 1, monitor, options.seed)),
            ReportField("Run time", String(format: "encoding %.0f s, training %.0f s, total %.0f s", encodingSeconds, trainingSeconds, seconds)),
            ReportField("Created", ISO8601DateFormatter().string(from: Date())),
        ]
        let preprocessing = ["WordPiece tokenisation (uncased) to at most \(encoder.maxLength) tokens"
                             + (truncated > 0 ? " (\(truncated) texts truncated)" : ""),
                             options.fineTuneLayers == 0 ? "sentence embeddings computed once with the frozen encoder"
                                                         : "lower \(bottom) encoder layers run once; their token states cached"]
            + (lossNote.map { [$0] } ?? [])
        let report = ReportContent(title: "\(data.source) → \(options.target): text classifier", task: head.task, runInfo: runInfo,
                                   dataset: dataset, preprocessingLog: preprocessing, learningCurves: curves, evaluationSplit: "test",
                                   classNames: classNames, threshold: threshold, models: models, notes: notes)
        let content = TextModelContent(encoder: reference, fineTuneLayers: options.fineTuneLayers, hidden: options.hidden,
                                       dropout: options.dropout, task: head.task, classNames: classNames, textColumn: options.textColumn,
                                       target: options.target, threshold: threshold, training: summary, trainingData: fingerprint,
                                       metrics: report.metricsDocument)
        classifier.eval()
        return TextTrainingResult(content: content, classifier: classifier, report: report, test: data.subset(split.test))
    }
}

/// The training loop shared by the classifier and the baseline: seeded shuffling, AdamW, evaluation on validation
/// after each epoch, early stopping, best weights restored.
enum TextFit {
    struct EpochRecord {
        var trainLoss: Double
        var validationLoss: Double
        var validationAUC: Double
    }

    /// Logits of `rows` in evaluation mode without gradients, 256 at a time.
    static func evaluationLogits(_ module: Module, _ rows: [Int], _ logits: ([Int]) throws -> Tensor) throws -> Tensor {
        module.eval()
        var parts: [Tensor] = []
        try withNoGrad {
            for lo in stride(from: 0, to: rows.count, by: 256) {
                parts.append(try logits(Array(rows[lo..<min(rows.count, lo + 256)])))
            }
        }
        return parts.count == 1 ? parts[0] : try Tensor.concat(parts, axis: 0)
    }

    static func run(module: Module, optimizers: [Optimizer], train: [Int], labels: [Int], validation: [Int], head: TextTaskHead,
                    loss: Loss, options: TextTrainingOptions, logits: ([Int]) throws -> Tensor,
                    log: (String) -> Void) throws -> (history: [EpochRecord], bestEpoch: Int) {
        var order = train
        var shuffler = SeededGenerator(seed: options.seed &+ 1)
        module.reseedStochasticLayers(options.seed &+ 3)
        let yVal = try head.targets(validation.map { labels[$0] })
        var history: [EpochRecord] = []
        var best: (epoch: Int, auc: Double, loss: Double, state: [String: Tensor])? = nil
        for epoch in 0..<options.epochs {
            let start = Date()
            module.train()
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(shuffler.next() % UInt64(i + 1))) }
            var lossSum = 0.0
            for lo in stride(from: 0, to: order.count, by: options.batchSize) {
                let rows = Array(order[lo..<min(order.count, lo + options.batchSize)])
                for o in optimizers { o.zeroGrad() }
                let l = try loss(logits(rows), head.targets(rows.map { labels[$0] }))
                let value = try l.item()
                guard value.isFinite else {
                    throw NNError.training("loss became \(value) at epoch \(epoch + 1); lower the learning rate")
                }
                try l.backward()
                for o in optimizers { o.step() }
                lossSum += Double(value) * Double(rows.count)
            }
            for o in optimizers { o.zeroGrad() }
            let out = try evaluationLogits(module, validation, logits)
            let valLoss = Double(try withNoGrad { try loss(out, yVal).item() })
            var auc = Double.nan
            if head.task == .binary, let p = try? BinaryPredictions(scores: out.sigmoid().scalars, labels: validation.map { labels[$0] }) {
                auc = ROCCurve(p)?.area ?? .nan
            }
            history.append(EpochRecord(trainLoss: lossSum / Double(order.count), validationLoss: valLoss, validationAUC: auc))
            let improved: Bool
            if let b = best {
                improved = head.task == .binary && auc.isFinite
                    ? auc > b.auc + 1e-6 || (abs(auc - b.auc) <= 1e-6 && valLoss < b.loss)
                    : valLoss < b.loss
            } else {
                improved = true
            }
            if improved { best = (epoch, auc.isFinite ? auc : -1, valLoss, module.stateDictCopy()) }
            log(String(format: "epoch %3d/%d  loss %.4f  val_loss %.4f%@  %.1fs%@", epoch + 1, options.epochs, lossSum / Double(order.count),
                       valLoss, head.task == .binary ? String(format: "  val_auc %.4f", auc) : "", Date().timeIntervalSince(start),
                       improved ? "  *" : ""))
            if let b = best, epoch - b.epoch >= options.patience {
                log("Early stopping: no improvement for \(options.patience) epochs; keeping epoch \(b.epoch + 1)")
                break
            }
        }
        try module.loadStateDict(best!.state)
        module.eval()
        return (history, best!.epoch)
    }
}
