/// The report's plots, each an inline `<svg>` built with ``SVGPlot``; `nil` when there is nothing to draw.
enum ReportCharts {
    /// Series colours: the delivered model first, baselines after (colour-blind-safe, distinct in grey).
    static let palette = ["#1b6bb0", "#e07b00", "#2e9e5b", "#8e44ad", "#c0392b", "#5d6d7e"]

    /// The colour of the `index`-th model.
    static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// ROC curves of every model that has one, with the chance diagonal.
    static func roc(_ models: [ReportModel]) -> String? {
        var plot = SVGPlot(title: "ROC curve", xLabel: "False-positive rate (1 − specificity)",
                           yLabel: "True-positive rate (sensitivity)", xDomain: (0, 1), yDomain: (0, 1))
        plot.legendCorner = .bottomRight
        var drawn = false
        for (i, model) in models.enumerated() {
            guard let curve = model.binaryCurves?.roc else { continue }
            let auc = model.evaluation.binary?.rocAUC.value ?? curve.area
            plot.line(xs: curve.falsePositiveRates, ys: curve.truePositiveRates, color: color(i),
                      label: "\(model.name) (AUC \(fixedPoint(auc, decimals: 3)))")
            drawn = true
        }
        guard drawn else { return nil }
        plot.referenceLine(from: (0, 0), to: (1, 1), label: "Chance")
        return plot.render(accessibleDescription: "ROC curves of the models with the chance diagonal")
    }

    /// Precision–recall curves drawn as steps (their area is the average precision), with the no-skill level.
    static func precisionRecall(_ models: [ReportModel]) -> String? {
        var plot = SVGPlot(title: "Precision–recall curve", xLabel: "Recall (sensitivity)",
                           yLabel: "Precision (PPV)", xDomain: (0, 1), yDomain: (0, 1))
        plot.legendCorner = .bottomLeft
        var prevalence: Double?
        for (i, model) in models.enumerated() {
            guard let curves = model.binaryCurves, let curve = curves.precisionRecall else { continue }
            prevalence = prevalence ?? curves.prevalence
            var xs = [curve.recalls[0]], ys = [curve.precisions[0]]
            for k in 1..<curve.recalls.count {
                xs += [curve.recalls[k - 1], curve.recalls[k]]
                ys += [curve.precisions[k], curve.precisions[k]]
            }
            let ap = model.evaluation.binary?.prAUC.value ?? curve.averagePrecision
            plot.line(xs: xs, ys: ys, color: color(i), label: "\(model.name) (AP \(fixedPoint(ap, decimals: 3)))")
        }
        guard let level = prevalence else { return nil }
        plot.referenceLine(from: (0, level), to: (1, level),
                           label: "No skill (prevalence \(fixedPoint(level, decimals: 3)))")
        return plot.render(accessibleDescription: "Precision-recall curves of the models")
    }

    /// Reliability diagram: observed positive fraction against mean predicted probability per bin.
    static func calibration(_ models: [ReportModel]) -> String? {
        var plot = SVGPlot(title: "Calibration (reliability diagram)", xLabel: "Mean predicted probability",
                           yLabel: "Observed fraction positive", xDomain: (0, 1), yDomain: (0, 1))
        plot.legendCorner = .topLeft
        var drawn = false
        for (i, model) in models.enumerated() {
            guard let curve = model.binaryCurves?.reliability, !curve.bins.isEmpty else { continue }
            let ece = model.evaluation.binary?.expectedCalibrationError.value ?? curve.expectedCalibrationError
            plot.line(xs: curve.bins.map(\.meanPredicted), ys: curve.bins.map(\.fractionPositive), color: color(i),
                      width: 1.8, label: "\(model.name) (ECE \(fixedPoint(ece, decimals: 3)))", markers: true)
            drawn = true
        }
        guard drawn else { return nil }
        plot.referenceLine(from: (0, 0), to: (1, 1), label: "Perfect calibration")
        return plot.render(accessibleDescription: "Reliability diagram with the diagonal of perfect calibration")
    }

    /// One learning-curve panel: a training and a validation series per epoch.
    static func learning(title: String, yLabel: String, train: [Double], validation: [Double], bestEpoch: Int?,
                         legendCorner: LegendCorner, includeZero: Bool) -> String? {
        let epochs = max(train.count, validation.count)
        guard epochs > 0 else { return nil }
        let domain = niceDomain(train + validation, includeZero: includeZero)
        var plot = SVGPlot(title: title, xLabel: "Epoch", yLabel: yLabel,
                           xDomain: (1, Double(max(epochs, 2))), yDomain: (domain.lower, domain.upper))
        plot.legendCorner = legendCorner
        if !train.isEmpty {
            plot.line(xs: (1...train.count).map(Double.init), ys: train, color: color(0), width: 2, label: "Training")
        }
        if !validation.isEmpty {
            plot.line(xs: (1...validation.count).map(Double.init), ys: validation, color: color(1), width: 2,
                      dash: "7 4", label: "Validation")
        }
        if let best = bestEpoch, best >= 1, best <= epochs {
            plot.verticalMarker(at: Double(best), label: "Kept: epoch \(best)")
        }
        return plot.render(accessibleDescription: "\(title) per epoch")
    }

    /// Predicted against actual values of one regression model, with the identity line.
    static func scatter(_ model: ReportModel, index: Int, target: String) -> String? {
        guard let points = model.regressionScatter, !points.actual.isEmpty else { return nil }
        let domain = niceDomain(points.actual + points.predicted)
        var plot = SVGPlot(title: "\(model.name): predicted vs actual", xLabel: "Actual \(target)",
                           yLabel: "Predicted \(target)", xDomain: (domain.lower, domain.upper),
                           yDomain: (domain.lower, domain.upper))
        plot.legendCorner = .topLeft
        let shown = points.actual.count < points.totalRows
            ? "\(points.actual.count) of \(points.totalRows) rows" : "\(points.totalRows) rows"
        plot.dots(xs: points.actual, ys: points.predicted, color: color(index), label: shown)
        plot.referenceLine(from: (domain.lower, domain.lower), to: (domain.upper, domain.upper),
                           label: "Perfect prediction")
        return plot.render(accessibleDescription: "Scatter plot of predicted against actual values")
    }
}
