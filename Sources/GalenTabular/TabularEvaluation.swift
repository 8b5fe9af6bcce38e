import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenPrivacy
import GalenTensor

/// Evaluates a saved tabular model on a labelled CSV: the network and its
/// baseline at the bundle's decision threshold, with bootstrap confidence
/// intervals, as a report (and `metrics.json`).
public enum TabularEvaluation {
    /// - Parameters:
    ///   - model: the loaded bundle.
    ///   - dataPath: CSV holding the bundle's input columns and its target column.
    ///   - bootstrap: interval settings.
    ///   - strict: turn input warnings into errors.
    ///   - key: decrypts `dataPath` when it is a Galen encrypted file.
    /// - Returns: the report content and the input warnings.
    /// - Throws: `DataError` when the target column is missing, holds unknown classes, or the inputs do not fit.
    public static func evaluate(model: TabularModel, dataPath: String, bootstrap: BootstrapOptions = BootstrapOptions(),
                                strict: Bool = false, key: EncryptionKey? = nil) throws -> (report: ReportContent, warnings: [DataWarning]) {
        let c = model.content
        var options = model.readOptions
        options.columnTypes.removeValue(forKey: c.target.column)
        let (table, dataHash) = try TabularInput.readTable(path: dataPath, options: options, key: key)
        let targetColumn = try table.column(c.target.column, role: "target")
        let kept = (0..<table.rowCount).filter { !targetColumn.isMissing($0) }
        guard !kept.isEmpty else { throw DataError.targetAllMissing(column: c.target.column) }
        let rows = table.selecting(rows: kept)
        let column = rows.column(named: c.target.column)!
        let labels = c.target.labels(column)
        if let bad = labels.firstIndex(where: { $0.isNaN }) {
            throw DataError.invalidTarget(column: c.target.column, reason: c.target.task == .regression
                ? "row \(bad + 1) does not hold a number"
                : "row \(bad + 1) holds a label that is not one of the model's classes \(c.target.classes)")
        }
        let (netScores, warnings) = try model.scores(rows, strict: strict)
        let (baseScores, _) = try model.scores(rows, strict: strict, useBaseline: true)
        let t = c.threshold?.threshold ?? 0.5
        let net = try model.head.evaluate(name: "Network (\(c.architecture.summary))", isBaseline: false, scores: netScores,
                                          labels: labels, threshold: t, bootstrap: bootstrap)
        let base = try model.head.evaluate(name: TabularTrainer.baselineName(c.target.task), isBaseline: true, scores: baseScores,
                                           labels: labels, threshold: t, bootstrap: bootstrap)
        var notes: [String] = []
        if kept.count < table.rowCount { notes.append("\(table.rowCount - kept.count) row(s) without a target value were skipped.") }
        let file = URL(fileURLWithPath: dataPath).lastPathComponent
        let report = ReportContent(
            title: "\(c.target.column): evaluation of \(model.bundle.manifest.name)", task: c.target.task,
            runInfo: [ReportField("Model", "\(model.bundle.manifest.name), trained on \(c.trainingData.fileName) (\(model.bundle.manifest.createdAt))"),
                      ReportField("Data", "\(file) (SHA-256 \(dataHash.prefix(16))…)"),
                      ReportField("Evaluated", ISO8601DateFormatter().string(from: Date()))],
            dataset: DatasetSummary(source: file, rows: table.rowCount, columns: table.columnCount, target: c.target.column,
                                    classBalance: c.target.task == .regression ? [] : c.target.classes.enumerated().map { k, name in
                                        ClassCount(name, labels.filter { Int($0) == k }.count) },
                                    targetDescription: TabularTrainer.describe(c.target), splits: [SplitSize("evaluated", rows.rowCount)]),
            preprocessingLog: c.preprocessor.log.entries.map(\.description), learningCurves: nil,
            evaluationSplit: "\(file) (\(rows.rowCount) rows)", classNames: c.target.task == .regression ? [] : c.target.classes,
            threshold: c.threshold, models: [net, base], notes: notes)
        return (report, warnings)
    }
}
