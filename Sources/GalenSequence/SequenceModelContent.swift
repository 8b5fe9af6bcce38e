import GalenClinical

/// What a sequence model bundle's `manifest.json` holds under `content`: how to read and index new patients, the
/// vocabulary, the network's sizes, the threshold, how it was trained and how well it did.
public struct SequenceModelContent: Codable, Sendable {
    /// "sequence" (tabular bundles say "tabular", image bundles "images").
    public var kind: String = "sequence"
    /// How histories are read.
    public var source: SequenceDataSource
    /// The cohort rule (nil when labels came from a labels file).
    public var cohort: CohortDefinition?
    /// How new patients are indexed for prediction.
    public var indexRule: IndexRule
    /// The codes and value scaling (fitted on training patients).
    public var vocabulary: CodeVocabulary
    /// The network's sizes.
    public var network: SequenceNetworkConfig
    /// Decision threshold on the outcome probability and how it was chosen.
    public var threshold: ThresholdChoice
    /// How training went.
    public var training: SequenceTrainingSummary
    /// The data it was trained on, without patient data.
    public var trainingData: SequenceDataSummary
    /// Test metrics of the network and the baseline, with confidence intervals.
    public var metrics: MetricsDocument
}

/// How a sequence network was trained.
public struct SequenceTrainingSummary: Codable, Sendable, Equatable {
    public var learningRate: Float
    public var weightDecay: Float
    public var batchSize: Int
    public var maxEpochs: Int
    public var epochsRun: Int
    /// 1-based epoch whose weights were kept (best validation ROC AUC).
    public var bestEpoch: Int
    public var seed: UInt64
    /// Loss weight of positives (1 = unweighted).
    public var positiveWeight: Float
    /// Wall-clock seconds of the whole run (reading, both models, evaluation).
    public var seconds: Double
}

/// Counts describing the training cohort.
public struct SequenceDataSummary: Codable, Sendable, Equatable {
    /// The folder's or file's name.
    public var name: String
    /// Patients read, and events read.
    public var patients: Int
    public var events: Int
    /// Cohort members and positives.
    public var cohortSize: Int
    public var positives: Int
    /// Exclusions by reason.
    public var exclusions: CohortExclusions
    /// Patients per split ("train", "validation", "test").
    public var splitSizes: [String: Int]
}
