import Foundation

/// The committed scikit-learn reference values written by `scripts/make_metric_fixtures.py`.
struct SklearnFixtures: Decodable {
    struct Confusion: Decodable { let tn: Int, fp: Int, fn: Int, tp: Int }
    struct ROC: Decodable { let fpr: [Double], tpr: [Double], thresholds: [Double] }
    struct PR: Decodable { let precision: [Double], recall: [Double], thresholds: [Double] }
    struct Calibration: Decodable {
        let prob_true: [Double], prob_pred: [Double], counts: [Int], ece: Double
    }
    struct Binary: Decodable {
        let name: String
        let scores: [Double]
        let labels: [Int]
        let threshold: Double
        let confusion: Confusion
        let accuracy: Double
        let sensitivity: Double?, specificity: Double?, ppv: Double?, npv: Double?, f1: Double?
        let balanced_accuracy: Double
        let roc_auc: Double
        let average_precision: Double
        let roc_curve: ROC
        let roc_curve_all: ROC
        let pr_curve: PR
        let brier: Double?
        let calibration: [String: Calibration]?
    }
    struct ClassRow: Decodable { let precision: Double, recall: Double, f1: Double, support: Int }
    struct Average: Decodable { let precision: Double, recall: Double, f1: Double }
    struct Multiclass: Decodable {
        let name: String
        let class_count: Int
        let probabilities: [Double]
        let labels: [Int]
        let predicted: [Int]
        let confusion: [[Int]]
        let accuracy: Double
        let per_class: [ClassRow]
        let macro: Average
        let weighted: Average
        let roc_auc_ovr_macro: Double
    }
    struct Regression: Decodable {
        let name: String
        let predictions: [Double], targets: [Double]
        let mae: Double, mse: Double, rmse: Double, r2: Double
    }

    let sklearn_version: String
    let binary: [Binary]
    let multiclass: [Multiclass]
    let regression: [Regression]

    static func load() throws -> SklearnFixtures {
        guard let url = Bundle.module.url(forResource: "sklearn_metrics", withExtension: "json",
                                          subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try JSONDecoder().decode(SklearnFixtures.self, from: Data(contentsOf: url))
    }
}

/// |a − b| ≤ tolerance, with `nil` matching only `nil`.
func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-6) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (x?, y?): return abs(x - y) <= tolerance
    default: return false
    }
}

/// Element-wise ``close(_:_:_:)`` of two equally long arrays.
func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-6) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}
