/// The curves a report plots for one binary model: ROC, precision–recall and reliability.
public struct BinaryCurves: Codable, Sendable, Equatable {
    /// ROC curve (intermediate collinear points dropped), or `nil` when only one class occurs.
    public var roc: ROCCurve?
    /// Precision–recall curve, or `nil` without positive rows.
    public var precisionRecall: PrecisionRecallCurve?
    /// Reliability curve, or `nil` when the scores are not probabilities.
    public var reliability: ReliabilityCurve?
    /// Fraction of positive rows: the precision of a classifier without skill (the PR plot's baseline).
    public var prevalence: Double

    /// The curves of `predictions`, sorting the rows once; `calibrationBins` uniform bins for the reliability
    /// curve (values below 1 count as 1).
    public init(_ predictions: BinaryPredictions, calibrationBins: Int = 10) {
        let ranked = RankedScores(scores: predictions.scores, labels: predictions.labels)
        roc = predictions.hasBothClasses ? ROCCurve(ranked: ranked, dropIntermediate: true) : nil
        precisionRecall = predictions.positiveCount > 0 ? PrecisionRecallCurve(ranked: ranked) : nil
        reliability = ReliabilityCurve(predictions, binCount: calibrationBins)
        prevalence = predictions.prevalence
    }

    /// Curves from their parts.
    public init(roc: ROCCurve?, precisionRecall: PrecisionRecallCurve?, reliability: ReliabilityCurve?,
                prevalence: Double) {
        self.roc = roc
        self.precisionRecall = precisionRecall
        self.reliability = reliability
        self.prevalence = prevalence
    }
}
