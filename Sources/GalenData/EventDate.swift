/// Strict parsing of the dates of event tables: ISO `YYYY-MM-DD`, optionally followed by a time (`T` or a space
/// and anything after it, ignored: events are placed on days), or a plain integer day count since 1970-01-01.
public enum EventDate {
    /// Days since 1970-01-01 for `text`, or nil when it is not a valid date (e.g. `2019-02-30`, `12/03/2019`).
    public static func days(_ text: String) -> Int? {
        let u = Array(text.utf8)
        if let n = Int(text) { return n }
        guard u.count >= 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        if u.count > 10, u[10] != UInt8(ascii: "T"), u[10] != UInt8(ascii: " ") { return nil }
        func number(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), (1...12).contains(m), d >= 1 else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        guard d <= monthDays else { return nil }
        return DateParsing.days(year: y, month: m, day: d)
    }
}
