// Locale-independent number formatting for reports, logs and explanations.

/// A threshold printed with up to 4 significant decimals.
func formatThreshold(_ value: Double) -> String {
    formatNumber(value, decimals: 4)
}

/// A fraction as a percentage with one decimal, e.g. "95.2%".
func formatPercent(_ fraction: Double) -> String {
    formatNumber(fraction * 100, decimals: 1) + "%"
}

/// `value` rounded to `decimals` places, without trailing zeros beyond one decimal, in C locale.
func formatNumber(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = fixedPoint(rounded, decimals: decimals)
    if decimals > 1, text.contains(".") {
        while text.hasSuffix("0") && !text.hasSuffix(".0") { text.removeLast() }
    }
    return text
}

/// `value` in fixed-point notation with exactly `decimals` decimals (no Foundation formatting, locale-free).
func fixedPoint(_ value: Double, decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let negative = value < 0
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e15 else { return String(value) }
    let integer = UInt64(scaled)
    let divisor = UInt64(scale)
    let whole = integer / divisor
    var text = (negative && integer != 0 ? "-" : "") + String(whole)
    if decimals > 0 {
        var fraction = String(integer % divisor)
        while fraction.count < decimals { fraction = "0" + fraction }
        text += "." + fraction
    }
    return text
}
