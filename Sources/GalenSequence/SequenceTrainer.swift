import Foundation
import GalenClinical
import GalenData
import GalenNN
import GalenTensor

/// The outcome of `SequenceTrainer.train`: bundle content, the trained network, the report and the baseline.
public struct SequenceTrainingResult {
    /// Manifest content for the bundle.
    public var content: SequenceModelContent
    /// The trained network (best validation epoch), in evaluation mode.
    public var network: SequenceNetwork
    /// The report page's content (also gives `metrics.json`).
    public var report: ReportContent
    /// The logistic-regression baseline on bag-of-codes counts.
    public var baseline: BagOfCodesBaseline
}

/// Trains a sequence model on a labelled cohort of patient histories and evaluates it beside a bag-of-codes
/// logistic regression:
///
/// stratified seeded split of the cohort's patients into train / validation / test → vocabulary fitted on the
/// training patients only → padded sequences of the latest events before each index → the network trained with
/// AdamW on (class-weighted) binary cross-entropy, keeping the epoch of best validation ROC AUC and stopping after
/// `patience` epochs without improvement → the baseline trained on the same split → thresholds chosen on
/// validation → both evaluated on the test patients with bootstrap confidence intervals.
public enum SequenceTrainer {
    /// Runs the whole recipe.
    /// - Parameters:
    ///   - histories: every patient's events.
    ///   - cohort: the labelled members (see `CohortDefinition.build`, `CohortLabels.read`).
    ///   - definition: the cohort rule, recorded in the bundle (nil for a labels file).
    ///   - source: how the histories were read (recorded for prediction).
    ///   - dataName: the folder's or file's name, for the report.
    ///   - options: what to train.
    ///   - log: one line per step and per epoch.
    /// - Throws: `SequenceError` for bad options or a cohort without enough patients of each class; `NNError` when
    ///   training fails (e.g. a diverging loss).
    public static func train(histories: PatientHistories, cohort: Cohort, definition: CohortDefinition?, source: SequenceDataSource,
                             dataName: String, options: SequenceTrainingOptions,
                             log: (String) -> Void = { _ in }) throws -> SequenceTrainingResult {
        try options.validate()
        let started = Date()
        let labels = cohort.labels
        let positives = labels.filter { $0 == 1 }.count
        guard positives >= 5, labels.count - positives >= 5 else {
            throw SequenceError.unsuitableData("the cohort has \(positives) patients with the outcome and \(labels.count - positives) without; "
                                               + "at least 5 of each are needed (try another outcome, index date or horizon)")
        }
        let split = try Splits.trainValidationTest(count: labels.count, strata: labels, validation: options.validationFraction,
                                                   test: options.testFraction, seed: options.seed)
        let members = cohort.members
        let trainM = split.train.map { members[$0] }, valM = split.validation.map { members[$0] }, testM = split.test.map { members[$0] }
        let yTrain = trainM.map { $0.label! }, yVal = valM.map { $0.label! }, yTest = testM.map { $0.label! }
        for (name, y) in [("validation", yVal), ("test", yTest)] where Set(y).count < 2 {
            throw SequenceError.unsuitableData("the \(name) patients hold one class only; use a larger cohort or a larger --\(name)-fraction")
        }
        log("Cohort: \(members.count) patients, \(positives) with the outcome (\(String(format: "%.1f", 100 * Double(positives) / Double(members.count)))%); "
            + "split \(trainM.count) / \(valM.count) / \(testM.count) (train / validation / test)")

        let vocabulary = CodeVocabulary(fitting: trainM, histories: histories, minimumCount: options.minimumCodeCount)
        log("Vocabulary: \(vocabulary.codes.count) codes seen in ≥ \(options.minimumCodeCount) training patients (+ \(CodeVocabulary.reserved) reserved ids)")
        let xTrain = EncodedSequences(members: trainM, histories: histories, vocabulary: vocabulary, maxLength: options.maxLength)
        let xVal = EncodedSequences(members: valM, histories: histories, vocabulary: vocabulary, maxLength: options.maxLength)
        let xTest = EncodedSequences(members: testM, histories: histories, vocabulary: vocabulary, maxLength: options.maxLength)

        let pos = yTrain.filter { $0 == 1 }.count, neg = yTrain.count - pos
        let minority = Double(min(pos, neg)) / Double(yTrain.count)
        let positiveWeight: Float = options.balanceClasses && minority < 0.4 && pos > 0 ? Float(neg) / Float(pos) : 1
        if positiveWeight != 1 { log(String(format: "class-weighted loss: positive patients weigh %.3g (%d positive, %d negative training patients)", positiveWeight, pos, neg)) }

        let config = options.networkConfig(vocabularySize: vocabulary.size)
        let network = try SequenceNetwork(config, seed: options.seed)
        let fitted = try fit(network, train: xTrain, labels: yTrain, validation: xVal, validationLabels: yVal,
                             positiveWeight: positiveWeight, options: options, log: log)

        log("Training the logistic-regression baseline on bag-of-codes counts…")
        let cTrain = BagOfCodesBaseline.counts(trainM, histories: histories, vocabulary: vocabulary)
        let cVal = BagOfCodesBaseline.counts(valM, histories: histories, vocabulary: vocabulary)
        let cTest = BagOfCodesBaseline.counts(testM, histories: histories, vocabulary: vocabulary)
        let baseline = try BagOfCodesBaseline(train: cTrain, labels: yTrain, validation: cVal, validationLabels: yVal,
                                              positiveWeight: positiveWeight, seed: options.seed &+ 7)

        // Thresholds on validation, then the test evaluation of both models.
        let threshold = try choose(options.thresholdCriterion, scores: probabilities(of: network, xVal), labels: yVal)
        let baselineThreshold = try choose(options.thresholdCriterion, scores: baseline.probabilities(cVal), labels: yVal)
        log(threshold.explanation)
        log("Evaluating on \(testM.count) test patients with \(options.bootstrap.resamples) bootstrap resamples…")
        let networkModel = ReportModel.binary(name: "Sequence network (\(config.architecture.rawValue))",
                                              predictions: try BinaryPredictions(scores: probabilities(of: network, xTest), labels: yTest),
                                              threshold: threshold.threshold, bootstrap: options.bootstrap)
        let baselineModel = ReportModel.binary(name: "Logistic regression on bag-of-codes counts (baseline)", isBaseline: true,
                                               predictions: try BinaryPredictions(scores: baseline.probabilities(cTest), labels: yTest),
                                               threshold: baselineThreshold.threshold, bootstrap: options.bootstrap)

        let seconds = Date().timeIntervalSince(started)
        let summary = SequenceTrainingSummary(learningRate: options.learningRate, weightDecay: options.weightDecay,
                                              batchSize: options.batchSize, maxEpochs: options.epochs, epochsRun: fitted.history.count,
                                              bestEpoch: fitted.bestEpoch + 1, seed: options.seed, positiveWeight: positiveWeight,
                                              seconds: seconds)
        let data = SequenceDataSummary(name: dataName, patients: histories.patientIDs.count, events: histories.eventCount,
                                       cohortSize: members.count, positives: positives, exclusions: cohort.exclusions,
                                       splitSizes: ["train": trainM.count, "validation": valM.count, "test": testM.count])
        let report = makeReport(dataName: dataName, definition: definition, source: source, config: config, data: data,
                                summary: summary, options: options, history: fitted.history, threshold: threshold,
                                baselineThreshold: baselineThreshold, models: [networkModel, baselineModel],
                                parameters: network.parameterCount, baselineEpochs: baseline.epochsRun, meanEvents: xTrain)
        let content = SequenceModelContent(source: source, cohort: definition, indexRule: definition?.indexRule ?? .perPatient,
                                           vocabulary: vocabulary, network: config, threshold: threshold, training: summary,
                                           trainingData: data, metrics: report.metricsDocument)
        return SequenceTrainingResult(content: content, network: network, report: report, baseline: baseline)
    }

    /// The threshold by `criterion` on validation scores (0.5 when that is impossible).
    static func choose(_ criterion: ThresholdCriterion, scores: [Float], labels: [Int]) throws -> ThresholdChoice {
        ThresholdChoice.select(criterion, on: try BinaryPredictions(scores: scores, labels: labels)) ?? .fixed(0.5)
    }

    /// One epoch's record.
    struct EpochRecord {
        var trainLoss: Double
        var validationLoss: Double
        var validationAUC: Double
    }

    /// The training loop: seeded shuffling, AdamW, validation ROC AUC after each epoch, the best epoch's weights
    /// restored at the end.
    static func fit(_ network: SequenceNetwork, train: EncodedSequences, labels: [Int], validation: EncodedSequences,
                    validationLabels: [Int], positiveWeight: Float, options: SequenceTrainingOptions,
                    log: (String) -> Void) throws -> (history: [EpochRecord], bestEpoch: Int) {
        let optimizer = AdamW(network.parameters, learningRate: options.learningRate, weightDecay: options.weightDecay)
        let loss = BCEWithLogitsLoss(posWeight: positiveWeight)
        let n = train.count
        var order = Array(0..<n)
        var shuffler = SeededGenerator(seed: options.seed &+ 1)
        network.reseedStochasticLayers(options.seed &+ 3)
        let yVal = try Tensor(shape: [validationLabels.count, 1], values: validationLabels.map(Float.init))
        var history: [EpochRecord] = []
        var best: (epoch: Int, auc: Double, loss: Double, state: [String: Tensor])? = nil
        log("Training \(network.config.summary) (\(network.parameterCount) parameters) on \(n) patients for up to \(options.epochs) epochs…")
        for epoch in 0..<options.epochs {
            let start = Date()
            network.train()
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(shuffler.next() % UInt64(i + 1))) }
            var lossSum = 0.0
            var lo = 0
            while lo < n {
                let hi = min(n, lo + options.batchSize)
                let idx = Array(order[lo..<hi])
                let xb = try train.batch(idx)
                let yb = try Tensor(shape: [idx.count, 1], values: idx.map { Float(labels[$0]) })
                optimizer.zeroGrad()
                let l = try loss(network.forward(xb), yb)
                let value = try l.item()
                guard value.isFinite else { throw NNError.training("loss became \(value) at epoch \(epoch + 1); lower the learning rate") }
                try l.backward()
                optimizer.step()
                lossSum += Double(value) * Double(hi - lo)
                lo = hi
            }
            optimizer.zeroGrad()
            let out = try logits(of: network, validation)
            let valLoss = Double(try withNoGrad { try loss(out, yVal).item() })
            let p = try BinaryPredictions(scores: out.sigmoid().scalars, labels: validationLabels)
            let auc = ROCCurve(p)?.area ?? .nan
            history.append(EpochRecord(trainLoss: lossSum / Double(n), validationLoss: valLoss, validationAUC: auc))
            let improved: Bool
            if let b = best {
                improved = auc.isFinite ? (auc > b.auc + 1e-6 || (abs(auc - b.auc) <= 1e-6 && valLoss < b.loss)) : valLoss < b.loss
            } else {
                improved = true
            }
            if improved { best = (epoch, auc.isFinite ? auc : -1, valLoss, network.stateDictCopy()) }
            log(String(format: "epoch %3d/%d  loss %.4f  val_loss %.4f  val_auc %.4f  %.1fs%@", epoch + 1, options.epochs,
                       lossSum / Double(n), valLoss, auc, Date().timeIntervalSince(start), improved ? "  *" : ""))
            if let b = best, epoch - b.epoch >= options.patience {
                log("Early stopping: no improvement for \(options.patience) epochs; keeping epoch \(b.epoch + 1)")
                break
            }
        }
        try network.loadStateDict(best!.state)
        network.eval()
        return (history, best!.epoch)
    }

    /// The report page's content.
    static func makeReport(dataName: String, definition: CohortDefinition?, source: SequenceDataSource, config: SequenceNetworkConfig,
                           data: SequenceDataSummary, summary: SequenceTrainingSummary, options: SequenceTrainingOptions,
                           history: [EpochRecord], threshold: ThresholdChoice, baselineThreshold: ThresholdChoice,
                           models: [ReportModel], parameters: Int, baselineEpochs: Int, meanEvents: EncodedSequences) -> ReportContent {
        let outcome = definition?.outcomeName ?? "label"
        var runInfo = [ReportField("Data", "\(dataName) (\(source.summary)); \(data.patients) patients, \(data.events) events")]
        if let d = definition {
            runInfo.append(ReportField("Cohort rule", "index \(d.indexRule.summary); ≥ \(d.minimumPriorDays) days of prior observation; "
                                       + "outcome \(d.outcomeName) (\(d.outcomeCodes.count) codes) within \(d.horizonDays) days after index"
                                       + (d.requireFollowUp ? "; negatives observed for the whole horizon" : "")))
        } else {
            runInfo.append(ReportField("Cohort", "patients and labels from the labels file"))
        }
        let e = data.exclusions
        runInfo += [
            ReportField("Excluded", "\(e.notObservedAtIndex) not observed at index, \(e.shortPriorObservation) too little prior observation, "
                        + "\(e.outcomeBeforeIndex) outcome on or before index, \(e.shortFollowUp) too little follow-up"),
            ReportField("Network", "\(config.summary), \(parameters) parameters"),
            ReportField("Training", String(format: "AdamW lr %g, weight decay %g, batch %d, %d of at most %d epochs (best %d by validation ROC AUC), seed %llu",
                                           options.learningRate, options.weightDecay, options.batchSize, summary.epochsRun,
                                           options.epochs, summary.bestEpoch, options.seed)),
            ReportField("Baseline", "logistic regression on standardised log(1 + count) of each code and the history span (age for OMOP), \(baselineEpochs) epochs; its own threshold \(String(format: "%.4g", baselineThreshold.threshold)) chosen on validation"),
            ReportField("Run time", String(format: "%.0f s", summary.seconds)),
            ReportField("Created", ISO8601DateFormatter().string(from: Date())),
        ]
        let lengths = meanEvents.historyCounts
        let preprocessing = [
            "vocabulary fitted on the \(data.splitSizes["train"] ?? 0) training patients only: codes in ≥ \(options.minimumCodeCount) of them",
            String(format: "training histories: mean %.1f events before index (%d with none); the latest %d kept", Double(lengths.reduce(0, +)) / Double(max(1, lengths.count)),
                   lengths.filter { $0 == 0 }.count, options.maxLength),
            "step features: log(1 + days before index) / 10, the event's value standardised per code (training statistics), log(1 + days since the first event) / 10 (age when histories start at birth)",
        ] + (summary.positiveWeight != 1 ? [String(format: "class-weighted loss: positives weigh %.3g", summary.positiveWeight)] : [])
        let dataset = DatasetSummary(source: dataName, rows: data.cohortSize, columns: config.vocabularySize, target: outcome,
                                     classBalance: [ClassCount("no \(outcome)", data.cohortSize - data.positives), ClassCount(outcome, data.positives)],
                                     targetDescription: "\(outcome) within the horizon after index",
                                     splits: [SplitSize("training", data.splitSizes["train"] ?? 0),
                                              SplitSize("validation", data.splitSizes["validation"] ?? 0),
                                              SplitSize("test", data.splitSizes["test"] ?? 0)])
        let curves = LearningCurves(trainLoss: history.map(\.trainLoss), validationLoss: history.map(\.validationLoss), metricName: "ROC AUC",
                                    trainMetric: [], validationMetric: history.map(\.validationAUC), bestEpoch: summary.bestEpoch)
        return ReportContent(title: "\(dataName): \(outcome) within \(definition?.horizonDays ?? 0 > 0 ? "\(definition!.horizonDays) days" : "the horizon")",
                             task: .binary, runInfo: runInfo, dataset: dataset, preprocessingLog: preprocessing, learningCurves: curves,
                             evaluationSplit: "test", classNames: ["no \(outcome)", outcome], threshold: threshold, models: models)
    }
}

/// Logits `[N, 1]` of every sequence, in evaluation mode, without gradients, `chunk` at a time.
func logits(of network: SequenceNetwork, _ s: EncodedSequences, chunk: Int = 256) throws -> Tensor {
    network.eval()
    var parts: [Tensor] = []
    try withNoGrad {
        var lo = 0
        while lo < s.count {
            let hi = min(s.count, lo + chunk)
            parts.append(try network.forward(s.batch(Array(lo..<hi))))
            lo = hi
        }
    }
    return parts.count == 1 ? parts[0] : try Tensor.concat(parts, axis: 0)
}

/// Outcome probabilities of every sequence.
func probabilities(of network: SequenceNetwork, _ s: EncodedSequences) throws -> [Float] {
    try logits(of: network, s).sigmoid().scalars
}
