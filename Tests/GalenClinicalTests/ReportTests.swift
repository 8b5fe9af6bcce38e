import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import GalenClinical

@Suite struct ReportTests {
    /// Every `<svg>…</svg>` element of `html`.
    func svgElements(_ html: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            out.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return out
    }

    func isWellFormedXML(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }

    @Test func binaryReportHasEverySectionAndIsSelfContained() throws {
        let content = try SampleReports.binary()
        let html = ReportRenderer.html(content)
        for expected in ["<h2>Data</h2>", "<h2>Preprocessing</h2>", "<h2>Learning curves</h2>",
                         "ROC curve", "Precision–recall curve", "Calibration (reliability diagram)",
                         "<h2>Confusion matrix</h2>", "<h2>Decision threshold</h2>", "Youden",
                         "Logistic regression", "baseline", "Sensitivity (recall)", "Brier score",
                         "Perfect calibration", "Chance", "Kept: epoch 31", "M (malignant)"] {
            #expect(html.contains(expected), "missing \(expected)")
        }
        // Nothing is fetched: no scripts, links, images, imports or URLs except the SVG namespace name.
        for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "@import", "url("] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        let urls = html.components(separatedBy: "http").count - 1
        let namespaces = html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1
        #expect(urls == namespaces)
        let svgs = svgElements(html)
        #expect(svgs.count == 5)   // loss, metric, ROC, PR, calibration
        for svg in svgs { #expect(isWellFormedXML(svg)) }
    }

    @Test func metricsWithIntervalsAppearForEveryModel() throws {
        let content = try SampleReports.binary()
        let html = ReportRenderer.html(content)
        for model in content.models {
            let auc = try #require(model.evaluation.binary?.rocAUC)
            let cell = "\(fixedPoint(auc.value!, decimals: 3)) <span class=\"ci\">(\(fixedPoint(auc.lower!, decimals: 3))–"
                + "\(fixedPoint(auc.upper!, decimals: 3)))"
            #expect(html.contains(cell), "\(model.name)")
            let m = try #require(model.evaluation.binary?.confusionMatrix)
            #expect(html.contains("<strong>\(m.truePositives)</strong>"))
        }
    }

    @Test func userStringsAreEscaped() throws {
        var content = try SampleReports.binary()
        content.title = "<script>alert('x')</script> & \"quotes\""
        content.classNames = ["<b>neg</b>", "pos"]
        content.runInfo.append(ReportField("<i>label</i>", "a < b > c"))
        content.models[0].evaluation.name = "Net <img src=x>"
        let html = ReportRenderer.html(content)
        #expect(!html.contains("<script>") && !html.contains("<b>neg") && !html.contains("<i>label")
                && !html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("Net &lt;img src=x&gt;"))
        for svg in svgElements(html) { #expect(isWellFormedXML(svg)) }
        #expect(htmlEscaped("a&b<c>\"d'") == "a&amp;b&lt;c&gt;&quot;d&#39;")
    }

    @Test func multiclassReportShowsPerClassTablesAndMatrix() throws {
        let html = ReportRenderer.html(try SampleReports.multiclass())
        #expect(html.contains("<h2>Per class</h2>") && html.contains("Macro average") && html.contains("Weighted average"))
        #expect(html.contains("Multiclass classification (3 classes)"))
        #expect(html.contains("<th class=\"num\">medium</th>"))
        #expect(!html.contains("Decision threshold"))
        for svg in svgElements(html) { #expect(isWellFormedXML(svg)) }
    }

    @Test func regressionReportShowsScatterPlots() throws {
        let html = ReportRenderer.html(try SampleReports.regression())
        #expect(html.contains("predicted vs actual") && html.contains("Perfect prediction"))
        #expect(html.contains("R²") && html.contains("RMSE (lower is better)"))
        let svgs = svgElements(html)
        #expect(svgs.count == 3)   // loss + two scatter plots
        for svg in svgs { #expect(isWellFormedXML(svg)) }
    }

    @Test func aModelOfAnotherTaskIsLeftOutNotMisdrawn() throws {
        var content = try SampleReports.binary()
        content.models.append(try SampleReports.regression().models[0])
        content.models[2].evaluation.name = "Stray regression model"
        let html = ReportRenderer.html(content)
        #expect(!html.contains("Stray regression model") && html.contains("Logistic regression"))
        let empty = ReportContent(title: "Nothing evaluated", task: .binary, models: [])
        #expect(ReportRenderer.html(empty).contains("Nothing evaluated"))
    }

    @Test func renderingIsDeterministic() throws {
        #expect(ReportRenderer.html(try SampleReports.binary()) == ReportRenderer.html(try SampleReports.binary()))
    }

    @Test func reportContentRoundTripsThroughJSON() throws {
        let content = try SampleReports.binary()
        let decoded = try JSONDecoder().decode(ReportContent.self, from: JSONEncoder().encode(content))
        #expect(decoded == content)
    }

    @Test func filesAreWrittenAtomicallyAndMetricsJSONReadsBack() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("galen-clinical-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let content = try SampleReports.binary()
        let reportURL = directory.appendingPathComponent("report.html")
        let metricsURL = directory.appendingPathComponent("metrics.json")
        try ReportRenderer.write(content, to: reportURL)
        try content.metricsDocument.write(to: metricsURL)
        // Overwriting replaces the file whole.
        try ReportRenderer.write(content, to: reportURL)
        #expect(try String(contentsOf: reportURL, encoding: .utf8) == ReportRenderer.html(content))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
                == ["metrics.json", "report.html"])
        let document = try MetricsDocument.read(from: metricsURL)
        #expect(document == content.metricsDocument)
        #expect(document.models.count == 2 && document.threshold == content.threshold)
        let text = try String(contentsOf: metricsURL, encoding: .utf8)
        #expect(text.contains("\"rocAUC\"") && text.contains("\"resamplesUsed\" : 1000"))

        let missing = directory.appendingPathComponent("no-such-dir/report.html")
        #expect(throws: (any Error).self) { try ReportRenderer.write(content, to: missing) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 2)
    }

    @Test func niceTicksAreRoundAndCoverTheRange() {
        let t = niceTicks(lower: 0, upper: 1)
        #expect(t.step == 0.2 && t.ticks.count == 6 && t.ticks.last! == 1)
        let u = niceTicks(lower: 78, upper: 181)
        #expect(u.step == 20 && u.ticks == [80, 100, 120, 140, 160, 180])
        #expect(tickLabel(0.4, step: 0.2) == "0.4" && tickLabel(120, step: 20) == "120")
        let d = niceDomain([0.13, 0.71])
        #expect(d.lower == 0.1 && d.upper == 0.8)
        #expect(niceDomain([]) == (0, 1) && niceDomain([5, 5]).lower < 5)
    }

    /// Writes the three sample reports for a person (or `scripts/render_report.sh`) to look at when
    /// `GALEN_SAMPLE_REPORT_DIR` is set.
    @Test func writeSampleReportsWhenAsked() throws {
        guard let path = ProcessInfo.processInfo.environment["GALEN_SAMPLE_REPORT_DIR"] else { return }
        let directory = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, content) in [("binary", try SampleReports.binary()), ("multiclass", try SampleReports.multiclass()),
                                ("regression", try SampleReports.regression())] {
            try ReportRenderer.write(content, to: directory.appendingPathComponent("\(name)-report.html"))
            try content.metricsDocument.write(to: directory.appendingPathComponent("\(name)-metrics.json"))
        }
    }
}
