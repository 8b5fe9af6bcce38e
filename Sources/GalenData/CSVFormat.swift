/// How a CSV file was written, as found by the reader (for reports and for reading later files the same way).
public struct CSVFormat: Codable, Sendable, Equatable {
    /// The field delimiter byte (`,` `;` tab `|`...).
    public var delimiter: UInt8
    /// Whether the file began with a UTF-8 byte-order mark.
    public var hadByteOrderMark: Bool
    /// Whether a comma was accepted as decimal separator.
    public var decimalComma: Bool

    /// A format description.
    public init(delimiter: UInt8, hadByteOrderMark: Bool = false, decimalComma: Bool = false) {
        self.delimiter = delimiter
        self.hadByteOrderMark = hadByteOrderMark
        self.decimalComma = decimalComma
    }

    /// The delimiter as readable text: "comma", "semicolon", "tab", "pipe" or the character.
    public var delimiterName: String {
        switch delimiter {
        case 0x2C: return "comma"
        case 0x3B: return "semicolon"
        case 0x09: return "tab"
        case 0x7C: return "pipe"
        default: return "'" + String(UnicodeScalar(delimiter)) + "'"
        }
    }
}
