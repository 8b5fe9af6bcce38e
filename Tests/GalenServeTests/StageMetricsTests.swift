import Foundation
import GalenServe
import Hummingbird
import Testing

/// Per-stage timings of prediction requests in /metrics.
@Suite struct StageMetricsTests {
    @Test func everyStageOfAPredictionIsTimed() async throws {
        let h = try ServeHarness()
        let record = try ServeFixture.wdbcRecord()
        try await h.run { c in
            for _ in 0..<3 {
                #expect(try await c.call(.post, "/v1/models/wdbc/predict", key: c.predictKey, json: ["records": [record]]).status == 200)
            }
            let text = try await c.call(.get, "/metrics").text
            for stage in PredictionStage.allCases {
                #expect(text.contains("galen_prediction_stage_duration_seconds_count{stage=\"\(stage.rawValue)\"} 3"), "\(stage)")
            }
        }
    }
}
