/// Per-patient date shifting: every date of a patient moves by the same offset, so intervals within a patient are
/// kept; the offset comes from the HMAC of the patient ID under the project key, in ±`windowDays` (never 0).
public struct DateShifter: Sendable {
    /// The project key.
    public let key: ProjectKey
    /// Half-width of the offset window in days.
    public let windowDays: Int
    private let scanner: PHIScanner

    /// A shifter with offsets in ±`windowDays`.
    public init(key: ProjectKey, windowDays: Int = 365, scanner: PHIScanner = PHIScanner()) {
        self.key = key
        self.windowDays = max(1, windowDays)
        self.scanner = scanner
    }

    /// The offset in days of `patient`, in `-windowDays...-1` or `1...windowDays`.
    public func offset(forPatient patient: String) -> Int {
        let h = key.number(patient, purpose: "dateshift")
        let v = Int(h % UInt64(2 * windowDays)) - windowDays
        return v >= 0 ? v + 1 : v
    }

    /// `value` with each date in it moved by `days`; nil when the value holds no recognisable date.
    public func shift(_ value: String, by days: Int) -> String? {
        let found = scanner.dates(in: value)
        guard !found.isEmpty else { return nil }
        let bytes = Array(value.utf8)
        var out = [UInt8]()
        var pos = 0
        for (span, date) in found {
            out.append(contentsOf: bytes[pos..<span.start])
            out.append(contentsOf: date.shifted(by: days).text.utf8)
            pos = span.end
        }
        out.append(contentsOf: bytes[pos...])
        return String(decoding: out, as: UTF8.self)
    }
}
