import Foundation

/// Renders a ``ReportContent`` as one self-contained HTML page: inline CSS and inline SVG plots, nothing fetched
/// and no JavaScript, so the file can be mailed, archived or opened offline. Every user-provided string is
/// HTML-escaped. The output depends only on the content (no clock), so the same run gives the same page.
public enum ReportRenderer {
    /// The report page as HTML text.
    public static func html(_ content: ReportContent) -> String {
        var page = Page(content: content)
        page.build()
        return page.html
    }

    /// Renders `content` and writes it to `url` (normally `report.html`) atomically: a temporary file in the
    /// same directory is renamed over `url`, so a reader never sees half a report.
    /// - Throws: a file-system error; `url` is then unchanged.
    public static func write(_ content: ReportContent, to url: URL) throws {
        try AtomicFileWriter.write(html(content), to: url)
    }
}

/// Builds the page section by section. Internal.
private struct Page {
    let content: ReportContent
    var html = ""

    init(content: ReportContent) { self.content = content }

    private var models: [ReportModel] { content.models }
    private var primary: ReportModel? { content.models.first }

    mutating func build() {
        html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(e(content.title))</title>\n<style>\n\(ReportStyle.css)\n</style>\n</head>\n<body>\n<main>\n"
        header()
        notes()
        headline()
        runInformation()
        dataset()
        preprocessing()
        learningCurves()
        switch content.task {
        case .binary: binarySections()
        case .multiclass: multiclassSections()
        case .regression: regressionSections()
        }
        imageGallery()
        methods()
        html += "</main>\n</body>\n</html>\n"
    }

    // MARK: - Formatting

    private func e(_ text: String) -> String { htmlEscaped(text) }

    private func number(_ v: Double?, decimals: Int = 3) -> String {
        guard let v else { return "—" }
        return fixedPoint(v, decimals: decimals)
    }

    private func requestedResamples(_ model: ModelEvaluation) -> Int? {
        (model.binary?.bootstrap ?? model.multiclass?.bootstrap ?? model.regression?.bootstrap)?.resamples
    }

    /// "0.912 (0.874–0.945)" as a table cell; a dagger when fewer resamples than requested were usable.
    private func estimateCell(_ m: MetricEstimate, requested: Int?, decimals: Int = 3) -> String {
        guard let value = m.value else { return "<td class=\"num\" title=\"undefined on this split\">—</td>" }
        var cell = "<td class=\"num\">\(fixedPoint(value, decimals: decimals))"
        if let lo = m.lower, let hi = m.upper {
            cell += " <span class=\"ci\">(\(fixedPoint(lo, decimals: decimals))–\(fixedPoint(hi, decimals: decimals)))"
            if let requested, m.resamplesUsed < requested { cell += "†" }
            cell += "</span>"
        }
        return cell + "</td>"
    }

    private func modelHeader(_ model: ReportModel) -> String {
        "<th class=\"num\">\(e(model.name))\(model.evaluation.isBaseline ? " <span class=\"tag\">baseline</span>" : "")</th>"
    }

    private func className(_ index: Int) -> String {
        if index < content.classNames.count { return content.classNames[index] }
        if content.task == .binary { return index == 1 ? "positive" : "negative" }
        return "class \(index)"
    }

    private func plot(_ svg: String?) -> String {
        guard let svg else { return "" }
        return "<div class=\"plot\">\n\(svg)\n</div>\n"
    }

    // MARK: - Common sections

    private mutating func header() {
        let taskName: String
        switch content.task {
        case .binary: taskName = "Binary classification"
        case .multiclass: taskName = "Multiclass classification (\(max(content.classNames.count, models.first?.evaluation.multiclass?.classCount ?? 0)) classes)"
        case .regression: taskName = "Regression"
        }
        var rows = ""
        if let first = primary?.evaluation {
            let n = first.binary?.rowCount ?? first.multiclass?.rowCount ?? first.regression?.rowCount
            if let n { rows = " (n = \(n))" }
        }
        html += "<header>\n<h1>\(e(content.title))</h1>\n"
        html += "<p>\(taskName) · evaluated on the \(e(content.evaluationSplit)) split\(rows)</p>\n</header>\n"
    }

    private mutating func notes() {
        guard !content.notes.isEmpty else { return }
        html += "<section class=\"notes\">\n<h2>Notes</h2>\n<ul>\n"
        for note in content.notes { html += "<li>\(e(note))</li>\n" }
        html += "</ul>\n</section>\n"
    }

    private mutating func headline() {
        guard let model = primary else { return }
        var cards: [(String, MetricEstimate, Int)] = []
        if let b = model.evaluation.binary {
            cards = [("ROC AUC", b.rocAUC, 3), ("Sensitivity", b.sensitivity, 3), ("Specificity", b.specificity, 3),
                     ("Accuracy", b.accuracy, 3)]
        } else if let m = model.evaluation.multiclass {
            cards = [("Accuracy", m.accuracy, 3), ("Macro F1", m.macroF1, 3),
                     ("Macro ROC AUC (one-vs-rest)", m.macroROCAUC, 3)]
        } else if let r = model.evaluation.regression {
            cards = [("MAE", r.meanAbsoluteError, decimalsFor(r.meanAbsoluteError)),
                     ("RMSE", r.rootMeanSquaredError, decimalsFor(r.rootMeanSquaredError)), ("R²", r.r2, 3)]
        }
        guard !cards.isEmpty else { return }
        html += "<section>\n<h2>\(e(model.name)) at a glance</h2>\n<div class=\"cards\">\n"
        for (label, m, decimals) in cards {
            html += "<div class=\"card\"><div class=\"label\">\(label)</div>"
            html += "<div class=\"value\">\(number(m.value, decimals: decimals))</div>"
            if let lo = m.lower, let hi = m.upper {
                html += "<div class=\"ci\">95% CI \(fixedPoint(lo, decimals: decimals))–\(fixedPoint(hi, decimals: decimals))</div>"
            } else {
                html += "<div class=\"ci\">no interval</div>"
            }
            html += "</div>\n"
        }
        html += "</div>\n</section>\n"
    }

    /// Decimals for a value in target units: 3 significant-ish digits after the point for small values.
    private func decimalsFor(_ m: MetricEstimate) -> Int {
        guard let v = m.value.map(abs), v > 0 else { return 3 }
        if v >= 100 { return 1 }
        if v >= 10 { return 2 }
        if v >= 0.1 { return 3 }
        return 4
    }

    private mutating func runInformation() {
        guard !content.runInfo.isEmpty else { return }
        html += "<section>\n<h2>Run</h2>\n<table class=\"kv\">\n"
        for field in content.runInfo { html += "<tr><th>\(e(field.label))</th><td>\(e(field.value))</td></tr>\n" }
        html += "</table>\n</section>\n"
    }

    private mutating func dataset() {
        guard let d = content.dataset else { return }
        html += "<section>\n<h2>Data</h2>\n<div class=\"grid2\">\n<div>\n<table class=\"kv\">\n"
        if let source = d.source { html += "<tr><th>Source</th><td>\(e(source))</td></tr>\n" }
        html += "<tr><th>Rows</th><td>\(d.rows)</td></tr>\n<tr><th>Columns</th><td>\(d.columns)</td></tr>\n"
        html += "<tr><th>Target</th><td>\(e(d.target))</td></tr>\n"
        if let description = d.targetDescription { html += "<tr><th>Target values</th><td>\(e(description))</td></tr>\n" }
        html += "</table>\n"
        if !d.splits.isEmpty {
            let total = d.splits.reduce(0) { $0 + $1.rows }
            html += "<h3>Splits</h3>\n<table>\n<tr><th>Split</th><th class=\"num\">Rows</th><th class=\"num\">Share</th></tr>\n"
            for s in d.splits {
                let share = total > 0 ? formatPercent(Double(s.rows) / Double(total)) : "—"
                html += "<tr><td>\(e(s.name))</td><td class=\"num\">\(s.rows)</td><td class=\"num\">\(share)</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "</div>\n<div>\n"
        if !d.classBalance.isEmpty {
            let total = d.classBalance.reduce(0) { $0 + $1.count }
            let largest = d.classBalance.map(\.count).max() ?? 1
            html += "<h3 style=\"margin-top:0\">Class balance</h3>\n<table>\n"
            html += "<tr><th>Class</th><th class=\"num\">Rows</th><th>Share</th></tr>\n"
            for c in d.classBalance {
                let fraction = total > 0 ? Double(c.count) / Double(total) : 0
                let barWidth = largest > 0 ? Int((140 * Double(c.count) / Double(largest)).rounded()) : 0
                html += "<tr><td>\(e(c.label))</td><td class=\"num\">\(c.count)</td>"
                html += "<td><span class=\"bar\" style=\"width:\(barWidth)px\"></span>\(formatPercent(fraction))</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "</div>\n</div>\n</section>\n"
    }

    private mutating func preprocessing() {
        html += "<section>\n<h2>Preprocessing</h2>\n"
        if content.preprocessingLog.isEmpty {
            html += "<p class=\"explain\">No preprocessing steps were recorded.</p>\n"
        } else {
            html += "<ol class=\"log\">\n"
            for line in content.preprocessingLog { html += "<li>\(e(line))</li>\n" }
            html += "</ol>\n<p class=\"explain\">Fitted on the training split only and stored with the model, so "
                + "prediction replays exactly these steps.</p>\n"
        }
        html += "</section>\n"
    }

    private mutating func learningCurves() {
        guard let c = content.learningCurves, !(c.trainLoss.isEmpty && c.validationLoss.isEmpty) else { return }
        html += "<section>\n<h2>Learning curves</h2>\n<div class=\"grid2\">\n"
        html += "<div>\n" + plot(ReportCharts.learning(
            title: "Loss", yLabel: "Loss", train: c.trainLoss, validation: c.validationLoss, bestEpoch: c.bestEpoch,
            legendCorner: .topRight, includeZero: true)) + "</div>\n"
        if let name = c.metricName, !(c.trainMetric.isEmpty && c.validationMetric.isEmpty) {
            html += "<div>\n" + plot(ReportCharts.learning(
                title: name, yLabel: name, train: c.trainMetric, validation: c.validationMetric,
                bestEpoch: c.bestEpoch, legendCorner: .bottomRight, includeZero: false)) + "</div>\n"
        }
        html += "</div>\n"
        if let best = c.bestEpoch {
            html += "<p class=\"explain\">Early stopping kept the weights of epoch \(best) of "
                + "\(max(c.trainLoss.count, c.validationLoss.count)).</p>\n"
        }
        html += "</section>\n"
    }

    /// A metrics table: one row per metric, one column per model.
    private mutating func metricsTable(_ models: [ReportModel],
                                       rows: [(name: String, estimates: [MetricEstimate], decimals: Int)]) {
        html += "<table>\n<tr><th>Metric</th>" + models.map(modelHeader).joined() + "</tr>\n"
        for row in rows {
            html += "<tr><td>\(e(row.name))</td>"
            for (i, m) in row.estimates.enumerated() {
                html += estimateCell(m, requested: requestedResamples(models[i].evaluation), decimals: row.decimals)
            }
            html += "</tr>\n"
        }
        html += "</table>\n"
        let partial = rows.contains { row in
            row.estimates.enumerated().contains { i, m in
                m.hasInterval && m.resamplesUsed < (requestedResamples(models[i].evaluation) ?? 0)
            }
        }
        if partial {
            html += "<p class=\"explain\">† Interval from fewer resamples than requested: in the others the metric "
                + "was undefined (for example a resample without a positive row).</p>\n"
        }
    }

    // MARK: - Binary

    private mutating func binarySections() {
        // Only models evaluated for this task are shown (a mismatched one is left out rather than misdrawn).
        let models = self.models.filter { $0.evaluation.binary != nil }
        let evaluations = models.compactMap(\.evaluation.binary)
        guard !models.isEmpty else { return }
        html += "<section>\n<h2>Metrics on the \(e(content.evaluationSplit)) split</h2>\n"
        metricsTable(models, rows: BinaryMetric.allCases.map { metric in
            (metric.displayName + (metric.higherIsBetter ? "" : " (lower is better)"),
             evaluations.map { $0[metric] }, 3)
        })
        let positive = className(1)
        html += "<p class=\"explain\">Positive class: <strong>\(e(positive))</strong>. Threshold-dependent metrics "
            + "use the threshold below; ROC AUC, PR AUC, Brier score and calibration error do not depend on it.</p>\n"
        html += "</section>\n"

        html += "<section>\n<h2>Decision threshold</h2>\n"
        let threshold = content.threshold ?? ThresholdChoice.fixed(evaluations[0].threshold)
        html += "<div class=\"threshold-value\">\(e(formatThreshold(threshold.threshold)))</div>\n"
        html += "<p>\(e(threshold.explanation))</p>\n"
        html += "<p class=\"explain\">A row is predicted <strong>\(e(positive))</strong> when its predicted "
            + "probability is at or above the threshold. The same threshold is applied to every model.</p>\n"
        html += "</section>\n"

        html += "<section>\n<h2>Discrimination</h2>\n<div class=\"grid2\">\n"
        html += "<div>\n" + plot(ReportCharts.roc(models)) + "</div>\n"
        html += "<div>\n" + plot(ReportCharts.precisionRecall(models)) + "</div>\n</div>\n</section>\n"

        if let calibration = ReportCharts.calibration(models) {
            html += "<section>\n<h2>Calibration</h2>\n<div class=\"grid2\">\n<div>\n" + plot(calibration) + "</div>\n"
            html += "<div>\n<table>\n<tr><th>Bin</th>" + models.map(modelHeader).joined() + "</tr>\n"
            let binCount = models.compactMap { $0.binaryCurves?.reliability?.binCount }.max() ?? 0
            for b in 0..<binCount {
                let lower = ReliabilityCurve.edge(b, binCount: binCount)
                let upper = ReliabilityCurve.edge(b + 1, binCount: binCount)
                html += "<tr><td>\(fixedPoint(lower, decimals: 2))–\(fixedPoint(upper, decimals: 2))</td>"
                for model in models {
                    if let bin = model.binaryCurves?.reliability?.bins.first(where: { $0.index == b }) {
                        html += "<td class=\"num\">\(fixedPoint(bin.fractionPositive, decimals: 2)) "
                            + "<span class=\"ci\">(n = \(bin.count))</span></td>"
                    } else {
                        html += "<td class=\"num\">—</td>"
                    }
                }
                html += "</tr>\n"
            }
            html += "</table>\n<p class=\"explain\">Observed fraction positive per bin of predicted probability. "
                + "Points on the diagonal are perfectly calibrated; above it the model under-predicts risk, below "
                + "it over-predicts.</p>\n</div>\n</div>\n</section>\n"
        }

        html += "<section>\n<h2>Confusion matrix</h2>\n<div class=\"confusion-wrap\">\n"
        for (model, evaluation) in zip(models, evaluations) {
            binaryConfusion(name: model.name, matrix: evaluation.confusionMatrix)
        }
        html += "</div>\n<p class=\"explain\">Counts with the share of each actual class (row %).</p>\n</section>\n"
    }

    private mutating func binaryConfusion(name: String, matrix: BinaryConfusionMatrix) {
        let rows = [(className(0), [matrix.trueNegatives, matrix.falsePositives]),
                    (className(1), [matrix.falseNegatives, matrix.truePositives])]
        confusionTable(name: name, classLabels: [className(0), className(1)], rows: rows.map(\.1))
    }

    private mutating func confusionTable(name: String, classLabels: [String], rows: [[Int]]) {
        html += "<div>\n<h3>\(e(name))</h3>\n<table class=\"confusion\">\n<tr><th class=\"corner\">actual ↓ predicted →</th>"
        for label in classLabels { html += "<th class=\"num\">\(e(label))</th>" }
        html += "<th class=\"num\">Total</th></tr>\n"
        for (t, row) in rows.enumerated() {
            let total = row.reduce(0, +)
            html += "<tr><th>\(e(classLabels[t]))</th>"
            for (p, count) in row.enumerated() {
                let fraction = total > 0 ? Double(count) / Double(total) : 0
                let alpha = fixedPoint(0.08 + 0.62 * fraction, decimals: 2)
                let hue = t == p ? "27,107,176" : "192,57,43"
                html += "<td style=\"background:rgba(\(hue),\(alpha))\"><strong>\(count)</strong><br>"
                    + "<small>\(total > 0 ? formatPercent(fraction) : "—")</small></td>"
            }
            html += "<td class=\"num\">\(total)</td></tr>\n"
        }
        html += "</table>\n</div>\n"
    }

    // MARK: - Multiclass

    private mutating func multiclassSections() {
        let models = self.models.filter { $0.evaluation.multiclass != nil }
        let evaluations = models.compactMap(\.evaluation.multiclass)
        guard let first = evaluations.first else { return }
        html += "<section>\n<h2>Metrics on the \(e(content.evaluationSplit)) split</h2>\n"
        metricsTable(models, rows: first.summary.indices.map { i in
            (first.summary[i].name, evaluations.map { $0.summary[i].estimate }, 3)
        })
        html += "<p class=\"explain\">Macro averages weight every class equally, weighted averages by support; an "
            + "undefined per-class value counts as 0 in both.</p>\n</section>\n"

        html += "<section>\n<h2>Per class</h2>\n"
        for (model, evaluation) in zip(models, evaluations) {
            let requested = evaluation.bootstrap?.resamples
            html += "<h3>\(e(model.name))</h3>\n<table>\n<tr><th>Class</th><th class=\"num\">Precision</th>"
                + "<th class=\"num\">Recall</th><th class=\"num\">F1</th><th class=\"num\">ROC AUC (one-vs-rest)</th>"
                + "<th class=\"num\">Support</th></tr>\n"
            for c in evaluation.perClass {
                html += "<tr><td>\(e(className(c.classIndex)))</td>"
                html += estimateCell(c.precision, requested: requested) + estimateCell(c.recall, requested: requested)
                html += estimateCell(c.f1, requested: requested) + estimateCell(c.rocAUC, requested: requested)
                html += "<td class=\"num\">\(c.support)</td></tr>\n"
            }
            html += "<tr><th>Macro average</th>" + estimateCell(evaluation.macroPrecision, requested: requested)
                + estimateCell(evaluation.macroRecall, requested: requested)
                + estimateCell(evaluation.macroF1, requested: requested)
                + estimateCell(evaluation.macroROCAUC, requested: requested)
                + "<td class=\"num\">\(evaluation.rowCount)</td></tr>\n"
            html += "<tr><th>Weighted average</th>" + estimateCell(evaluation.weightedPrecision, requested: requested)
                + estimateCell(evaluation.weightedRecall, requested: requested)
                + estimateCell(evaluation.weightedF1, requested: requested)
                + "<td class=\"num\"></td><td class=\"num\">\(evaluation.rowCount)</td></tr>\n</table>\n"
        }
        html += "</section>\n"

        html += "<section>\n<h2>Confusion matrix</h2>\n<div class=\"confusion-wrap\">\n"
        for (model, evaluation) in zip(models, evaluations) {
            confusionTable(name: model.name, classLabels: (0..<evaluation.classCount).map(className),
                           rows: evaluation.confusionMatrix)
        }
        html += "</div>\n<p class=\"explain\">Counts with the share of each actual class (row %).</p>\n</section>\n"
    }

    // MARK: - Regression

    private mutating func regressionSections() {
        let models = self.models.filter { $0.evaluation.regression != nil }
        let evaluations = models.compactMap(\.evaluation.regression)
        guard let first = evaluations.first else { return }
        html += "<section>\n<h2>Metrics on the \(e(content.evaluationSplit)) split</h2>\n"
        let decimals = [decimalsFor(first.meanAbsoluteError), decimalsFor(first.rootMeanSquaredError), 3]
        metricsTable(models, rows: first.summary.indices.map { i in
            (first.summary[i].name + (i < 2 ? " (lower is better)" : ""),
             evaluations.map { $0.summary[i].estimate }, decimals[i])
        })
        html += "<p class=\"explain\">MAE and RMSE are in the target's units. R² is 1 for perfect predictions and 0 "
            + "for always predicting the mean.</p>\n</section>\n"
        let target = content.dataset?.target ?? "value"
        let plots = models.enumerated().compactMap { ReportCharts.scatter($1, index: $0, target: target) }
        if !plots.isEmpty {
            html += "<section>\n<h2>Predicted vs actual</h2>\n<div class=\"grid2\">\n"
            for svg in plots { html += "<div>\n" + plot(svg) + "</div>\n" }
            html += "</div>\n</section>\n"
        }
    }

    // MARK: - Image gallery

    private mutating func imageGallery() {
        guard let gallery = content.imageGallery, !gallery.tiles.isEmpty else { return }
        html += "<section>\n<h2>Example \(e(content.evaluationSplit)) images</h2>\n"
        html += "<p class=\"explain\">\(e(gallery.explanation))</p>\n"
        for (title, correct) in [("Correct predictions", true), ("Wrong predictions", false)] {
            let tiles = gallery.tiles.filter { $0.correct == correct }
            guard !tiles.isEmpty else { continue }
            html += "<h3>\(title)</h3>\n<div class=\"gallery\">\n"
            for t in tiles {
                html += "<figure class=\"\(correct ? "right" : "wrong")\">"
                // Data URIs are made by Galen's PNG encoder; escaping keeps a foreign value from breaking out.
                html += "<img src=\"\(e(t.image))\" alt=\"image \(t.index)\">"
                if let heat = t.heatMap { html += "<img src=\"\(e(heat))\" alt=\"heat map of image \(t.index)\">" }
                html += "<figcaption>#\(t.index): actual \(e(t.actual)), predicted \(e(t.predicted)) "
                    + "(\(fixedPoint(t.confidence * 100, decimals: 0))%)</figcaption></figure>\n"
            }
            html += "</div>\n"
        }
        html += "</section>\n"
    }

    // MARK: - Methods

    private mutating func methods() {
        var lines: [String] = []
        if let options = models.lazy.compactMap({ m in
            m.evaluation.binary?.bootstrap ?? m.evaluation.multiclass?.bootstrap ?? m.evaluation.regression?.bootstrap
        }).first {
            lines.append("Intervals are \(formatPercent(options.confidenceLevel).replacingOccurrences(of: ".0%", with: "%")) percentile "
                         + "bootstrap intervals from \(options.resamples) resamples of the rows (seed \(options.seed)).")
        } else {
            lines.append("No confidence intervals were computed.")
        }
        if content.task == .binary {
            lines.append("ROC AUC counts ties as one half; PR AUC is average precision; calibration uses "
                         + "\(models.first?.evaluation.binary?.calibrationBins ?? 10) equal-width probability bins.")
        }
        html += "<footer>\n"
        for line in lines { html += "<p>\(e(line))</p>\n" }
        html += "<p>Generated by Galen. This page is self-contained: it loads no external resources.</p>\n"
        html += "</footer>\n"
    }
}
