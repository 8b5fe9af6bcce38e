extension ScanContext {
    /// The identifier fields of HL7 v2 segments (1-based field numbers of the HL7 v2.5 standard; for the address
    /// fields see `hl7AddressFields`): MSH (message header: the sending facility and the time), PID (patient identification), NK1 (next of kin), PV1 (patient visit: the
    /// attending, referring, consulting and admitting doctors), GT1 (guarantor) and IN1 (insurance).
    static let hl7Fields: [String: [Int: PHIType]] = [
        // MSH counts its field separator as field 1, so the bytes after `MSH|` are MSH-2: 3 is MSH-4 (the sending
        // facility), 6 is MSH-7 (the message's date and time).
        "MSH": [3: .location, 6: .date],
        "PID": [2: .mrn, 3: .mrn, 4: .mrn, 5: .name, 6: .name, 7: .date, 9: .name, 12: .location, 13: .phone, 14: .phone,
                18: .account, 19: .ssn, 20: .license, 21: .identifier, 23: .location, 29: .date],
        "NK1": [2: .name, 5: .phone, 6: .phone, 30: .name, 31: .phone],
        "PV1": [7: .name, 8: .name, 9: .name, 17: .name, 19: .account, 44: .date, 45: .date, 52: .name],
        "GT1": [2: .account, 3: .name, 4: .name, 6: .phone, 7: .phone, 8: .date, 12: .ssn],
        "IN1": [2: .healthPlan, 16: .name, 18: .date, 36: .healthPlan, 49: .healthPlan],
    ]

    /// Address fields (XAD: street^other^city^state^ZIP^country^type^other geographic^county) of the segments
    /// above: street, other designation, city and county become LOCATION, the ZIP component ZIP; the state and
    /// the country are kept.
    static let hl7AddressFields: [String: Set<Int>] = ["PID": [11], "NK1": [4], "GT1": [5], "IN1": [19]]

    /// HL7 v2 segments pasted into a note (`PID|1||0012345^^^HOSP^MR||DOE^JANE||19500101|F|||1 Main St^^Springfield^IL^62701`):
    /// a segment starts a line with three capitals or digits (the first a letter) and `|`, and runs to the line that
    /// starts the next segment (line breaks inside it are a viewer's wrapping). Fields split at `|`, components at
    /// `^`; the fields of `hl7Fields` are taken whole with their type, address fields by component. Values are
    /// taken only when they hold a letter or a digit.
    mutating func matchHL7Segments() {
        let n = b.count
        // Cheap test first: a segment needs "|" right after three bytes at a line start.
        var starts: [Int] = []
        for (lineStart, _) in lines(breakingAtCarriageReturns: true) {
            var s = lineStart
            while s < n, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
            if s + 3 < n, b[s + 3] == 0x7C, isHL7NameByte(b[s], first: true), isHL7NameByte(b[s + 1], first: false),
               isHL7NameByte(b[s + 2], first: false) {
                starts.append(s)
            }
        }
        guard !starts.isEmpty else { return }
        for (k, s) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1] : n
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[s..<s + 3]), as: UTF8.self)
            let fields = ScanContext.hl7Fields[name], address = ScanContext.hl7AddressFields[name]
            if fields == nil && address == nil { continue }
            // Field ranges: field f runs between the f-th and (f+1)-th `|`.
            var field = 0, fieldStart = s + 4, p = s + 4
            while p <= end {
                if p == end || b[p] == 0x7C {
                    field += 1
                    if let type = fields?[field] { addHL7Value(type, fieldStart, p) }
                    if address?.contains(field) == true { addHL7Address(fieldStart, p) }
                    fieldStart = p + 1
                }
                p += 1
            }
        }
    }

    /// Whether `c` may be a byte of a segment name (`PID`, `NK1`): a capital letter, or a digit after the first.
    private func isHL7NameByte(_ c: UInt8, first: Bool) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (!first && c >= 0x30 && c <= 0x39)
    }

    /// Records `start..<end` trimmed of whitespace and `^` as a span of `type` when it holds a letter or a digit.
    private mutating func addHL7Value(_ type: PHIType, _ start: Int, _ end: Int) {
        var a = start, z = end
        while a < z, b[a] == 0x20 || b[a] == 0x0A || b[a] == 0x0D || b[a] == 0x09 || b[a] == 0x5E || b[a] == 0x22 { a += 1 }
        while z > a, b[z - 1] == 0x20 || b[z - 1] == 0x0A || b[z - 1] == 0x0D || b[z - 1] == 0x09 || b[z - 1] == 0x5E || b[z - 1] == 0x22 { z -= 1 }
        var alnum = false
        for k in a..<z {
            let c = b[k] | 0x20
            if (c >= 0x61 && c <= 0x7A) || (b[k] >= 0x30 && b[k] <= 0x39) || b[k] >= 0x80 { alnum = true; break }
        }
        if alnum { add(type, bytes: a, z) }
    }

    /// The components of an address field `start..<end`: 1 street, 2 other designation, 3 city and 9 county as
    /// LOCATION, 5 the ZIP code as ZIP.
    private mutating func addHL7Address(_ start: Int, _ end: Int) {
        var component = 1, from = start
        for p in start...end where p == end || b[p] == 0x5E {
            switch component {
            case 1, 2, 3, 9: addHL7Value(.location, from, p)
            case 5: addHL7Value(.zip, from, p)
            default: break
            }
            component += 1
            from = p + 1
        }
    }
}
