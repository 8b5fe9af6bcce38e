/// How a decision threshold is chosen on validation data.
public enum ThresholdCriterion: Codable, Sendable, Equatable {
    /// Maximise Youden's J = sensitivity + specificity − 1 (the default).
    case youden
    /// The highest threshold whose sensitivity reaches the target, a fraction in `(0, 1]` (e.g. 0.95).
    case targetSensitivity(Double)
}

/// A decision threshold, how it was chosen, and what it achieved on the data it was chosen on.
///
/// Chosen thresholds sit halfway between the validation score that achieves the criterion and the next lower
/// distinct validation score: the validation rows are classified exactly as at that score, while new rows whose
/// score falls just below it are not forced negative. (When the chosen score is the lowest one, the threshold is
/// that score.) A row is predicted positive when `score >= threshold`.
public struct ThresholdChoice: Codable, Sendable, Equatable {
    /// How the threshold was chosen.
    public enum Method: String, Codable, Sendable {
        /// Youden's J maximised on validation data.
        case youden
        /// Highest threshold reaching a target sensitivity on validation data.
        case targetSensitivity
        /// Fixed by the user (or the default 0.5), not chosen from data.
        case fixed
    }

    /// The decision threshold (same units as the scores).
    public var threshold: Double
    /// How it was chosen.
    public var method: Method
    /// The sensitivity asked for, for ``Method/targetSensitivity``.
    public var targetSensitivity: Double?
    /// Rows of the data the threshold was chosen on (`nil` for a fixed threshold).
    public var validationRows: Int?
    /// Sensitivity achieved on those rows.
    public var validationSensitivity: Double?
    /// Specificity achieved on those rows.
    public var validationSpecificity: Double?

    /// A choice from its parts.
    public init(threshold: Double, method: Method, targetSensitivity: Double? = nil, validationRows: Int? = nil,
                validationSensitivity: Double? = nil, validationSpecificity: Double? = nil) {
        self.threshold = threshold
        self.method = method
        self.targetSensitivity = targetSensitivity
        self.validationRows = validationRows
        self.validationSensitivity = validationSensitivity
        self.validationSpecificity = validationSpecificity
    }

    /// A threshold set by hand (for example 0.5 for a probability).
    public static func fixed(_ threshold: Double) -> ThresholdChoice {
        ThresholdChoice(threshold: threshold, method: .fixed)
    }

    /// Youden's J (sensitivity + specificity − 1) on the validation rows, when known.
    public var validationYoudenJ: Double? {
        guard let sens = validationSensitivity, let spec = validationSpecificity else { return nil }
        return sens + spec - 1
    }

    /// One sentence saying how the threshold was chosen, for reports and logs.
    public var explanation: String {
        let value = formatThreshold(threshold)
        let achieved: String
        if let sens = validationSensitivity, let spec = validationSpecificity, let rows = validationRows {
            achieved = " (validation sensitivity \(formatPercent(sens)), specificity \(formatPercent(spec)), "
                + "n = \(rows))"
        } else {
            achieved = ""
        }
        switch method {
        case .youden:
            return "Threshold \(value) maximises Youden's J on the validation split\(achieved)."
        case .targetSensitivity:
            let target = targetSensitivity.map(formatPercent) ?? "the target"
            return "Threshold \(value) is the highest reaching sensitivity \(target) on the validation "
                + "split\(achieved)."
        case .fixed:
            return "Threshold \(value) was fixed, not chosen from data."
        }
    }

    /// Chooses a threshold on `validation` by `criterion`.
    ///
    /// Returns `nil` when the validation rows lack a class (neither J nor sensitivity is then meaningful) or
    /// when a target sensitivity lies outside `(0, 1]`; a caller then falls back to ``fixed(_:)``. Among equally
    /// good Youden thresholds the highest is taken.
    public static func select(_ criterion: ThresholdCriterion, on validation: BinaryPredictions) -> ThresholdChoice? {
        guard validation.hasBothClasses else { return nil }
        let ranked = RankedScores(scores: validation.scores, labels: validation.labels)
        let (tps, fps, scores) = ranked.cumulativeCounts()
        let positives = Double(validation.positiveCount), negatives = Double(validation.negativeCount)
        var chosen: Int?
        switch criterion {
        case .youden:
            var best = -Double.infinity
            for g in tps.indices {
                let j = Double(tps[g]) / positives - Double(fps[g]) / negatives
                if j > best { best = j; chosen = g }
            }
        case let .targetSensitivity(target):
            guard target > 0 && target <= 1 else { return nil }
            chosen = tps.firstIndex { Double($0) / positives >= target }
        }
        guard let g = chosen else { return nil }
        var threshold = scores[g]
        if g + 1 < scores.count {
            let midpoint = scores[g] / 2 + scores[g + 1] / 2
            if midpoint > scores[g + 1] && midpoint <= scores[g] { threshold = midpoint }
        }
        let method: Method
        var target: Double?
        switch criterion {
        case .youden: method = .youden
        case let .targetSensitivity(t): method = .targetSensitivity; target = t
        }
        return ThresholdChoice(threshold: threshold, method: method, targetSensitivity: target,
                               validationRows: validation.count,
                               validationSensitivity: Double(tps[g]) / positives,
                               validationSpecificity: 1 - Double(fps[g]) / negatives)
    }
}
