import Testing
@testable import GalenClinical

/// GalenClinical against scikit-learn on the committed fixtures (tolerance 1e-6).
@Suite struct SklearnParityTests {
    let fixtures: SklearnFixtures

    init() throws { fixtures = try SklearnFixtures.load() }

    @Test func fixturesCoverTheIntendedCases() {
        #expect(fixtures.binary.count >= 5)
        #expect(fixtures.multiclass.count >= 2)
        #expect(fixtures.regression.count >= 2)
    }

    @Test func binaryThresholdMetricsMatch() throws {
        for c in fixtures.binary {
            let p = try BinaryPredictions(scores: c.scores, labels: c.labels)
            let m = BinaryConfusionMatrix(p, threshold: c.threshold)
            #expect(m.truePositives == c.confusion.tp, "\(c.name)")
            #expect(m.falsePositives == c.confusion.fp, "\(c.name)")
            #expect(m.trueNegatives == c.confusion.tn, "\(c.name)")
            #expect(m.falseNegatives == c.confusion.fn, "\(c.name)")
            #expect(close(m.accuracy, c.accuracy), "\(c.name)")
            #expect(close(m.sensitivity, c.sensitivity), "\(c.name)")
            #expect(close(m.specificity, c.specificity), "\(c.name)")
            #expect(close(m.ppv, c.ppv), "\(c.name)")
            #expect(close(m.npv, c.npv), "\(c.name)")
            #expect(close(m.f1, c.f1), "\(c.name)")
            #expect(close(m.balancedAccuracy, c.balanced_accuracy), "\(c.name)")
        }
    }

    @Test func rankingAndProbabilityMetricsMatch() throws {
        for c in fixtures.binary {
            let p = try BinaryPredictions(scores: c.scores, labels: c.labels)
            #expect(close(BinaryMetrics.rocAUC(p), c.roc_auc), "\(c.name)")
            #expect(close(BinaryMetrics.averagePrecision(p), c.average_precision), "\(c.name)")
            #expect(close(BinaryMetrics.brierScore(p), c.brier), "\(c.name)")
            #expect(close(BinaryMetrics.expectedCalibrationError(p), c.calibration?["10"]?.ece), "\(c.name)")
        }
    }

    @Test func evaluationPointEstimatesMatch() throws {
        for c in fixtures.binary {
            let p = try BinaryPredictions(scores: c.scores, labels: c.labels)
            let e = BinaryEvaluation(p, threshold: c.threshold, bootstrap: nil)
            #expect(e.confusionMatrix.truePositives == c.confusion.tp)
            #expect(close(e.accuracy.value, c.accuracy), "\(c.name)")
            #expect(close(e.sensitivity.value, c.sensitivity), "\(c.name)")
            #expect(close(e.specificity.value, c.specificity), "\(c.name)")
            #expect(close(e.ppv.value, c.ppv), "\(c.name)")
            #expect(close(e.npv.value, c.npv), "\(c.name)")
            #expect(close(e.f1.value, c.f1), "\(c.name)")
            #expect(close(e.balancedAccuracy.value, c.balanced_accuracy), "\(c.name)")
            #expect(close(e.rocAUC.value, c.roc_auc), "\(c.name)")
            #expect(close(e.prAUC.value, c.average_precision), "\(c.name)")
            #expect(close(e.brierScore.value, c.brier), "\(c.name)")
            #expect(close(e.expectedCalibrationError.value, c.calibration?["10"]?.ece), "\(c.name)")
        }
    }

    @Test func rocCurvesMatchWithAndWithoutDroppingIntermediatePoints() throws {
        for c in fixtures.binary {
            let p = try BinaryPredictions(scores: c.scores, labels: c.labels)
            let dropped = try #require(ROCCurve(p))
            #expect(close(dropped.falsePositiveRates, c.roc_curve.fpr), "\(c.name)")
            #expect(close(dropped.truePositiveRates, c.roc_curve.tpr), "\(c.name)")
            #expect(close(dropped.thresholds, c.roc_curve.thresholds), "\(c.name)")
            let all = try #require(ROCCurve(p, dropIntermediate: false))
            #expect(close(all.falsePositiveRates, c.roc_curve_all.fpr), "\(c.name)")
            #expect(close(all.truePositiveRates, c.roc_curve_all.tpr), "\(c.name)")
            #expect(close(all.thresholds, c.roc_curve_all.thresholds), "\(c.name)")
            #expect(abs(all.area - c.roc_auc) < 1e-9 && abs(dropped.area - c.roc_auc) < 1e-9, "\(c.name)")
        }
    }

    @Test func precisionRecallCurvesMatch() throws {
        for c in fixtures.binary {
            let p = try BinaryPredictions(scores: c.scores, labels: c.labels)
            let curve = try #require(PrecisionRecallCurve(p))
            // scikit-learn orders by increasing threshold; Galen by decreasing threshold.
            #expect(close(curve.precisions, c.pr_curve.precision.reversed()), "\(c.name)")
            #expect(close(curve.recalls, c.pr_curve.recall.reversed()), "\(c.name)")
            #expect(close(curve.thresholds, c.pr_curve.thresholds.reversed()), "\(c.name)")
            #expect(abs(curve.averagePrecision - c.average_precision) < 1e-9, "\(c.name)")
        }
    }

    @Test func reliabilityCurvesMatchCalibrationCurve() throws {
        for c in fixtures.binary {
            let p = try BinaryPredictions(scores: c.scores, labels: c.labels)
            guard let reference = c.calibration else {
                #expect(ReliabilityCurve(p) == nil, "\(c.name): logits are not probabilities")
                continue
            }
            for (key, expected) in reference {
                let curve = try #require(ReliabilityCurve(p, binCount: Int(key)!))
                #expect(close(curve.bins.map(\.fractionPositive), expected.prob_true), "\(c.name) \(key)")
                #expect(close(curve.bins.map(\.meanPredicted), expected.prob_pred), "\(c.name) \(key)")
                #expect(curve.bins.map(\.count) == expected.counts, "\(c.name) \(key)")
                #expect(close(curve.expectedCalibrationError, expected.ece), "\(c.name) \(key)")
            }
        }
    }

    @Test func multiclassMatchesClassificationReport() throws {
        for c in fixtures.multiclass {
            let p = try MulticlassPredictions(probabilities: c.probabilities, classCount: c.class_count,
                                              labels: c.labels)
            #expect(p.predictedLabels == c.predicted, "\(c.name)")
            let e = MulticlassEvaluation(p, bootstrap: nil)
            #expect(e.confusionMatrix == c.confusion, "\(c.name)")
            #expect(close(e.accuracy.value, c.accuracy), "\(c.name)")
            for (k, row) in c.per_class.enumerated() {
                #expect(e.perClass[k].support == row.support, "\(c.name) class \(k)")
                // scikit-learn reports an undefined value as 0 (zero_division=0); Galen as nil.
                #expect(close(e.perClass[k].precision.value ?? 0, row.precision), "\(c.name) class \(k)")
                #expect(close(e.perClass[k].recall.value ?? 0, row.recall), "\(c.name) class \(k)")
                #expect(close(e.perClass[k].f1.value ?? 0, row.f1), "\(c.name) class \(k)")
            }
            #expect(close(e.macroPrecision.value, c.macro.precision), "\(c.name)")
            #expect(close(e.macroRecall.value, c.macro.recall), "\(c.name)")
            #expect(close(e.macroF1.value, c.macro.f1), "\(c.name)")
            #expect(close(e.weightedPrecision.value, c.weighted.precision), "\(c.name)")
            #expect(close(e.weightedRecall.value, c.weighted.recall), "\(c.name)")
            #expect(close(e.weightedF1.value, c.weighted.f1), "\(c.name)")
            #expect(close(e.macroROCAUC.value, c.roc_auc_ovr_macro), "\(c.name)")
        }
    }

    @Test func regressionMatches() throws {
        for c in fixtures.regression {
            let p = try RegressionPredictions(predictions: c.predictions, targets: c.targets)
            #expect(close(RegressionMetrics.meanAbsoluteError(p), c.mae), "\(c.name)")
            #expect(close(RegressionMetrics.meanSquaredError(p), c.mse), "\(c.name)")
            #expect(close(RegressionMetrics.rootMeanSquaredError(p), c.rmse), "\(c.name)")
            #expect(close(RegressionMetrics.r2(p), c.r2), "\(c.name)")
            let e = RegressionEvaluation(p, bootstrap: nil)
            #expect(close(e.meanAbsoluteError.value, c.mae) && close(e.r2.value, c.r2), "\(c.name)")
        }
    }
}
