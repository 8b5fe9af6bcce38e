import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenModels
import GalenNN
import GalenPrivacy
import GalenTensor

/// The outcome of `TabularTrainer.train`: the fitted models, what goes into the
/// bundle, the report, and the held-out test rows.
public struct TabularTrainingResult {
    /// Manifest content for the bundle.
    public var content: TabularModelContent
    /// The trained network and linear baseline.
    public var network: Sequential
    public var baseline: Sequential
    /// The report page's content (also gives `metrics.json`).
    public var report: ReportContent
    /// The test rows as read (all columns), for `galen evaluate` later.
    public var testTable: Table
    /// Cross-validation summary lines ("ROC AUC 0.991 ± 0.006 over 5 folds"), empty without `--cv`.
    public var crossValidation: [String]
    /// Warnings raised while reading and preparing the data.
    public var warnings: [DataWarning]
}

/// Trains a network and its linear baseline on a patient table, the way the
/// seed documents describe and a clinician can trust:
///
/// read and type the CSV → drop rows without a target and exact duplicates →
/// split train / validation / test (stratified, or by group so that no patient
/// spans two splits) → fit preprocessing on the training rows only → train the
/// network with early stopping on validation loss, and a linear model beside it
/// → choose the decision threshold on validation → evaluate both on the test
/// rows with bootstrap confidence intervals → optionally cross-validate.
public enum TabularTrainer {
    /// Runs the whole recipe.
    /// - Parameters:
    ///   - options: what to train.
    ///   - verbosity: progress output of the training loops.
    ///   - log: receives one line per step (no patient values are ever logged).
    /// - Throws: `DataError` for unreadable or unsuitable data, `TabularError` for bad options,
    ///   `NNError` when training fails (e.g. a diverging loss).
    public static func train(_ options: TabularTrainingOptions, verbosity: Verbosity = .auto,
                             log: (String) -> Void = { _ in }) throws -> TabularTrainingResult {
        try options.validate()
        let url = URL(fileURLWithPath: options.dataPath)
        log("Reading \(url.lastPathComponent)…")
        let (table, dataHash) = try TabularInput.readTable(path: options.dataPath, options: options.readOptions, key: options.key)
        let fingerprint = DataFingerprint(fileName: url.lastPathComponent, sha256: dataHash,
                                          rows: table.rowCount, columns: table.columnCount)
        let prepared = try PreparedDataset.prepare(table, target: options.target, task: options.task,
                                                   positiveClass: options.positiveClass)
        let target = prepared.target
        log("Target '\(target.column)': \(target.task.rawValue)" + (target.positiveClass.map { ", positive class '\($0)'" } ?? ""))

        // Split.
        let strata = prepared.strata()
        var groups: [Int]? = nil
        if let g = options.groupColumn {
            groups = Splits.groupIDs(try prepared.table.column(g, role: "group"))
        }
        let split: SplitIndices
        if let groups {
            split = try Splits.grouped(groups: groups, strata: strata, validation: options.validationFraction,
                                       test: options.testFraction, seed: options.splitSeed)
        } else {
            split = try Splits.trainValidationTest(count: prepared.table.rowCount, strata: strata,
                                                   validation: options.validationFraction,
                                                   test: options.testFraction, seed: options.splitSeed)
        }
        log("Split: \(split.train.count) training, \(split.validation.count) validation, \(split.test.count) test rows"
            + (options.groupColumn.map { " (grouped by '\($0)')" } ?? " (stratified)"))

        var preprocessing = options.preprocessing
        for c in [options.groupColumn, options.idColumn].compactMap({ $0 }) where !preprocessing.excludeColumns.contains(c) {
            preprocessing.excludeColumns.append(c)
        }
        let fold = try fitFold(prepared: prepared, train: split.train, validation: split.validation,
                               options: options, preprocessing: preprocessing, verbosity: verbosity, log: log)

        // Threshold on validation, evaluation on test.
        let testTable = prepared.table.selecting(rows: split.test)
        let testLabels = split.test.map { prepared.labels[$0] }
        let xTest = try fold.preprocessor.transform(testTable).features
        let netTest = try fold.head.scores(try fold.network.predict(xTest))
        let baseTest = try fold.head.scores(try fold.baseline.predict(xTest))
        var threshold: ThresholdChoice? = nil
        var notes: [String] = []
        if target.task == .binary {
            let p = try BinaryPredictions(scores: fold.validationScores, labels: fold.validationLabels.map { Int($0) })
            if let t = ThresholdChoice.select(options.thresholdCriterion, on: p) {
                threshold = t
            } else {
                threshold = .fixed(0.5)
                notes.append("The validation split holds one class only, so the threshold is the default 0.5.")
            }
            log(threshold!.explanation)
        }
        log("Evaluating on \(split.test.count) test rows with \(options.bootstrap.resamples) bootstrap resamples…")
        let t = threshold?.threshold ?? 0.5
        let networkModel = try fold.head.evaluate(name: "Network (\(fold.spec.summary))", isBaseline: false,
                                                  scores: netTest, labels: testLabels, threshold: t, bootstrap: options.bootstrap)
        let baselineModel = try fold.head.evaluate(name: baselineName(target.task), isBaseline: true,
                                                   scores: baseTest, labels: testLabels, threshold: t, bootstrap: options.bootstrap)

        // Optional cross-validation on the non-test rows.
        var cvLines: [String] = []
        if options.crossValidationFolds >= 2 {
            cvLines = try crossValidate(prepared: prepared, rows: (split.train + split.validation).sorted(), groups: groups,
                                        options: options, preprocessing: preprocessing, log: log)
            notes += cvLines.map { "Cross-validation: \($0)" }
        }

        let classNames = target.task == .regression ? [] : target.classes
        var balance: [ClassCount] = []
        if target.task != .regression { balance = zip(target.classes, target.classCounts).map { ClassCount($0, $1) } }
        let dataset = DatasetSummary(source: url.lastPathComponent, rows: table.rowCount, columns: table.columnCount,
                                     target: target.column, classBalance: balance,
                                     targetDescription: describe(target),
                                     splits: [SplitSize("training", split.train.count), SplitSize("validation", split.validation.count),
                                              SplitSize("test", split.test.count)])
        let history = fold.history
        let metricName: String? = target.task == .regression ? nil : "accuracy"
        let curves = LearningCurves(trainLoss: history["loss"].map(Double.init), validationLoss: history["val_loss"].map(Double.init),
                                    metricName: metricName,
                                    trainMetric: metricName == nil ? [] : history["accuracy"].map(Double.init),
                                    validationMetric: metricName == nil ? [] : history["val_accuracy"].map(Double.init),
                                    bestEpoch: fold.bestEpoch.map { $0 + 1 })
        let runInfo = [
            ReportField("Data", "\(url.lastPathComponent) (SHA-256 \(fingerprint.sha256.prefix(16))…)"),
            ReportField("Network", fold.spec.summary),
            ReportField("Training", String(format: "AdamW lr %g, weight decay %g, batch %d, %d of at most %d epochs (best %d), seed %llu",
                                           options.network.learningRate, options.network.weightDecay, options.network.batchSize,
                                           history.epochs.count, options.network.epochs, (fold.bestEpoch ?? 0) + 1, options.network.seed)),
            ReportField("Baseline", baselineName(target.task)),
            ReportField("Created", ISO8601DateFormatter().string(from: Date())),
        ] + (fold.privacy.map { [ReportField("Differential privacy", privacySummary($0))] } ?? [])
        if let g = fold.privacy { notes.insert(privacyNote(g), at: 0) }
        let logLines = (prepared.log.entries + fold.preprocessor.log.entries).map(\.description) + (fold.lossNote.map { [$0] } ?? [])
        let report = ReportContent(title: "\(target.column): \(target.task.rawValue) model", task: target.task,
                                   runInfo: runInfo, dataset: dataset, preprocessingLog: logLines, learningCurves: curves,
                                   evaluationSplit: "test", classNames: classNames,
                                   threshold: threshold, models: [networkModel, baselineModel], notes: notes)
        let idColumn = options.idColumn ?? options.groupColumn
            ?? fold.preprocessor.excludedColumns.first(where: { $0.reason == .idLike })?.name
        let content = TabularModelContent(target: target, preprocessor: fold.preprocessor, architecture: fold.spec,
                                          baselineArchitecture: fold.baselineSpec, threshold: threshold,
                                          targetMean: target.task == .regression ? fold.head.targetMean : nil,
                                          targetStandardDeviation: target.task == .regression ? fold.head.targetStandardDeviation : nil,
                                          idColumn: idColumn, options: options.network, trainingData: fingerprint,
                                          metrics: report.metricsDocument, differentialPrivacy: fold.privacy,
                                          reference: fold.reference)
        return TabularTrainingResult(content: content, network: fold.network, baseline: fold.baseline, report: report,
                                     testTable: testTable, crossValidation: cvLines,
                                     warnings: prepared.warnings + fold.preprocessor.warnings)
    }

    static func baselineName(_ task: TaskKind) -> String {
        switch task {
        case .binary: return "Logistic regression (baseline)"
        case .multiclass: return "Multinomial logistic regression (baseline)"
        case .regression: return "Linear regression (baseline)"
        }
    }

    static func describe(_ t: TargetInfo) -> String {
        switch t.task {
        case .binary: return "binary; positive class '\(t.classes[1])'" + (t.positiveClassReason.map { " (\($0))" } ?? "")
        case .multiclass: return "\(t.classes.count) classes"
        case .regression: return "numeric (regression)"
        }
    }

    /// One fitted fold: preprocessing fitted on `train`, network and baseline trained with early stopping on `validation`.
    struct FittedFold {
        var preprocessor: Preprocessor
        var head: TaskHead
        var spec: TabularNetworkSpec
        var baselineSpec: TabularNetworkSpec
        var network: Sequential
        var baseline: Sequential
        var history: History
        var bestEpoch: Int?
        var validationScores: [Float]
        var validationLabels: [Float]
        var lossNote: String?
        /// The guarantee of differentially private training, nil for ordinary training.
        var privacy: PrivacyGuarantee?
        var reference: FeatureReference
    }

    static func fitFold(prepared: PreparedDataset, train: [Int], validation: [Int], options: TabularTrainingOptions,
                        preprocessing: PreprocessingOptions, verbosity: Verbosity, log: (String) -> Void) throws -> FittedFold {
        let target = prepared.target
        let trainTable = prepared.table.selecting(rows: train)
        let preprocessor = try Preprocessor.fit(trainTable, target: target.column, options: preprocessing)
        log("Preprocessing fitted on training rows: \(preprocessor.featureCount) features from \(preprocessor.inputColumns.count) columns")
        let xTrain = try preprocessor.transform(trainTable).features
        let xVal = try preprocessor.transform(prepared.table.selecting(rows: validation)).features
        let trainLabels = train.map { prepared.labels[$0] }
        let valLabels = validation.map { prepared.labels[$0] }
        let head = TaskHead(target: target, trainingLabels: trainLabels)
        let yTrain = try head.targets(trainLabels), yVal = try head.targets(valLabels)
        let (loss, lossNote) = head.loss(trainingLabels: trainLabels, balance: options.balanceClasses)
        let metrics: [TrainingMetric] = target.task == .regression ? [] : [.accuracy]
        let n = options.network

        let spec = TabularNetworkSpec(inputs: preprocessor.featureCount, hidden: n.hidden, outputs: head.outputs, dropout: n.dropout)
        let baselineSpec = TabularNetworkSpec.linear(inputs: preprocessor.featureCount, outputs: head.outputs)
        let network: Sequential, baseline: Sequential, history: History, bestEpoch: Int?
        var privacy: PrivacyGuarantee? = nil
        var note = lossNote
        if let dp = options.privacy {
            var privateLoss = loss
            if let ce = loss as? CrossEntropyLoss, ce.weight != nil {
                privateLoss = CrossEntropyLoss()
                note = "classes are not weighted under differential privacy (a class-weighted cross-entropy is not a sum of per-row losses)"
            }
            let trained = try trainPrivately(spec: spec, baselineSpec: baselineSpec, x: xTrain, y: yTrain, validation: (xVal, yVal),
                                             loss: privateLoss, metrics: metrics, options: n, privacy: dp,
                                             taskName: baselineName(target.task), verbosity: verbosity, log: log)
            (network, baseline, history, bestEpoch, privacy) = (trained.network, trained.baseline, trained.history,
                                                                trained.bestEpoch, trained.guarantee)
        } else {
            log("Training \(spec.summary) for up to \(n.epochs) epochs…")
            network = try spec.build(seed: n.seed)
            let stop = EarlyStopping(monitor: "val_loss", patience: n.patience)
            history = try network.fit(xTrain, yTrain, loss: loss,
                                      optimizer: AdamW(network.parameters, learningRate: n.learningRate, weightDecay: n.weightDecay),
                                      epochs: n.epochs, batchSize: n.batchSize, validationData: (xVal, yVal), seed: n.seed,
                                      metrics: metrics, callbacks: [stop], verbose: verbosity)
            bestEpoch = stop.bestEpoch

            log("Training the \(baselineName(target.task).lowercased())…")
            baseline = try baselineSpec.build(seed: n.seed &+ 1)
            try baseline.fit(xTrain, yTrain, loss: loss, optimizer: Adam(baseline.parameters, learningRate: 1e-2),
                             epochs: n.epochs, batchSize: n.batchSize, validationData: (xVal, yVal), seed: n.seed &+ 1,
                             callbacks: [EarlyStopping(monitor: "val_loss", patience: n.patience)], verbose: .silent)
        }
        let valScores = try head.scores(try network.predict(xVal))
        return FittedFold(preprocessor: preprocessor, head: head, spec: spec, baselineSpec: baselineSpec, network: network,
                          baseline: baseline, history: history, bestEpoch: bestEpoch, validationScores: valScores,
                          validationLabels: valLabels, lossNote: note, privacy: privacy,
                          reference: FeatureReference.fit(trainTable, inputs: preprocessor.inputColumns))
    }

    /// k-fold cross-validation of the network on `rows` (the non-test rows): each fold fits its own
    /// preprocessing and network (with an inner validation split for early stopping) and is scored on its
    /// held-out fold. Returns "name mean ± sd" lines.
    static func crossValidate(prepared: PreparedDataset, rows: [Int], groups: [Int]?, options: TabularTrainingOptions,
                              preprocessing: PreprocessingOptions, log: (String) -> Void) throws -> [String] {
        let k = options.crossValidationFolds
        let strata = prepared.strata()
        let subStrata = rows.map { strata[$0] }
        let folds: [Fold]
        if let groups {
            folds = try Splits.groupKFold(groups: rows.map { groups[$0] }, k: k, strata: subStrata, seed: options.splitSeed)
        } else {
            folds = try Splits.kFold(count: rows.count, k: k, strata: subStrata, seed: options.splitSeed)
        }
        var values: [String: [Double]] = [:]
        var order: [String] = []
        func record(_ name: String, _ v: Double?) {
            guard let v, v.isFinite else { return }
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(v)
        }
        for f in folds {
            log("Cross-validation fold \(f.index + 1)/\(k)…")
            let foldRows = f.train.map { rows[$0] }
            let heldOut = f.validation.map { rows[$0] }
            // Inner validation split of the fold's training rows for early stopping.
            let inner = try Splits.trainValidationTest(count: foldRows.count, strata: foldRows.map { strata[$0] },
                                                       validation: options.validationFraction / (1 - options.testFraction),
                                                       test: 0, seed: options.splitSeed &+ UInt64(f.index))
            let fitted = try fitFold(prepared: prepared, train: inner.train.map { foldRows[$0] },
                                     validation: inner.validation.map { foldRows[$0] }, options: options,
                                     preprocessing: preprocessing, verbosity: .silent, log: { _ in })
            let x = try fitted.preprocessor.transform(prepared.table.selecting(rows: heldOut)).features
            let scores = try fitted.head.scores(try fitted.network.predict(x))
            let labels = heldOut.map { prepared.labels[$0] }
            let model = try fitted.head.evaluate(name: "fold", isBaseline: false, scores: scores, labels: labels,
                                                 threshold: 0.5, bootstrap: nil)
            if let b = model.evaluation.binary {
                record("ROC AUC", b.rocAUC.value); record("PR AUC", b.prAUC.value); record("Brier score", b.brierScore.value)
            } else if let m = model.evaluation.multiclass {
                record("accuracy", m.accuracy.value); record("macro F1", m.macroF1.value); record("macro ROC AUC", m.macroROCAUC.value)
            } else if let r = model.evaluation.regression {
                record("MAE", r.meanAbsoluteError.value); record("RMSE", r.rootMeanSquaredError.value); record("R²", r.r2.value)
            }
        }
        return order.map { name in
            let v = values[name]!
            let mean = v.reduce(0, +) / Double(v.count)
            let sd = v.count > 1 ? (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count - 1)).squareRoot() : 0
            return String(format: "%@ %.4f ± %.4f over %d folds", name, mean, sd, v.count)
        }
    }
}
