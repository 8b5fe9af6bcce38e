/// An OMOP CDM event table read into patient histories, with the columns Galen reads from it.
public enum OMOPDomain: String, CaseIterable, Codable, Sendable {
    case condition, drug, procedure, measurement, observation, visit

    /// File name without `.csv`.
    public var table: String {
        switch self {
        case .condition: return "condition_occurrence"
        case .drug: return "drug_exposure"
        case .procedure: return "procedure_occurrence"
        case .measurement: return "measurement"
        case .observation: return "observation"
        case .visit: return "visit_occurrence"
        }
    }

    /// The concept column.
    public var conceptColumn: String {
        switch self {
        case .condition: return "condition_concept_id"
        case .drug: return "drug_concept_id"
        case .procedure: return "procedure_concept_id"
        case .measurement: return "measurement_concept_id"
        case .observation: return "observation_concept_id"
        case .visit: return "visit_concept_id"
        }
    }

    /// The event's date column.
    public var dateColumn: String {
        switch self {
        case .condition: return "condition_start_date"
        case .drug: return "drug_exposure_start_date"
        case .procedure: return "procedure_date"
        case .measurement: return "measurement_date"
        case .observation: return "observation_date"
        case .visit: return "visit_start_date"
        }
    }

    /// The numeric value column, where the table has one.
    public var valueColumn: String? {
        switch self {
        case .measurement, .observation: return "value_as_number"
        default: return nil
        }
    }

    /// The event code of `concept` in this domain: `"<domain>:<concept id>"`.
    public func code(_ concept: Int) -> String { "\(rawValue):\(concept)" }
}
