extension PHIScanner {
    /// `spans` (sorted, disjoint) grown over the parts of their value that a tagger or a rule left beside them (run on
    /// the union of rules and taggers once overlapping spans are merged):
    /// - a plate, licence, device, record or other code followed right away by a hyphen and one to three capitals or
    ///   digits (`[BGT-447]-B` → `[BGT-447-B]`);
    /// - a device serial followed by one capital letter that closes the phrase (`SN [PJZ 771830] R.`);
    /// - a date that is an ordinal day alone after `the` (`on the [10th]` → `on [the 10th]`);
    /// - a code (also a biometric one) cut right after a hyphen, over the one to three capitals or digits after it
    ///   (`[BS-0447-]M` → `[BS-0447-M]`);
    /// - a name followed by one capital (not `I`) that ends a table cell or the line (`|[PATEL] R|` → `|[PATEL R]|`).
    /// Nothing else moves; the result is sorted and disjoint.
    static func wideningCodes(_ spans: [PHISpan], _ b: UnsafeBufferPointer<UInt8>) -> [PHISpan] {
        var out = spans
        let n = b.count
        for j in out.indices {
            var s = out[j]
            let limit = j + 1 < out.count ? out[j + 1].start : n
            switch s.type {
            case .vehicle, .license, .device, .mrn, .identifier, .account, .healthPlan, .biometric:
                // `-B`, `-4X`: a hyphen, one to three capitals or digits, then no letter or digit.
                if s.end + 1 < limit, b[s.end] == 0x2D {
                    var k = s.end + 1
                    while k < limit, k - s.end <= 4, isCapitalOrDigit(b[k]) { k += 1 }
                    if k > s.end + 1, k - s.end <= 4, k == n || !isAlphanumeric(b[k]) && b[k] != 0x2D { s.end = k }
                }
                // `[BS-0447-]M`: a code cut right after its hyphen grows over the one to three capitals or digits after.
                if s.end - s.start >= 3, b[s.end - 1] == 0x2D, s.end < limit, isCapitalOrDigit(b[s.end]) {
                    var k = s.end
                    while k < limit, k - s.end < 3, isCapitalOrDigit(b[k]) { k += 1 }
                    if k == n || !isAlphanumeric(b[k]) && b[k] != 0x2D { s.end = k }
                }
                // `PJZ 771830 R.`: a device serial's check letter after one space.
                if s.type == .device, s.end + 2 <= limit, b[s.end] == 0x20, b[s.end + 1] >= 0x41, b[s.end + 1] <= 0x5A,
                   s.end + 2 == n || [0x2E, 0x2C, 0x3B, 0x0A, 0x29].contains(b[s.end + 2]) {
                    s.end += 2
                }
            case .name:
                // `|[PATEL] R|`: a name in a table cell or at a line's end followed by one initial.
                if s.end + 2 <= limit, b[s.end] == 0x20, b[s.end + 1] >= 0x41, b[s.end + 1] <= 0x5A, b[s.end + 1] != 0x49,
                   s.end + 2 == n || [0x7C, 0x0A, 0x0D, 0x3B].contains(b[s.end + 2]) {
                    s.end += 2
                }
            case .date:
                if isOrdinalDay(s.start, s.end, b), s.start >= 4, b[s.start - 1] == 0x20, b[s.start - 4] | 0x20 == 0x74,
                   b[s.start - 3] | 0x20 == 0x68, b[s.start - 2] | 0x20 == 0x65, s.start == 4 || !isAlphanumeric(b[s.start - 5]),
                   j == 0 || out[j - 1].end <= s.start - 4 {
                    s.start -= 4
                }
            default:
                break
            }
            out[j] = s
        }
        return out
    }

    /// Whether bytes `s..<e` are a day of the month as an ordinal (`3rd`, `10th`, `31st`).
    private static func isOrdinalDay(_ s: Int, _ e: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard e - s >= 3, e - s <= 4 else { return false }
        var k = s, v = 0
        while k < e, b[k] >= 0x30, b[k] <= 0x39 { v = v * 10 + Int(b[k] - 0x30); k += 1 }
        guard k > s, e - k == 2, v >= 1, v <= 31 else { return false }
        let suffix = String(decoding: UnsafeBufferPointer(rebasing: b[k..<e]), as: UTF8.self).lowercased()
        return ["st", "nd", "rd", "th"].contains(suffix)
    }

    private static func isCapitalOrDigit(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A || c >= 0x30 && c <= 0x39 }
    private static func isAlphanumeric(_ c: UInt8) -> Bool { Checksums.isLetter(c) || c >= 0x30 && c <= 0x39 || c >= 0x80 }
}
