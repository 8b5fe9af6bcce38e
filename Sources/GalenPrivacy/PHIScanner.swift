/// Finds protected health information in free text.
///
/// Works on the UTF-8 bytes of the text: patterns with checksums where they exist (Luhn for card numbers, SSN
/// area rules, NPI and DEA check digits), context cues (`Dr.`, `Mrs.`, `MRN:`, `DOB`, `seen at`, `lives in`,
/// `fax`), and the name and place lists of `Lexicon`. Words found in a name are then found everywhere in the
/// text. Spans are sorted and never overlap.
public struct PHIScanner: Sendable {
    /// The word lists used.
    public let lexicon: Lexicon
    /// The learned tagger run after the rules for names and places they missed (nil: rules alone).
    public let tagger: NameTagger?
    /// Further span sources run last (e.g. the MiniLM PHI tagger); their spans are added to the rules' (OR).
    public let extraSources: [any PHISpanSource]

    /// The first failure of an extra source (see `PHISpanSource.failure`), or nil when all of them work.
    public var sourceFailure: PrivacyError? {
        for source in extraSources { if let failure = source.failure { return failure } }
        return nil
    }

    /// A scanner using the bundled lists and, unless `tagger` is given, the bundled name tagger (rules alone when
    /// its weight file cannot be loaded; `TextDeidentifier` and `TableDeidentifier` report that as an error), then
    /// every source of `extraSources` in order.
    public init(lexicon: Lexicon = .shared, tagger: NameTagger? = try? NameTagger.bundled.get(),
                extraSources: [any PHISpanSource] = []) {
        self.lexicon = lexicon
        self.tagger = tagger
        self.extraSources = extraSources
    }

    /// The identifiers in `text`, as byte spans into its UTF-8 form, in order.
    public func scan(_ text: String) -> [PHISpan] {
        var copy = text
        return copy.withUTF8 { scan(bytes: $0) }
    }

    /// The identifiers in `bytes` (UTF-8), in order.
    public func scan(bytes: UnsafeBufferPointer<UInt8>) -> [PHISpan] {
        if !mayContainPHI(bytes) { return [] }
        // Numbers misread by OCR (`(7O1) 555-O139`) are read with their letters as digits; same length, same offsets.
        let ruleSpans: [PHISpan]
        if let fixed = OCRDigits.normalized(bytes) {
            ruleSpans = fixed.withUnsafeBufferPointer { scanRules($0) }
        } else {
            ruleSpans = scanRules(bytes)
        }
        if extraSources.isEmpty { return PHIScanner.joiningParts(PHIScanner.disjoint(ruleSpans), bytes) }
        var all = ruleSpans
        for source in extraSources {
            for s in source.spans(inUTF8: bytes) where s.start >= 0 && s.start < s.end && s.end <= bytes.count { all.append(s) }
        }
        return PHIScanner.joiningParts(PHIScanner.disjoint(all), bytes)
    }

    /// Merged spans with the parts of one value joined: codes and dates widened over what lies beside them
    /// (`wideningCodes`), the parts of one name (`bridgingNames`), then of one place (`bridgingPlaces`).
    static func joiningParts(_ spans: [PHISpan], _ bytes: UnsafeBufferPointer<UInt8>) -> [PHISpan] {
        agesBesideNames(bridgingPlaces(bridgingNames(wideningCodes(spans, bytes), bytes), bytes), bytes)
    }

    /// The spans of the rules and the name tagger in `bytes`, in the order found (not yet merged).
    private func scanRules(_ bytes: UnsafeBufferPointer<UInt8>) -> [PHISpan] {
        var c = ScanContext(bytes: bytes, lexicon: lexicon)
        c.matchWebAndFiles()
        c.matchHandles()
        c.matchTableColumns()
        c.matchAlignedColumns()
        c.matchPipeColumns()
        c.matchHL7Segments()
        c.matchDates()
        c.matchDateForms()
        c.matchCompactDates()
        c.matchSpokenForms()
        c.extendDatesOverTimes()
        c.matchAges()
        c.matchAgeWords()
        c.matchPlanNumbers()
        c.matchLicenceForms()
        c.matchFlightNumbers()
        c.matchPartialPlates()
        c.matchVehicles()
        c.matchVesselNames()
        c.matchFleetUnits()
        c.matchTailNumbers()
        c.claimCarModels()
        c.matchPartialNumbers()
        c.matchMaskedNumbers()
        c.matchNationalNumbers()
        c.matchLetteredCodes()
        c.matchNumbers()
        c.matchCodeForms()
        c.matchInitialsAfterCodes()
        c.matchStoreBranches()
        c.matchPlaceForms()
        c.matchPlaces()
        c.matchPlaceBranches()
        c.matchRoads()
        c.widenAddressChains()
        c.matchAddressUnits()
        c.matchZIPsAfterPlaces()
        c.matchPostcodesAfterPlaces()
        c.matchForeignPostcodes()
        c.matchNameForms()
        c.matchSignatures()
        c.matchPersonForms()
        c.matchNicknames()
        c.matchNames()
        c.widenLastFirstAfterLabels()
        c.matchAliases()
        c.matchAgesAfterNames()
        if let tagger { c.matchTagged(by: tagger) }
        c.matchAgesBesidePersons()
        c.matchWordAgesBesidePersons()
        return c.spans
    }

    /// `spans` sorted by start with overlapping spans merged (the earlier span's type is kept), so that callers
    /// replacing spans in order never see one start inside another. Rules claim tokens, but byte-level matchers
    /// (e-mails, phone numbers, MAC addresses) and span widening can still meet.
    static func disjoint(_ spans: [PHISpan]) -> [PHISpan] {
        let sorted = spans.sorted { $0.start < $1.start || $0.start == $1.start && $0.end > $1.end }
        var out: [PHISpan] = []
        out.reserveCapacity(sorted.count)
        for s in sorted {
            if let last = out.last, s.start < last.end {
                if s.end > last.end { out[out.count - 1] = PHISpan(type: last.type, start: last.start, end: s.end) }
            } else {
                out.append(s)
            }
        }
        return out
    }

    /// The dates in `text` with their values, for shifting.
    public func dates(in text: String) -> [(span: PHISpan, value: DateValue)] {
        var copy = text
        return copy.withUTF8 { bytes in
            let c = ScanContext(bytes: bytes, lexicon: lexicon)
            var out: [(PHISpan, DateValue)] = []
            var i = 0
            while i < c.t.count {
                if let (last, value) = c.matchDate(at: i) {
                    out.append((PHISpan(type: .date, start: c.t[i].start, end: c.t[last].end), value))
                    i = last + 1
                } else { i += 1 }
            }
            return out
        }
    }

    /// Quick test: whether `b` could hold anything this scanner finds. Text with a digit, a capital, `@` or a non-ASCII
    /// byte is scanned; text in lower-case ASCII only is scanned when it has two or more words, since names, places,
    /// dates and ages written in lower case are found from the words around them (`hi its marisol`, `we live at
    /// southgate`, `seen november tenth`, `www.example.org`). A single lower-case word (`negative`, `yes`) is skipped.
    private func mayContainPHI(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var words = 0
        var inWord = false
        for c in b {
            if (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || c == 0x40 || c >= 0x80 { return true }
            let letter = c >= 0x61 && c <= 0x7A
            if letter, !inWord {
                words += 1
                if words >= 2 { return true }
            }
            inWord = letter
        }
        return false
    }
}

extension ScanContext {
    /// Weekday names and abbreviations.
    static let weekdays: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]

    /// Dates in every written form `matchDate` knows.
    mutating func matchDates() {
        var i = 0
        while i < t.count {
            if !claimed[i], let (last, _) = matchDate(at: i) {
                // A weekday before the date belongs to it: "Saturday, November 15", "Thu 12/11".
                var first = i
                if first >= 1, isAny(first - 1, ScanContext.weekdays) { first -= 1 }
                else if first >= 2, isPunct(first - 1, 0x2C), isAny(first - 2, ScanContext.weekdays) { first -= 2 }
                // "the 3rd of May": the article goes with an ordinal day.
                else if first >= 1, isWord(first - 1, "the"), !t[i].isNumber, t[i].digits > 0 { first -= 1 }
                let end = isoTimeEnd(after: last)
                add(.date, tokens: first, end)
                i = end + 1
            } else if !claimed[i], let last = partialDateEnd(at: i) {
                add(.date, tokens: i, last)
                i = last + 1
            } else { i += 1 }
        }
    }
}
