/// One model's results as the report shows them: its metrics (``evaluation``) and the data behind its plots.
public struct ReportModel: Codable, Sendable, Equatable {
    /// Metrics and intervals (what `metrics.json` keeps).
    public var evaluation: ModelEvaluation
    /// ROC, PR and reliability curves (binary task).
    public var binaryCurves: BinaryCurves?
    /// Predicted-versus-actual points (regression task).
    public var regressionScatter: RegressionScatter?

    /// A model from its parts.
    public init(evaluation: ModelEvaluation, binaryCurves: BinaryCurves? = nil,
                regressionScatter: RegressionScatter? = nil) {
        self.evaluation = evaluation
        self.binaryCurves = binaryCurves
        self.regressionScatter = regressionScatter
    }

    /// The model's display name.
    public var name: String { evaluation.name }

    /// Evaluates a binary model on `predictions` at `threshold` and computes its curves.
    ///
    /// - Parameters:
    ///   - name: display name, e.g. "Neural network".
    ///   - isBaseline: whether it is a comparison baseline such as logistic regression.
    ///   - predictions: scores (positive-class probabilities) and labels of the evaluation split.
    ///   - threshold: decision threshold, normally ``ThresholdChoice/threshold`` chosen on validation data.
    ///   - calibrationBins: uniform bins for calibration (default 10).
    ///   - bootstrap: resampling settings for the intervals, or `nil` for none.
    public static func binary(name: String, isBaseline: Bool = false, predictions: BinaryPredictions,
                              threshold: Double, calibrationBins: Int = 10,
                              bootstrap: BootstrapOptions? = BootstrapOptions()) -> ReportModel {
        let evaluation = BinaryEvaluation(predictions, threshold: threshold, calibrationBins: calibrationBins,
                                          bootstrap: bootstrap)
        return ReportModel(evaluation: ModelEvaluation(name: name, isBaseline: isBaseline, binary: evaluation),
                           binaryCurves: BinaryCurves(predictions, calibrationBins: calibrationBins))
    }

    /// Evaluates a multiclass model on `predictions`.
    public static func multiclass(name: String, isBaseline: Bool = false, predictions: MulticlassPredictions,
                                  bootstrap: BootstrapOptions? = BootstrapOptions()) -> ReportModel {
        ReportModel(evaluation: ModelEvaluation(name: name, isBaseline: isBaseline,
                                                multiclass: MulticlassEvaluation(predictions, bootstrap: bootstrap)))
    }

    /// Evaluates a regression model on `predictions` and keeps up to `maxScatterPoints` points for its plot.
    public static func regression(name: String, isBaseline: Bool = false, predictions: RegressionPredictions,
                                  bootstrap: BootstrapOptions? = BootstrapOptions(),
                                  maxScatterPoints: Int = 2000) -> ReportModel {
        ReportModel(evaluation: ModelEvaluation(name: name, isBaseline: isBaseline,
                                                regression: RegressionEvaluation(predictions, bootstrap: bootstrap)),
                    regressionScatter: RegressionScatter(predictions, maxPoints: maxScatterPoints))
    }
}
