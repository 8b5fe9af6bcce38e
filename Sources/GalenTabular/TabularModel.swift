import Foundation
import GalenBundle
import GalenData
import GalenModels
import GalenNN
import GalenPrivacy
import GalenTensor

/// A tabular model bundle loaded for prediction: verified manifest, fitted
/// preprocessing, and the network (and baseline) with their weights.
public struct TabularModel {
    /// The verified bundle.
    public let bundle: ModelBundle<TabularModelContent>
    /// The network and the linear baseline.
    public let network: Sequential
    public let baseline: Sequential
    let head: TaskHead

    /// The manifest's content.
    public var content: TabularModelContent { bundle.manifest.content }

    /// Loads and verifies the bundle at `url`; `key` opens an encrypted bundle (written by `galen train
    /// --encrypt-bundle`), decrypting its files in memory only. A plain bundle loads with or without a key.
    /// - Throws: `BundleError` (missing, tampered, truncated; `.encrypted` for an encrypted bundle without a key),
    ///   `EncryptionError` (wrong key, damaged encrypted file), `TabularError.incompatibleBundle` for a
    ///   bundle of another kind, safetensors/state-dict errors for weights that do not fit.
    public init(contentsOf url: URL, key: EncryptionKey? = nil) throws {
        let cipher = key.map { BundleEncryption(key: $0) }
        do {
            bundle = try ModelBundle<TabularModelContent>(contentsOf: url, cipher: cipher)
        } catch let e as BundleError {
            if case .corruptManifest = e,
               (try? ModelBundle<KindOnly>(contentsOf: url, cipher: cipher))?.manifest.content.kind != "tabular" {
                throw TabularError.incompatibleBundle("\(url.path) is not a tabular model bundle")
            }
            throw e
        }
        let c = bundle.manifest.content
        guard c.kind == "tabular" else { throw TabularError.incompatibleBundle("\(url.path) holds a '\(c.kind)' model, not a tabular one") }
        network = try c.architecture.build(seed: 0)
        baseline = try c.baselineArchitecture.build(seed: 0)
        try bundle.loadWeights("model.safetensors", into: network)
        try bundle.loadWeights("baseline.safetensors", into: baseline)
        network.eval(); baseline.eval()
        head = TaskHead(task: c.target.task, classCount: c.target.task == .regression ? 0 : c.target.classes.count,
                        targetMean: c.targetMean ?? 0, targetStandardDeviation: c.targetStandardDeviation ?? 1)
    }

    struct KindOnly: Codable { var kind: String }

    /// CSV options that read new files with the training schema's types.
    public var readOptions: CSVReadOptions { content.preprocessor.readOptions() }

    /// Scores for every row of `table`: binary positive-class probabilities `[n]`, multiclass probabilities
    /// `[n × classes]` row-major, regression predictions `[n]`; plus the warnings raised by the input.
    /// - Throws: `DataError` for missing columns or (with `strict`) any warning.
    public func scores(_ table: Table, strict: Bool = false, useBaseline: Bool = false) throws -> (scores: [Float], warnings: [DataWarning]) {
        let t = try content.preprocessor.transform(table, strict: strict)
        let outputs = try (useBaseline ? baseline : network).predict(t.features)
        return (try head.scores(outputs), t.warnings)
    }

    /// Output column names for `scores` (probability columns, then `prediction`).
    public var outputColumns: [String] {
        let target = content.target
        switch target.task {
        case .binary: return ["probability_\(target.classes[1])", "prediction"]
        case .multiclass: return target.classes.map { "probability_\($0)" } + ["prediction"]
        case .regression: return ["prediction"]
        }
    }

    /// One output row's values (as text) for row `i` of `scores`.
    public func outputValues(_ scores: [Float], row i: Int) -> [String] {
        let target = content.target
        switch target.task {
        case .binary:
            let p = scores[i]
            let t = content.threshold?.threshold ?? 0.5
            return [String(format: "%.6f", p), target.classes[Double(p) >= t ? 1 : 0]]
        case .multiclass:
            let k = target.classes.count
            let row = Array(scores[(i * k)..<((i + 1) * k)])
            let best = row.indices.max { row[$0] < row[$1] } ?? 0
            return row.map { String(format: "%.6f", $0) } + [target.classes[best]]
        case .regression:
            return [String(format: "%.6g", scores[i])]
        }
    }
}
