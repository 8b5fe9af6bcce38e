// Small helpers that draw line and scatter plots as inline SVG for the HTML report: linear scales, "nice" axis
// ticks, grid and axes, polylines, markers, reference lines and a legend. Pure string building; no JavaScript,
// fonts or images are referenced, so the page stays self-contained.

/// A linear map from a data interval onto a pixel interval.
struct LinearScale {
    var domainLower: Double, domainUpper: Double
    var rangeLower: Double, rangeUpper: Double

    /// The pixel position of data value `v` (values outside the domain map outside the range).
    func callAsFunction(_ v: Double) -> Double {
        let span = domainUpper - domainLower
        guard span != 0 else { return (rangeLower + rangeUpper) / 2 }
        return rangeLower + (v - domainLower) / span * (rangeUpper - rangeLower)
    }
}

/// About `target` evenly spaced round values (steps of 1, 2 or 5 × 10ᵏ) covering `[lower, upper]`.
func niceTicks(lower: Double, upper: Double, target: Int = 5) -> (ticks: [Double], step: Double) {
    guard lower.isFinite, upper.isFinite, upper > lower else { return ([lower], 1) }
    let raw = (upper - lower) / Double(max(1, target))
    var magnitude = 1.0
    while magnitude * 10 <= raw { magnitude *= 10 }
    while magnitude > raw { magnitude /= 10 }
    // Round the raw step to the nearest of 1, 2, 5, 10 on a log scale (the thresholds are √2, √10, √50).
    let ratio = raw / magnitude
    let step = magnitude * (ratio >= 7.07 ? 10 : ratio >= 3.16 ? 5 : ratio >= 1.41 ? 2 : 1)
    var ticks: [Double] = []
    var k = (lower / step).rounded(.up)
    while k * step <= upper + step * 1e-9 {
        let v = k * step
        ticks.append(abs(v) < step * 1e-9 ? 0 : v)
        k += 1
    }
    return (ticks, step)
}

/// A domain padded to nice tick boundaries around `values` (a unit interval around a single value).
func niceDomain(_ values: [Double], includeZero: Bool = false) -> (lower: Double, upper: Double) {
    let finite = values.filter(\.isFinite)
    guard var lo = finite.min(), var hi = finite.max() else { return (0, 1) }
    if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
    if hi - lo < 1e-12 { lo -= 0.5; hi += 0.5 }
    let step = niceTicks(lower: lo, upper: hi).step
    return ((lo / step).rounded(.down) * step, (hi / step).rounded(.up) * step)
}

/// A tick label with as many decimals as the tick step needs.
func tickLabel(_ value: Double, step: Double) -> String {
    var decimals = 0
    var s = step
    while s < 0.999_999 && decimals < 6 { s *= 10; decimals += 1 }
    return fixedPoint(value, decimals: decimals)
}

/// A number for an SVG attribute: two decimals, no exponent.
func svgNumber(_ v: Double) -> String {
    fixedPoint(v.isFinite ? v : 0, decimals: 2)
}

/// Corner of the plot area where the legend is drawn.
enum LegendCorner { case topLeft, topRight, bottomLeft, bottomRight }

/// One entry of a plot's legend.
struct LegendEntry {
    var label: String
    var color: String
    var dash: String?
    var marker: Bool
    /// Whether the swatch shows a line (false: a dot alone, for scatter plots).
    var line: Bool = true
}

/// A two-dimensional plot with axes, grid, series and legend, rendered as an `<svg>` element.
struct SVGPlot {
    let width: Double
    let height: Double
    let title: String
    let xLabel: String
    let yLabel: String
    let x: LinearScale
    let y: LinearScale
    var legendCorner: LegendCorner = .bottomRight
    private(set) var body: [String] = []
    private(set) var legend: [LegendEntry] = []
    private let plotLeft: Double, plotRight: Double, plotTop: Double, plotBottom: Double

    /// A plot of `xDomain × yDomain` in a `width × height` pixel box.
    init(title: String, xLabel: String, yLabel: String, xDomain: (Double, Double), yDomain: (Double, Double),
         width: Double = 520, height: Double = 380) {
        self.width = width
        self.height = height
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        plotLeft = 64; plotRight = width - 18; plotTop = 36; plotBottom = height - 52
        x = LinearScale(domainLower: xDomain.0, domainUpper: xDomain.1, rangeLower: plotLeft, rangeUpper: plotRight)
        y = LinearScale(domainLower: yDomain.0, domainUpper: yDomain.1, rangeLower: plotBottom, rangeUpper: plotTop)
    }

    /// Pixel coordinates of the data points, dropping points closer than half a pixel to the last kept one
    /// (long curves stay small) and always keeping the first and last.
    private func pixels(_ xs: [Double], _ ys: [Double]) -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        let n = min(xs.count, ys.count)
        for i in 0..<n where xs[i].isFinite && ys[i].isFinite {
            let p = (x(xs[i]), y(ys[i]))
            if let last = out.last, i != n - 1, abs(p.0 - last.0) < 0.5 && abs(p.1 - last.1) < 0.5 { continue }
            out.append(p)
        }
        return out
    }

    /// A connected line through the points, optionally dashed (SVG `stroke-dasharray`, e.g. "6 4") and
    /// listed in the legend under `label`.
    mutating func line(xs: [Double], ys: [Double], color: String, width: Double = 2.2, dash: String? = nil,
                       label: String? = nil, markers: Bool = false) {
        let points = pixels(xs, ys)
        guard !points.isEmpty else { return }
        let list = points.map { "\(svgNumber($0.0)),\(svgNumber($0.1))" }.joined(separator: " ")
        let dashAttribute = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        body.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(svgNumber(width))\""
                    + " stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dashAttribute)/>")
        if markers {
            for p in points {
                body.append("<circle cx=\"\(svgNumber(p.0))\" cy=\"\(svgNumber(p.1))\" r=\"3.2\" fill=\"\(color)\""
                            + " stroke=\"#fff\" stroke-width=\"1\"/>")
            }
        }
        if let label { legend.append(LegendEntry(label: label, color: color, dash: dash, marker: markers)) }
    }

    /// Unconnected dots (a scatter plot), listed in the legend under `label`.
    mutating func dots(xs: [Double], ys: [Double], color: String, radius: Double = 2.6, opacity: Double = 0.55,
                       label: String? = nil) {
        for p in pixels(xs, ys) {
            body.append("<circle cx=\"\(svgNumber(p.0))\" cy=\"\(svgNumber(p.1))\" r=\"\(svgNumber(radius))\""
                        + " fill=\"\(color)\" fill-opacity=\"\(svgNumber(opacity))\"/>")
        }
        if let label { legend.append(LegendEntry(label: label, color: color, dash: nil, marker: true, line: false)) }
    }

    /// A thin straight reference line between two data points (a chance diagonal, a prevalence level).
    mutating func referenceLine(from a: (Double, Double), to b: (Double, Double), color: String = "#8a8f98",
                                dash: String = "5 4", label: String? = nil) {
        body.append("<line x1=\"\(svgNumber(x(a.0)))\" y1=\"\(svgNumber(y(a.1)))\" x2=\"\(svgNumber(x(b.0)))\""
                    + " y2=\"\(svgNumber(y(b.1)))\" stroke=\"\(color)\" stroke-width=\"1.4\""
                    + " stroke-dasharray=\"\(dash)\"/>")
        if let label { legend.append(LegendEntry(label: label, color: color, dash: dash, marker: false)) }
    }

    /// A dotted vertical line at data value `at` spanning the plot, listed in the legend under `label` (a label
    /// in the legend cannot collide with the curves).
    mutating func verticalMarker(at value: Double, label: String, color: String = "#6b7280") {
        let px = svgNumber(x(value))
        body.append("<line x1=\"\(px)\" y1=\"\(svgNumber(plotTop))\" x2=\"\(px)\" y2=\"\(svgNumber(plotBottom))\""
                    + " stroke=\"\(color)\" stroke-width=\"1.4\" stroke-dasharray=\"2 3\"/>")
        legend.append(LegendEntry(label: label, color: color, dash: "2 3", marker: false))
    }

    /// Approximate rendered width of `text` at `fontSize` px in a sans-serif font.
    private func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.56
    }

    /// Grid, axes with tick labels, axis titles and plot title.
    private func frame() -> [String] {
        var out: [String] = []
        out.append("<rect x=\"\(svgNumber(plotLeft))\" y=\"\(svgNumber(plotTop))\""
                   + " width=\"\(svgNumber(plotRight - plotLeft))\" height=\"\(svgNumber(plotBottom - plotTop))\""
                   + " fill=\"#fbfcfd\" stroke=\"#c9ced6\"/>")
        let xTicks = niceTicks(lower: x.domainLower, upper: x.domainUpper, target: 5)
        for t in xTicks.ticks {
            let px = svgNumber(x(t))
            out.append("<line x1=\"\(px)\" y1=\"\(svgNumber(plotTop))\" x2=\"\(px)\" y2=\"\(svgNumber(plotBottom))\""
                       + " stroke=\"#e6e9ee\"/>")
            out.append("<line x1=\"\(px)\" y1=\"\(svgNumber(plotBottom))\" x2=\"\(px)\""
                       + " y2=\"\(svgNumber(plotBottom + 5))\" stroke=\"#6b7280\"/>")
            out.append("<text x=\"\(px)\" y=\"\(svgNumber(plotBottom + 18))\" font-size=\"11\" fill=\"#4b5563\""
                       + " text-anchor=\"middle\">\(tickLabel(t, step: xTicks.step))</text>")
        }
        let yTicks = niceTicks(lower: y.domainLower, upper: y.domainUpper, target: 5)
        for t in yTicks.ticks {
            let py = svgNumber(y(t))
            out.append("<line x1=\"\(svgNumber(plotLeft))\" y1=\"\(py)\" x2=\"\(svgNumber(plotRight))\" y2=\"\(py)\""
                       + " stroke=\"#e6e9ee\"/>")
            out.append("<line x1=\"\(svgNumber(plotLeft - 5))\" y1=\"\(py)\" x2=\"\(svgNumber(plotLeft))\""
                       + " y2=\"\(py)\" stroke=\"#6b7280\"/>")
            out.append("<text x=\"\(svgNumber(plotLeft - 8))\" y=\"\(py)\" dy=\"0.35em\" font-size=\"11\""
                       + " fill=\"#4b5563\" text-anchor=\"end\">\(tickLabel(t, step: yTicks.step))</text>")
        }
        out.append("<text x=\"\(svgNumber((plotLeft + plotRight) / 2))\" y=\"\(svgNumber(height - 12))\""
                   + " font-size=\"12.5\" fill=\"#1f2937\" text-anchor=\"middle\">\(htmlEscaped(xLabel))</text>")
        let midY = svgNumber((plotTop + plotBottom) / 2)
        out.append("<text x=\"16\" y=\"\(midY)\" font-size=\"12.5\" fill=\"#1f2937\" text-anchor=\"middle\""
                   + " transform=\"rotate(-90 16 \(midY))\">\(htmlEscaped(yLabel))</text>")
        out.append("<text x=\"\(svgNumber(plotLeft))\" y=\"22\" font-size=\"14\" font-weight=\"600\""
                   + " fill=\"#111827\">\(htmlEscaped(title))</text>")
        return out
    }

    /// The legend box in ``legendCorner``.
    private func legendBox() -> [String] {
        guard !legend.isEmpty else { return [] }
        let fontSize = 11.5, rowHeight = 17.0, swatch = 22.0, pad = 8.0
        let boxWidth = pad * 2 + swatch + 6 + (legend.map { textWidth($0.label, fontSize: fontSize) }.max() ?? 0)
        let boxHeight = pad * 2 + rowHeight * Double(legend.count) - 4
        let left: Double, top: Double
        switch legendCorner {
        case .topLeft: left = plotLeft + 8; top = plotTop + 8
        case .topRight: left = plotRight - 8 - boxWidth; top = plotTop + 8
        case .bottomLeft: left = plotLeft + 8; top = plotBottom - 8 - boxHeight
        case .bottomRight: left = plotRight - 8 - boxWidth; top = plotBottom - 8 - boxHeight
        }
        var out = ["<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(boxWidth))\""
                   + " height=\"\(svgNumber(boxHeight))\" rx=\"4\" fill=\"#ffffff\" fill-opacity=\"0.92\""
                   + " stroke=\"#d1d5db\"/>"]
        for (i, entry) in legend.enumerated() {
            let cy = top + pad + rowHeight * Double(i) + 5
            let x0 = left + pad
            let dash = entry.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            if entry.marker {
                if entry.line {
                    out.append("<line x1=\"\(svgNumber(x0))\" y1=\"\(svgNumber(cy))\" x2=\"\(svgNumber(x0 + swatch))\""
                               + " y2=\"\(svgNumber(cy))\" stroke=\"\(entry.color)\" stroke-width=\"2\"\(dash)/>")
                }
                out.append("<circle cx=\"\(svgNumber(x0 + swatch / 2))\" cy=\"\(svgNumber(cy))\" r=\"3.2\""
                           + " fill=\"\(entry.color)\"/>")
            } else {
                out.append("<line x1=\"\(svgNumber(x0))\" y1=\"\(svgNumber(cy))\" x2=\"\(svgNumber(x0 + swatch))\""
                           + " y2=\"\(svgNumber(cy))\" stroke=\"\(entry.color)\" stroke-width=\"2.2\"\(dash)/>")
            }
            out.append("<text x=\"\(svgNumber(x0 + swatch + 6))\" y=\"\(svgNumber(cy))\" dy=\"0.35em\""
                       + " font-size=\"\(svgNumber(fontSize))\" fill=\"#1f2937\">\(htmlEscaped(entry.label))</text>")
        }
        return out
    }

    /// The complete `<svg>` element; it scales to its container's width, keeping its aspect ratio.
    func render(accessibleDescription: String? = nil) -> String {
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(height))\""
                     + " role=\"img\" aria-label=\"\(htmlEscaped(accessibleDescription ?? title))\""
                     + " font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif\">"]
        parts += frame()
        parts += body
        parts += legendBox()
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
