// Scanner benchmark only (bench/deid/scan/scan.sh): a stand-in for GalenData.DateParsing (not used on the scanning path).
enum DateParsing {
    static func civil(days: Int) -> (Int, Int, Int) { (1970, 1, 1 + days % 28) }
    static func days(year: Int, month: Int, day: Int) -> Int { (year - 1970) * 365 + month * 31 + day }
}
