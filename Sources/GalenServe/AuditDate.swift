import Foundation

/// Normalises the dates users give to `--since` / `?since=` into the UTC text form audit times are stored in,
/// so that they compare correctly as text.
public enum AuditDate {
    /// `YYYY-MM-DD` (midnight UTC) or an ISO 8601 date-time with an offset, as `YYYY-MM-DDTHH:MM:SS.sssZ`;
    /// nil when `text` is neither.
    public static func normalize(_ text: String) -> String? {
        guard let days = ISODate.days(text) else { return nil }
        let date = Date(timeIntervalSince1970: days * 86_400)
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}
