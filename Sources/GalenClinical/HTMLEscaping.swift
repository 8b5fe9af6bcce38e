/// Escapes `text` for HTML and SVG text and attribute values: `&`, `<`, `>`, `"` and `'` become entities.
///
/// Every user-provided string (titles, column and class names, log lines) passes through this before it is
/// written into a report.
public func htmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}
