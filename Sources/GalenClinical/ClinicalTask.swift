import GalenData

/// The kind of prediction a model makes, which decides the metrics and plots: GalenData's `TaskKind`
/// (binary, multiclass, regression) under the name the clinical API has always used.
public typealias ClinicalTask = TaskKind
