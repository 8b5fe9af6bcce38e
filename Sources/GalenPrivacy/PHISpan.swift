/// One identifier found in a text: its type and its place as UTF-8 byte offsets (`start..<end`).
public struct PHISpan: Codable, Sendable, Hashable {
    /// What kind of identifier this is.
    public var type: PHIType
    /// Offset of the first byte, counted in UTF-8 bytes from the start of the text.
    public var start: Int
    /// Offset one past the last byte.
    public var end: Int

    /// A span of `type` covering bytes `start..<end`.
    public init(type: PHIType, start: Int, end: Int) {
        self.type = type
        self.start = start
        self.end = end
    }

    /// Number of bytes covered.
    public var length: Int { end - start }
}
