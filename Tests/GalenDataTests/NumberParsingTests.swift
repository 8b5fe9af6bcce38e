import Foundation
import GalenTensor
import Testing
@testable import GalenData

@Suite struct NumberParsingTests {
    func parse(_ s: String, comma: Bool = false) -> Double? {
        var u = Array(s.utf8)
        return u.withUnsafeMutableBufferPointer { b in
            b.isEmpty ? nil : NumberParsing.parse(b.baseAddress!, b.count, decimalComma: comma)
        }
    }

    @Test func grammar() {
        #expect(parse("12") == 12)
        #expect(parse("-3.5") == -3.5)
        #expect(parse("+0.25") == 0.25)
        #expect(parse(".5") == 0.5)
        #expect(parse("5.") == 5)
        #expect(parse("1e3") == 1000)
        #expect(parse("2.5E-3") == 0.0025)
        #expect(parse("-0")?.sign == .minus)
        #expect(parse("inf") == .infinity)
        #expect(parse("-Infinity") == -.infinity)
        #expect(parse("1,5", comma: true) == 1.5)
        for bad in ["", "-", ".", "e5", "1e", "1e+", "1,000", "0x10", "nan", "12abc", "1.2.3", "--1", "infinit", "1 2"] {
            #expect(parse(bad) == nil, "\(bad) should not parse")
        }
        #expect(parse("1,5") == nil)
    }

    @Test func agreesWithStrtodOnRandomInputs() {
        var g = SeededGenerator(seed: 7)
        for _ in 0..<20_000 {
            // Random mantissa digits, decimal point position and exponent, including long mantissas.
            let digits = 1 + Int(g.next() % 25)
            var s = (g.next() % 2 == 0) ? "" : "-"
            let point = Int(g.next() % UInt64(digits + 1))
            for i in 0..<digits {
                if i == point { s += "." }
                s += String(g.next() % 10)
            }
            if g.next() % 3 == 0 { s += "e" + String(Int(g.next() % 80) - 40) }
            let expected = strtod(s, nil)
            #expect(parse(s) == expected, "\(s)")
        }
        for s in ["1e308", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014e-308", "1e400", "123456789012345678901234567890",
                  "0.1", "0.30000000000000004", "9007199254740993", "1e23", "8.41e21"] {
            #expect(parse(s) == strtod(s, nil), "\(s)")
        }
    }
}
