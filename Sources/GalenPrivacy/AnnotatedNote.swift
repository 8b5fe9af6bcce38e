import Foundation

/// A note of the evaluation corpus with its hand-made identifier spans (UTF-8 byte offsets).
public struct AnnotatedNote: Codable, Sendable {
    /// One annotated span.
    public struct Span: Codable, Sendable {
        /// The identifier type (a `PHIType` raw value).
        public var type: String
        /// First byte.
        public var start: Int
        /// One past the last byte.
        public var end: Int
    }

    /// The note's identifier within the corpus.
    public var id: String
    /// The plain text.
    public var text: String
    /// The identifiers in it.
    public var spans: [Span]

    /// Reads a corpus: a `corpus.jsonl` file (one note per line), or a folder holding one.
    /// - Throws: `PrivacyError.invalidCorpus` when it is missing, malformed, or a span lies outside its text or
    ///   has an unknown type.
    public static func load(path: String) throws -> [AnnotatedNote] {
        var isDir: ObjCBool = false
        var file = path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            file = (path as NSString).appendingPathComponent("corpus.jsonl")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PrivacyError.invalidCorpus(path: file, reason: "the file cannot be read")
        }
        var notes: [AnnotatedNote] = []
        for (n, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            guard let note = try? JSONDecoder().decode(AnnotatedNote.self, from: Data(line.utf8)) else {
                throw PrivacyError.invalidCorpus(path: file, reason: "line \(n + 1) is not a note object with id, text and spans")
            }
            let length = note.text.utf8.count
            for s in note.spans {
                guard PHIType(rawValue: s.type) != nil else {
                    throw PrivacyError.invalidCorpus(path: file, reason: "line \(n + 1): unknown type '\(s.type)'")
                }
                guard s.start >= 0, s.end <= length, s.start < s.end else {
                    throw PrivacyError.invalidCorpus(path: file, reason: "line \(n + 1): a span lies outside the text")
                }
            }
            notes.append(note)
        }
        guard !notes.isEmpty else { throw PrivacyError.invalidCorpus(path: file, reason: "no notes") }
        return notes
    }
}
