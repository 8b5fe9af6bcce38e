import Foundation
import GalenClinical
import GalenData

/// Evaluates a saved sequence model on new labelled data: the bundle's cohort rule is applied to the new histories
/// (or a labels file gives the patients, labels and index dates), every member is scored, and the metrics get
/// bootstrap confidence intervals at the bundle's threshold.
public enum SequenceEvaluation {
    /// The report for `model` on the data at `path`.
    /// - Parameters:
    ///   - labels: a labels CSV (`patient column` as in the bundle's source or `patient_id`, `label`, optional
    ///     `index_date`); required when the model was trained from labels, optional otherwise.
    /// - Throws: `EventDataError` / `DataError` for unreadable data; `SequenceError.unsuitableData` when the cohort
    ///   lacks one of the classes; `SequenceError.invalidOption` when a labels file is needed but not given.
    public static func evaluate(model: SequenceModel, path: String, labels: String?, bootstrap: BootstrapOptions) throws -> ReportContent {
        let c = model.content
        let histories = try c.source.read(path: path)
        let cohort: Cohort
        if let labels {
            let pc = c.source.patientColumn ?? "person_id"
            let header = Set(try CSVReader.readHeader(path: labels).map { $0.lowercased() })
            cohort = try CohortLabels.read(path: labels, patientColumn: pc, labelColumn: "label",
                                           indexColumn: header.contains("index_date") ? "index_date" : nil, histories: histories)
        } else if let d = c.cohort {
            cohort = try d.build(histories)
        } else {
            throw SequenceError.invalidOption("this model was trained from a labels file; give --labels for the new data")
        }
        let y = cohort.labels
        guard Set(y).count == 2 else {
            throw SequenceError.unsuitableData("\(path): the cohort (\(y.count) patients) holds one class only; metrics need both")
        }
        let p = try model.probabilities(cohort.members, histories: histories)
        let evaluated = ReportModel.binary(name: "Sequence network (\(c.network.architecture.rawValue))",
                                           predictions: try BinaryPredictions(scores: p, labels: y), threshold: c.threshold.threshold,
                                           bootstrap: bootstrap)
        let outcome = c.cohort?.outcomeName ?? "label"
        let name = URL(fileURLWithPath: path).lastPathComponent
        let positives = y.filter { $0 == 1 }.count
        let dataset = DatasetSummary(source: name, rows: y.count, columns: c.vocabulary.size, target: outcome,
                                     classBalance: [ClassCount("no \(outcome)", y.count - positives), ClassCount(outcome, positives)],
                                     targetDescription: "\(outcome) within the horizon after index", splits: [SplitSize("evaluated", y.count)])
        let e = cohort.exclusions
        let info = [
            ReportField("Model", "\(c.network.summary), trained on \(c.trainingData.name) (\(c.trainingData.cohortSize) patients)"),
            ReportField("Data", "\(name): \(histories.patientIDs.count) patients, \(histories.eventCount) events; cohort \(y.count), \(positives) with the outcome"),
            ReportField("Excluded", "\(e.notObservedAtIndex) not observed at index, \(e.shortPriorObservation) too little prior observation, "
                        + "\(e.outcomeBeforeIndex) outcome on or before index, \(e.shortFollowUp) too little follow-up"),
            ReportField("Created", ISO8601DateFormatter().string(from: Date())),
        ]
        return ReportContent(title: "\(name): \(outcome), saved sequence model", task: .binary, runInfo: info, dataset: dataset,
                             evaluationSplit: "evaluated", classNames: ["no \(outcome)", outcome], threshold: c.threshold,
                             models: [evaluated])
    }
}
