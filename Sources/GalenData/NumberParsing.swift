import Foundation

/// Parses decimal numbers from bytes without allocating.
///
/// Accepted: optional sign, digits with an optional decimal point (`12`, `12.`, `.5`, `-3.25`), an optional
/// exponent (`1e-3`, `2E+5`), and the words `inf`, `infinity` (any case, optional sign), which give ±infinity.
/// Rejected: thousands separators, hexadecimal, `nan`, anything else. Values with at most 19 significant digits and
/// a decimal exponent within ±22 take the exact fast path (Clinger); the rest go to `strtod`, so results are the
/// correctly rounded Double in every case.
enum NumberParsing {
    private static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// The number in `p[0..<n]`, or nil when the bytes are not a number. `decimalComma` also accepts `,` as the
    /// decimal point.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int, decimalComma: Bool) -> Double? {
        if n == 0 { return nil }
        var i = 0
        var negative = false
        let c0 = p[0]
        if c0 == 0x2D { negative = true; i = 1 } else if c0 == 0x2B { i = 1 }
        var mantissa: UInt64 = 0
        var significant = 0     // significant digits accumulated in mantissa
        var dropped = 0         // significant digits beyond 19 (dropped, position kept through exponent)
        var digits = 0          // all digits seen
        var exponent = 0
        // Integer part.
        while i < n {
            let d = p[i] &- 0x30
            if d > 9 { break }
            digits += 1
            if mantissa == 0 && d == 0 {
                // leading zero: not significant
            } else if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                significant += 1
            } else {
                dropped += 1
                exponent += 1
            }
            i += 1
        }
        if i < n && (p[i] == 0x2E || (decimalComma && p[i] == 0x2C)) {
            i += 1
            while i < n {
                let d = p[i] &- 0x30
                if d > 9 { break }
                digits += 1
                if mantissa == 0 && d == 0 {
                    exponent -= 1
                } else if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significant += 1
                    exponent -= 1
                } else {
                    dropped += 1
                }
                i += 1
            }
        }
        if digits == 0 {
            return parseInfinity(p + i, n - i, negative: negative)
        }
        if i < n && (p[i] | 0x20) == 0x65 {  // e or E
            i += 1
            var expNegative = false
            if i < n && (p[i] == 0x2D || p[i] == 0x2B) { expNegative = p[i] == 0x2D; i += 1 }
            var e = 0
            var expDigits = 0
            while i < n {
                let d = p[i] &- 0x30
                if d > 9 { break }
                if e < 100_000 { e = e * 10 + Int(d) }
                expDigits += 1
                i += 1
            }
            if expDigits == 0 { return nil }
            exponent += expNegative ? -e : e
        }
        if i != n { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if dropped == 0 && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            if exponent >= 0 { v *= powersOfTen[exponent] } else { v /= powersOfTen[-exponent] }
            return negative ? -v : v
        }
        return slowPath(p, n, decimalComma: decimalComma)
    }

    /// `inf` / `infinity` (any case) after an optional sign already consumed.
    private static func parseInfinity(_ p: UnsafePointer<UInt8>, _ n: Int, negative: Bool) -> Double? {
        guard n == 3 || n == 8 else { return nil }
        let word: [UInt8] = Array("infinity".utf8)
        for k in 0..<n where (p[k] | 0x20) != word[k] { return nil }
        return negative ? -.infinity : .infinity
    }

    /// Correctly rounded conversion through `strtod` for long mantissas or large exponents (grammar already checked).
    private static func slowPath(_ p: UnsafePointer<UInt8>, _ n: Int, decimalComma: Bool) -> Double? {
        var buffer = [CChar](repeating: 0, count: n + 1)
        for k in 0..<n {
            let b = p[k]
            buffer[k] = CChar(bitPattern: (decimalComma && b == 0x2C) ? 0x2E : b)
        }
        return buffer.withUnsafeBufferPointer { strtod($0.baseAddress!, nil) }
    }
}
