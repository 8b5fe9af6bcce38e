import Foundation
import GalenData

/// Parses the date forms a JSON client sends for a date column: `YYYY-MM-DD`, optionally followed by `T` (or a
/// space) and `HH:MM[:SS[.fff]]`, optionally followed by `Z` or an offset `±HH:MM`. Returns days since
/// 1970-01-01 UTC, as date columns store them.
public enum ISODate {
    /// Days since 1970-01-01 UTC, or nil when `text` is not one of the accepted forms.
    public static func days(_ text: String) -> Double? {
        let s = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= s.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = s[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect(45), let m = digits(2), expect(45), let d = digits(2) else { return nil }
        guard (1...12).contains(m), (1...daysIn(month: m, year: y)).contains(d) else { return nil }
        var seconds = 0.0
        if i < s.count {
            guard s[i] == 84 || s[i] == 32 else { return nil }   // T or space
            i += 1
            guard let hh = digits(2), expect(58), let mm = digits(2), hh < 24, mm < 60 else { return nil }
            seconds = Double(hh * 3600 + mm * 60)
            if expect(58) {
                guard let ss = digits(2), ss < 60 else { return nil }
                seconds += Double(ss)
                if expect(46) {
                    var scale = 0.1, fraction = 0.0, any = false
                    while i < s.count, s[i] >= 48 && s[i] <= 57 { fraction += Double(s[i] - 48) * scale; scale /= 10; i += 1; any = true }
                    guard any else { return nil }
                    seconds += fraction
                }
            }
            if expect(90) {                                   // Z
            } else if i < s.count, s[i] == 43 || s[i] == 45 {  // + or -
                let sign: Double = s[i] == 43 ? 1 : -1
                i += 1
                guard let oh = digits(2), oh < 24 else { return nil }
                _ = expect(58)
                guard let om = digits(2), om < 60 else { return nil }
                seconds -= sign * Double(oh * 3600 + om * 60)
            }
        }
        guard i == s.count else { return nil }
        return Double(DateParsing.days(year: y, month: m, day: d)) + seconds / 86_400
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
