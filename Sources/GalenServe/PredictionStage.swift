/// The stages of a prediction request, timed into `galen_prediction_stage_duration_seconds{stage}` (see
/// ``ServeMetrics/recordStage(_:duration:)``) so that a slow tail can be traced to where the time goes.
public enum PredictionStage: String, Sendable, CaseIterable {
    /// From the request's arrival until the prediction handler starts: routing, the API key check (a cached
    /// lookup or a database query) and the thread hops in between.
    case admission
    /// Reading the body, parsing the JSON and validating the records against the schema.
    case decode
    /// The model: preprocessing and the forward pass (including any wait for the model's lock).
    case score
    /// Encoding the answer and the audit copy of the outputs.
    case encode
    /// Building the audit record (hashing the body) and waiting for its commit: the group commit in flight, then
    /// the one holding the record.
    case audit
}
