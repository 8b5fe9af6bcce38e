/// A date found in text, with the parts it spells out and the way it is written, so that a shifted date can be
/// written back in the same style.
public struct DateValue: Sendable, Equatable {
    /// How a date was written.
    public enum Style: Sendable, Equatable {
        /// `2021-03-14`, `2021/03/14` (`separator` is the byte between parts).
        case ymd(separator: UInt8)
        /// `03/14/2021`, `3-14-21` (US month-first).
        case mdy(separator: UInt8, twoDigitYear: Bool, padded: Bool)
        /// `March 14, 2021`, `Mar 14 2021`.
        case monthDayYear(abbreviated: Bool)
        /// `14 March 2021`, `14-Mar-2021`.
        case dayMonthYear(abbreviated: Bool, separator: UInt8)
        /// `March 2021`.
        case monthYear(abbreviated: Bool)
        /// `March 14` (no year).
        case monthDay(abbreviated: Bool)
        /// `3/14` (no year).
        case md(separator: UInt8)
    }

    /// The year, when written.
    public var year: Int?
    /// The month, 1–12.
    public var month: Int
    /// The day, when written.
    public var day: Int?
    /// How it was written.
    public var style: Style

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    /// The month number of a month name or abbreviation (`mar`, `March`, `Sept`), any case.
    static func month(named s: String) -> Int? {
        let u = s.utf8
        guard u.count >= 3, u.count <= 9, let f = u.first, monthInitials.contains(f | 0x20) else { return nil }
        return monthForms[s.lowercased()]
    }

    private static let monthInitials: Set<UInt8> = Set("jfmasond".utf8)
    private static let monthForms: [String: Int] = {
        var d: [String: Int] = ["sept": 9]
        for (k, name) in monthNames.enumerated() {
            d[name.lowercased()] = k + 1
            d[String(name.lowercased().prefix(3))] = k + 1
        }
        return d
    }()

    /// The date moved by `days` days, in the same style. Dates without a day are moved from the 15th; dates
    /// without a year from the year 2001.
    public func shifted(by days: Int) -> DateValue {
        let base = CivilDate(year: year ?? 2001, month: month, day: day ?? 15) ?? CivilDate(year: 2001, month: 1, day: 15)!
        let s = base.adding(days: days)
        return DateValue(year: year == nil ? nil : s.year, month: s.month, day: day == nil ? nil : s.day, style: style)
    }

    /// The date written in its style.
    public var text: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        func name(_ abbreviated: Bool) -> String {
            let n = DateValue.monthNames[month - 1]
            return abbreviated ? String(n.prefix(3)) : n
        }
        let y = year ?? 2001, d = day ?? 15
        switch style {
        case let .ymd(sep):
            let s = String(UnicodeScalar(sep))
            return "\(y)\(s)\(two(month))\(s)\(two(d))"
        case let .mdy(sep, twoDigit, padded):
            let s = String(UnicodeScalar(sep))
            let yy = twoDigit ? two(((y % 100) + 100) % 100) : "\(y)"
            return padded ? "\(two(month))\(s)\(two(d))\(s)\(yy)" : "\(month)\(s)\(d)\(s)\(yy)"
        case let .monthDayYear(ab):
            return "\(name(ab)) \(d), \(y)"
        case let .dayMonthYear(ab, sep):
            let s = String(UnicodeScalar(sep))
            return sep == 0x20 ? "\(d) \(name(ab)) \(y)" : "\(two(d))\(s)\(name(ab))\(s)\(y)"
        case let .monthYear(ab):
            return "\(name(ab)) \(y)"
        case let .monthDay(ab):
            return "\(name(ab)) \(d)"
        case let .md(sep):
            return "\(month)\(String(UnicodeScalar(sep)))\(d)"
        }
    }
}
