/// Check-digit rules used to tell real identifiers from other numbers.
public enum Checksums {
    /// Whether the digits pass the Luhn check (card numbers, NPI with the 80840 prefix, IMEI).
    public static func luhn(_ digits: [UInt8]) -> Bool {
        guard digits.count >= 2 else { return false }
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            var v = Int(d)
            if i % 2 == 1 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
        }
        return sum % 10 == 0
    }

    /// Whether nine digits can be a US social security number: area not 000, 666 or 900–999, group not 00,
    /// serial not 0000.
    public static func plausibleSSN(_ d: [UInt8]) -> Bool {
        guard d.count == 9 else { return false }
        let area = Int(d[0]) * 100 + Int(d[1]) * 10 + Int(d[2])
        let group = Int(d[3]) * 10 + Int(d[4])
        let serial = Int(d[5]) * 1000 + Int(d[6]) * 100 + Int(d[7]) * 10 + Int(d[8])
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }

    /// Whether ten digits are a valid National Provider Identifier (Luhn over `80840` + the digits).
    public static func npi(_ d: [UInt8]) -> Bool {
        guard d.count == 10, d[0] == 1 || d[0] == 2 else { return false }
        return luhn([8, 0, 8, 4, 0] + d)
    }

    /// Whether a DEA registration number (two letters, seven digits) has a valid check digit.
    public static func dea(_ text: [UInt8]) -> Bool {
        guard text.count == 9 else { return false }
        let letters = text[0..<2], digits = text[2..<9]
        guard letters.allSatisfy({ isLetter($0) }), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        let d = digits.map { Int($0 - 0x30) }
        let s = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])
        return s % 10 == d[6]
    }

    /// Whether 17 characters form a vehicle identification number: letters and digits without I, O or Q, with
    /// at least one letter and one digit (the North American check digit is not required, since other regions
    /// do not use it).
    public static func plausibleVIN(_ text: [UInt8]) -> Bool {
        guard text.count == 17 else { return false }
        var letters = 0, digits = 0
        for b in text {
            let u = b & 0xDF
            if b >= 0x30 && b <= 0x39 { digits += 1 } else if u >= 0x41 && u <= 0x5A {
                if u == 0x49 || u == 0x4F || u == 0x51 { return false }
                letters += 1
            } else { return false }
        }
        return letters >= 1 && digits >= 4
    }

    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
}
