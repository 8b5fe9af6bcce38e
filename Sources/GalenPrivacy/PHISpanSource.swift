/// An extra source of identifier spans for `PHIScanner`, run after the rules and the name tagger on the same text;
/// its spans are added to theirs (OR), exactly as the name tagger's are. A learned model that GalenPrivacy cannot
/// depend on (the MiniLM PHI tagger of GalenText, `PHITransformerTagger`) plugs in through this protocol.
///
/// Implementations must not trap on any input and must never log or print the text.
public protocol PHISpanSource: Sendable {
    /// The identifiers this source finds in `bytes` (UTF-8 text), as byte spans into it (any order; they may
    /// overlap each other and the rules' spans, the scanner merges them).
    func spans(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [PHISpan]

    /// Why this source stopped finding spans after it was made (a model loaded on first use whose file could not be
    /// read, say), or nil while it works. Results scanned since are incomplete: `TableDeidentifier` stops on it
    /// and writes nothing. Names files, never text.
    var failure: PrivacyError? { get }
}

extension PHISpanSource {
    /// Sources that are complete when made never fail later.
    public var failure: PrivacyError? { nil }
}
