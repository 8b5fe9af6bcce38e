import GalenClinical

/// Plain-text table of the evaluated models' metrics with 95% intervals, for the terminal.
enum MetricsSummary {
    static func text(_ models: [ReportModel]) -> String {
        guard let first = models.first?.evaluation else { return "" }
        var names: [String] = []
        if first.binary != nil { names = BinaryMetric.allCases.map(\.displayName) }
        else if let m = first.multiclass { names = m.summary.map(\.name) }
        else if let r = first.regression { names = r.summary.map(\.name) }
        func estimates(_ e: ModelEvaluation) -> [MetricEstimate] {
            if let b = e.binary { return BinaryMetric.allCases.map { b[$0] } }
            if let m = e.multiclass { return m.summary.map(\.estimate) }
            if let r = e.regression { return r.summary.map(\.estimate) }
            return []
        }
        func cell(_ m: MetricEstimate) -> String {
            guard let v = m.value else { return "undefined" }
            if let lo = m.lower, let hi = m.upper { return String(format: "%.3f (%.3f–%.3f)", v, lo, hi) }
            return String(format: "%.3f", v)
        }
        let columns = models.map { estimates($0.evaluation).map(cell) }
        let nameWidth = max(names.map(\.count).max() ?? 0, 6)
        let widths = zip(models, columns).map { m, c in max(shortName(m.name).count, c.map(\.count).max() ?? 0) }
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        var lines = [pad("metric", nameWidth) + "  " + zip(models, widths).map { pad(shortName($0.name), $1) }.joined(separator: "  ")]
        for (i, n) in names.enumerated() {
            lines.append(pad(n, nameWidth) + "  " + zip(columns, widths).map { pad(i < $0.count ? $0[i] : "", $1) }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    static func shortName(_ name: String) -> String {
        if name.hasPrefix("Network") { return "network" }
        if name.contains("baseline") { return "baseline" }
        return name
    }
}
