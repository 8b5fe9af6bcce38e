import GalenData

/// A calendar date (proleptic Gregorian), with conversion to and from a day count, for date shifting.
public struct CivilDate: Hashable, Sendable {
    /// Year, for example 2024.
    public var year: Int
    /// Month, 1–12.
    public var month: Int
    /// Day of the month, 1–31.
    public var day: Int

    /// A date; nil when the day does not exist in that month.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01 (GalenData's calendar arithmetic).
    public init(daysSinceEpoch days: Int) {
        (year, month, day) = DateParsing.civil(days: days)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int { DateParsing.days(year: year, month: month, day: day) }

    /// The date moved by `days` days.
    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Number of days in a month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
