import Foundation
import GalenClinical
import GalenData
import GalenTabular

/// A served model as `GET /v1/models` lists it.
public struct ModelSummary: Codable, Equatable, Sendable {
    public var name: String
    public var version: String
    public var task: String
    public var createdAt: String
    public var bundleSHA256: String
    /// Other loaded versions of the same name (not served), newest first.
    public var olderVersions: [String]

    enum CodingKeys: String, CodingKey {
        case name, version, task
        case createdAt = "created_at"
        case bundleSHA256 = "bundle_sha256"
        case olderVersions = "older_versions"
    }

    /// The summary of `model`, with `older` versions of it.
    public init(_ model: ServedModel, older: [ServedModel]) {
        name = model.name
        version = model.version
        task = model.content.target.task.rawValue
        createdAt = model.createdAt
        bundleSHA256 = model.bundleSHA256
        olderVersions = older.map(\.version)
    }
}

/// A served model as `GET /v1/models/{name}` describes it: identity and hashes, target, input schema (what a
/// record must hold), decision threshold, test metrics with confidence intervals, and the training data's
/// fingerprint.
public struct ModelDescription: Codable, Sendable {
    public var summary: ModelSummary
    public var galenVersion: String
    /// SHA-256 of each file in the bundle.
    public var files: [String: String]
    public var target: TargetInfo
    /// The input columns: every record must hold each (null for missing).
    public var inputs: [InputColumn]
    /// The ID column echoed as `id` in predictions, if any.
    public var idColumn: String?
    /// Training columns accepted in a record and ignored.
    public var ignoredColumns: [String]
    public var threshold: ThresholdChoice?
    public var metrics: MetricsDocument
    public var trainingData: DataFingerprint

    enum CodingKeys: String, CodingKey {
        case summary = "model"
        case galenVersion = "galen_version"
        case files, target, inputs, threshold, metrics
        case idColumn = "id_column"
        case ignoredColumns = "ignored_columns"
        case trainingData = "training_data"
    }

    /// The description of `model`, with `older` versions of it.
    public init(_ model: ServedModel, older: [ServedModel]) {
        summary = ModelSummary(model, older: older)
        galenVersion = model.galenVersion
        files = model.fileHashes
        target = model.content.target
        inputs = model.schema.columns
        idColumn = model.schema.idColumn
        ignoredColumns = model.schema.ignoredColumns.sorted()
        threshold = model.content.threshold
        metrics = model.content.metrics
        trainingData = model.content.trainingData
    }
}
