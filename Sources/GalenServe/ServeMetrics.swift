import Foundation
import Prometheus

/// The server's Prometheus metrics, in a registry of its own (so that several servers in one process, as in
/// tests, do not mix their counts):
/// - `galen_http_requests_total{route, model, status}`;
/// - `galen_http_request_duration_seconds{route, model}` (histogram);
/// - `galen_predicted_rows_total{model}`;
/// - `galen_prediction_score{model}` (histogram of the predicted positive-class / top-class probability);
/// - `galen_feature_drift_psi{model, feature}` (population stability index against the training data);
/// - `galen_prediction_stage_duration_seconds{stage}` (histogram of the time each stage of a prediction
///   request took, see ``PredictionStage``).
///
/// The counters and histograms of each label set are looked up in the registry once and then kept (the
/// registry's lookup validates names and labels under its lock, measurable at thousands of requests per second).
public final class ServeMetrics: @unchecked Sendable {
    /// The registry `/metrics` renders.
    public let registry = PrometheusCollectorRegistry()
    private let lock = NSLock()
    private var requestSeries: [RequestLabels: (count: Counter, duration: DurationHistogram)] = [:]
    private var predictionSeries: [String: (rows: Counter, score: ValueHistogram)] = [:]
    private var stageSeries: [PredictionStage: DurationHistogram] = [:]

    struct RequestLabels: Hashable { var route: String; var model: String; var status: Int }
    static let durationBuckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                              .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                              .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5)]

    /// An empty set of metrics.
    public init() {}

    /// Counts one answered request and its duration.
    public func recordRequest(route: String, model: String, status: Int, duration: Duration) {
        let labels = RequestLabels(route: route, model: model, status: status)
        let series = lock.withLock { requestSeries[labels] } ?? lock.withLock {
            if let made = requestSeries[labels] { return made }
            let made = (registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "galen", subsystem: "http", metricName: "requests",
                                                                              unitName: "total", helpText: "HTTP requests answered, by route, model and status."),
                                             labels: [("route", route), ("model", model), ("status", String(status))]),
                        registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "galen", subsystem: "http", metricName: "request_duration",
                                                                                        unitName: "seconds", helpText: "Time to answer a request."),
                                                       labels: [("route", route), ("model", model)], buckets: Self.durationBuckets))
            requestSeries[labels] = made
            return made
        }
        series.count.increment()
        series.duration.record(duration)
    }

    /// Records how long one stage of a prediction request took.
    public func recordStage(_ stage: PredictionStage, duration: Duration) {
        let histogram = lock.withLock { stageSeries[stage] } ?? lock.withLock {
            if let made = stageSeries[stage] { return made }
            let made = registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(namespace: "galen", metricName: "prediction_stage_duration", unitName: "seconds",
                                                 helpText: "Time each stage of a prediction request took."),
                labels: [("stage", stage.rawValue)], buckets: Self.stageBuckets)
            stageSeries[stage] = made
            return made
        }
        histogram.record(duration)
    }

    static let stageBuckets: [Duration] = [.microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250),
                                           .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                           .milliseconds(25), .milliseconds(50), .milliseconds(100)]

    /// Counts predicted rows and records their scores.
    public func recordPredictions(model: String, predictions: [Prediction]) {
        let series = lock.withLock { predictionSeries[model] } ?? lock.withLock {
            if let made = predictionSeries[model] { return made }
            let made = (registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "galen", metricName: "predicted_rows", unitName: "total",
                                                                              helpText: "Records scored, by model."),
                                             labels: [("model", model)]),
                        registry.makeValueHistogram(
                            descriptor: MetricNameDescriptor(namespace: "galen", metricName: "prediction", unitName: "score",
                                                             helpText: "Predicted probability of the positive (binary) or chosen (multiclass) class."),
                            labels: [("model", model)], buckets: stride(from: 0.1, through: 1.0, by: 0.1).map { $0 }))
            predictionSeries[model] = made
            return made
        }
        series.rows.increment(by: Int64(predictions.count))
        let histogram = series.score
        for p in predictions {
            guard let probabilities = p.probabilities, let label = p.label, let score = probabilities[label] else { continue }
            histogram.record(probabilities.count == 2 ? (probabilities.values.max() == score ? score : 1 - score) : score)
        }
    }

    /// Sets the population stability index of each feature of `model`.
    public func recordDrift(model: String, features: [DriftMonitor.FeatureDrift]) {
        for f in features {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "galen", metricName: "feature_drift", unitName: "psi",
                                                                helpText: "Population stability index of each input feature against the training data."),
                               labels: [("model", model), ("feature", f.feature)]).set(f.psi)
        }
    }

    /// The metrics in Prometheus' text exposition format.
    public func render() -> String { registry.emitToString() }
}
