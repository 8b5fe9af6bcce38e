extension PHIScanner {
    /// Whether bytes `start..<end` of `bytes` are an age over 89 written in digits alone: two or three digits, no
    /// leading zero, value 90–125 (`93`, `101`; not `89`, `089`, `131`). The one range every age rule uses (HIPAA
    /// Safe Harbor: ages over 89 are identifiers; 125 bounds a human age).
    public static func isAgeOver89(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard start >= 0, end <= bytes.count, end - start == 2 || end - start == 3, bytes[start] != 0x30 else { return false }
        var value = 0
        for k in start..<end {
            guard bytes[k] >= 0x30 && bytes[k] <= 0x39 else { return false }
            value = value * 10 + Int(bytes[k] - 0x30)
        }
        return value >= 90 && value <= 125
    }
}
