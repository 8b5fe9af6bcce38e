/// Precision, recall and F2 of the scanner on an annotated corpus, per identifier type and overall.
///
/// Scoring is by span and type-agnostic for removal: a gold span counts as found when every non-space byte of
/// it lies inside some detected span (of any type — what matters is that the value is gone); a detected span is
/// correct when it overlaps some gold span. Per-type recall uses the gold type, per-type precision the detected
/// type.
public struct DeidEvaluation: Codable, Sendable {
    /// Counts and scores for one type (or overall).
    public struct Score: Codable, Sendable {
        /// Gold spans.
        public var gold = 0
        /// Gold spans found.
        public var found = 0
        /// Detected spans.
        public var detected = 0
        /// Detected spans that overlap a gold span.
        public var correct = 0
        /// found / gold (1 when there is no gold span).
        public var recall: Double { gold == 0 ? 1 : Double(found) / Double(gold) }
        /// correct / detected (1 when nothing was detected).
        public var precision: Double { detected == 0 ? 1 : Double(correct) / Double(detected) }
        /// F-beta with beta = 2 (recall weighs four times as much as precision).
        public var f2: Double {
            let p = precision, r = recall
            return p + r == 0 ? 0 : 5 * p * r / (4 * p + r)
        }

        enum CodingKeys: String, CodingKey { case gold, found, detected, correct, recall, precision, f2 }

        /// Encodes the counts and the three scores.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(gold, forKey: .gold)
            try c.encode(found, forKey: .found)
            try c.encode(detected, forKey: .detected)
            try c.encode(correct, forKey: .correct)
            try c.encode(recall, forKey: .recall)
            try c.encode(precision, forKey: .precision)
            try c.encode(f2, forKey: .f2)
        }

        /// Decodes the counts (scores are recomputed).
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            gold = try c.decode(Int.self, forKey: .gold)
            found = try c.decode(Int.self, forKey: .found)
            detected = try c.decode(Int.self, forKey: .detected)
            correct = try c.decode(Int.self, forKey: .correct)
        }

        init() {}
    }

    /// Number of notes.
    public var notes: Int
    /// Scores per type (raw value → score).
    public var perType: [String: Score]
    /// Scores over all types.
    public var overall: Score
    /// Gold spans missed, as note id, type and byte range (never printed with their text by the CLI).
    public var misses: [String]
    /// Detected spans that overlap no gold span, as note id, type and byte range.
    public var falsePositives: [String]

    /// Scans every note of `notes` and scores the result.
    public static func run(_ notes: [AnnotatedNote], scanner: PHIScanner = PHIScanner()) -> DeidEvaluation {
        run(notes) { scanner.scan($0) }
    }

    /// Scores the spans `detect` finds in each note's text (in any order; they may overlap), for
    /// measuring one span source alone, e.g. a learned tagger without the rules.
    public static func run(_ notes: [AnnotatedNote], detect: (String) -> [PHISpan]) -> DeidEvaluation {
        var per: [String: Score] = [:]
        var all = Score()
        var misses: [String] = [], fps: [String] = []
        for note in notes {
            let detected = detect(note.text)
            let bytes = Array(note.text.utf8)
            for g in note.spans {
                var ok = true
                for k in g.start..<g.end where bytes[k] != 0x20 {
                    if !detected.contains(where: { $0.start <= k && k < $0.end }) { ok = false; break }
                }
                per[g.type, default: Score()].gold += 1
                all.gold += 1
                if ok { per[g.type]!.found += 1; all.found += 1 } else { misses.append("\(note.id) \(g.type) \(g.start)..<\(g.end)") }
            }
            for d in detected {
                let hit = note.spans.contains { $0.start < d.end && d.start < $0.end }
                per[d.type.rawValue, default: Score()].detected += 1
                all.detected += 1
                if hit { per[d.type.rawValue]!.correct += 1; all.correct += 1 } else { fps.append("\(note.id) \(d.type.rawValue) \(d.start)..<\(d.end)") }
            }
        }
        return DeidEvaluation(notes: notes.count, perType: per, overall: all, misses: misses, falsePositives: fps)
    }

    /// A plain-text table: type, gold, detected, precision, recall, F2.
    public var table: String {
        func f(_ x: Double) -> String {
            let v = (x * 1000).rounded() / 1000
            var s = String(v)
            while s.count < 5 { s += "0" }
            return s
        }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        var lines = [pad("type", 12) + pad("gold", 6) + pad("found", 7) + pad("detected", 10) + pad("precision", 11) + pad("recall", 8) + "F2"]
        for (k, s) in perType.sorted(by: { $0.key < $1.key }) {
            lines.append(pad(k, 12) + pad("\(s.gold)", 6) + pad("\(s.found)", 7) + pad("\(s.detected)", 10) + pad(f(s.precision), 11) + pad(f(s.recall), 8) + f(s.f2))
        }
        let s = overall
        lines.append(pad("overall", 12) + pad("\(s.gold)", 6) + pad("\(s.found)", 7) + pad("\(s.detected)", 10) + pad(f(s.precision), 11) + pad(f(s.recall), 8) + f(s.f2))
        return lines.joined(separator: "\n")
    }

    /// The entries of `misses` or `falsePositives` (`"id TYPE start..<end"`) with the span's text in brackets and
    /// up to 30 bytes of context either side (line breaks shown as spaces), for reading an evaluation of a
    /// **synthetic** corpus. It quotes identifier values: never use it on real patient data. Entries whose note is
    /// not in `notes` or whose range is malformed are returned unchanged.
    public static func listing(_ entries: [String], notes: [AnnotatedNote]) -> [String] {
        var byID: [String: AnnotatedNote] = [:]
        for n in notes { byID[n.id] = n }
        return entries.map { entry in
            let parts = entry.split(separator: " ")
            guard parts.count == 3, let note = byID[String(parts[0])] else { return entry }
            let bounds = parts[2].components(separatedBy: "..<")
            let bytes = Array(note.text.utf8)
            guard bounds.count == 2, let a = Int(bounds[0]), let b = Int(bounds[1]), a >= 0, a < b, b <= bytes.count else { return entry }
            func clean(_ r: Range<Int>) -> String {
                String(decoding: bytes[r], as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            }
            let before = clean(max(0, a - 30)..<a), after = clean(b..<min(bytes.count, b + 30))
            return "\(entry) [\(clean(a..<b))]   …\(before)[\(clean(a..<b))]\(after)…"
        }
    }
}
