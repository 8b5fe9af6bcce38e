import Foundation
import GalenClinical
import GalenData

/// Predicts patients' outcome probabilities with a saved sequence model and writes one CSV row per patient:
/// `patient_id`, `index_date` (ISO), `events` (events on or before the index), `probability`, `prediction`
/// (1 at or above the bundle's threshold).
public enum SequencePrediction {
    /// What a prediction run did.
    public struct Summary: Codable, Sendable {
        /// Patients predicted.
        public var rows: Int
        /// Patients left out (no observation period, or the index outside it).
        public var skipped: Int
        /// The data read.
        public var source: String
        /// Output columns.
        public var columns: [String]
    }

    /// Output columns.
    public static let columns = ["patient_id", "index_date", "events", "probability", "prediction"]

    /// Reads `path` the way the model's training data was read, indexes every patient by the model's rule (the
    /// last observed day when the rule is per-patient) and predicts.
    /// - Parameters:
    ///   - outputPath: the CSV to write atomically (complete or not at all), or nil for standard output.
    ///   - indexDay: an index day for every patient instead of the model's rule, or nil.
    /// - Throws: `EventDataError` / `DataError` for unreadable data, `SequenceError.unsuitableData` when no patient
    ///   can be indexed, file-system errors writing the output.
    public static func run(model: SequenceModel, path: String, indexDay: Int? = nil, outputPath: String?) throws -> Summary {
        let histories = try model.content.source.read(path: path)
        let rule = indexDay.map { IndexRule.fixedDay($0) } ?? model.content.indexRule
        let cohort = Cohort.unlabelled(histories, indexRule: rule)
        guard !cohort.members.isEmpty else {
            throw SequenceError.unsuitableData("\(path): no patient is observed at the index date (\(rule.summary))")
        }
        let p = try model.probabilities(cohort.members, histories: histories)
        let t = model.content.threshold.threshold
        var text = columns.joined(separator: ",") + "\n"
        for (m, prob) in zip(cohort.members, p) {
            let events = (histories.events[m.patientID] ?? []).filter { $0.day <= m.indexDay }.count
            text += CSVWriter.row([m.patientID, DateParsing.format(days: Double(m.indexDay)), String(events),
                                   String(format: "%.6f", prob), Double(prob) >= t ? "1" : "0"])
        }
        if let outputPath {
            try AtomicFileWriter.write(text, to: URL(fileURLWithPath: outputPath))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        return Summary(rows: cohort.members.count, skipped: cohort.exclusions.total, source: path, columns: columns)
    }
}
