import Foundation

/// Normalises the dates users give to `--since` / `?since=` into the UTC text form audit times are stored in,
/// so that they compare correctly as text.
public enum AuditDate {
    /// `YYYY-MM-DD` (midnight UTC) or an ISO 8601 date-time with an offset, as `YYYY-MM-DDTHH:MM:SS.sssZ`;
    /// nil when `text` is neither.
    public static func normalize(_ text: String) -> String? {
        guard let days = ISODate.days(text) else { return nil }
        return string(from: Date(timeIntervalSince1970: days * 86_400))
    }

    /// `date` as audit times are stored: `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC, milliseconds).
    public static func string(from date: Date) -> String { date.formatted(style) }

    /// A value type, so one shared style serves every request without a lock or a new formatter per record.
    static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
