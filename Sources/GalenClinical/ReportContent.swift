/// Everything `report.html` shows about one training run, filled in by the training command and rendered by
/// ``ReportRenderer``. Codable, so a run can save it and re-render the page later.
///
/// Every string here is treated as untrusted text and HTML-escaped when rendered.
public struct ReportContent: Codable, Sendable, Equatable {
    /// Page title, e.g. "Galen report: wdbc.csv → diagnosis".
    public var title: String
    /// The task, which decides the sections shown.
    public var task: ClinicalTask
    /// Labelled facts about the run, in display order (command, seed, Galen version, creation time, …).
    public var runInfo: [ReportField]
    /// Size and shape of the data, or `nil` to leave the section out.
    public var dataset: DatasetSummary?
    /// What preprocessing did, one line per step (duplicates dropped, columns excluded, imputation, …).
    public var preprocessingLog: [String]
    /// Per-epoch losses and metric of the network, or `nil` when not trained iteratively.
    public var learningCurves: LearningCurves?
    /// The split the models are evaluated on, e.g. "test".
    public var evaluationSplit: String
    /// Class names in label order (binary: negative then positive); empty for regression.
    public var classNames: [String]
    /// The decision threshold and how it was chosen (binary only).
    public var threshold: ThresholdChoice?
    /// The evaluated models, the delivered model first, then baselines.
    public var models: [ReportModel]
    /// Warnings and remarks shown prominently near the top.
    public var notes: [String]
    /// Example images with predictions and heat maps (image models), or `nil`.
    public var imageGallery: ReportImageGallery?

    /// A report from its parts.
    public init(title: String, task: ClinicalTask, runInfo: [ReportField] = [], dataset: DatasetSummary? = nil,
                preprocessingLog: [String] = [], learningCurves: LearningCurves? = nil,
                evaluationSplit: String = "test", classNames: [String] = [], threshold: ThresholdChoice? = nil,
                models: [ReportModel], notes: [String] = [], imageGallery: ReportImageGallery? = nil) {
        self.title = title
        self.task = task
        self.runInfo = runInfo
        self.dataset = dataset
        self.preprocessingLog = preprocessingLog
        self.learningCurves = learningCurves
        self.evaluationSplit = evaluationSplit
        self.classNames = classNames
        self.threshold = threshold
        self.models = models
        self.notes = notes
        self.imageGallery = imageGallery
    }

    /// The `metrics.json` document of this report (metrics and intervals only, no curves).
    public var metricsDocument: MetricsDocument {
        MetricsDocument(task: task, split: evaluationSplit, classNames: classNames, threshold: threshold,
                        models: models.map(\.evaluation))
    }
}

/// A labelled value shown in the report's run-information table.
public struct ReportField: Codable, Sendable, Equatable {
    /// The label, e.g. "Seed".
    public var label: String
    /// The value, e.g. "42".
    public var value: String

    /// A field from its parts.
    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

/// The size and shape of the data a run used.
public struct DatasetSummary: Codable, Sendable, Equatable {
    /// Where the data came from, e.g. the CSV file name.
    public var source: String?
    /// Data rows read (after dropping duplicates, if ``preprocessingLog`` says so).
    public var rows: Int
    /// Columns read, target included.
    public var columns: Int
    /// The target column.
    public var target: String
    /// Rows per class of the target (classification), in label order.
    public var classBalance: [ClassCount]
    /// A one-line description of a continuous target (regression), e.g. "mean 120.3, SD 15.1, range 81–171".
    public var targetDescription: String?
    /// Rows per split, e.g. train / validation / test.
    public var splits: [SplitSize]

    /// A summary from its parts.
    public init(source: String? = nil, rows: Int, columns: Int, target: String, classBalance: [ClassCount] = [],
                targetDescription: String? = nil, splits: [SplitSize] = []) {
        self.source = source
        self.rows = rows
        self.columns = columns
        self.target = target
        self.classBalance = classBalance
        self.targetDescription = targetDescription
        self.splits = splits
    }
}

/// The number of rows of one class.
public struct ClassCount: Codable, Sendable, Equatable {
    /// Class name as it appears in the data.
    public var label: String
    /// Rows of that class.
    public var count: Int

    /// A count from its parts.
    public init(_ label: String, _ count: Int) {
        self.label = label
        self.count = count
    }
}

/// The number of rows in one split.
public struct SplitSize: Codable, Sendable, Equatable {
    /// Split name, e.g. "train".
    public var name: String
    /// Rows in the split.
    public var rows: Int

    /// A split size from its parts.
    public init(_ name: String, _ rows: Int) {
        self.name = name
        self.rows = rows
    }
}

/// Per-epoch training history of the network (index 0 is epoch 1).
public struct LearningCurves: Codable, Sendable, Equatable {
    /// Loss on the training split per epoch.
    public var trainLoss: [Double]
    /// Loss on the validation split per epoch (may be empty).
    public var validationLoss: [Double]
    /// Name of the tracked metric, e.g. "ROC AUC" or "accuracy", or `nil` when none was tracked.
    public var metricName: String?
    /// The metric on the training split per epoch (may be empty).
    public var trainMetric: [Double]
    /// The metric on the validation split per epoch (may be empty).
    public var validationMetric: [Double]
    /// The 1-based epoch whose weights were kept (early stopping), or `nil`.
    public var bestEpoch: Int?

    /// Curves from their parts.
    public init(trainLoss: [Double], validationLoss: [Double] = [], metricName: String? = nil,
                trainMetric: [Double] = [], validationMetric: [Double] = [], bestEpoch: Int? = nil) {
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.metricName = metricName
        self.trainMetric = trainMetric
        self.validationMetric = validationMetric
        self.bestEpoch = bestEpoch
    }
}
