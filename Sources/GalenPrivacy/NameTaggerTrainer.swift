/// Trains a `NameTagger` on annotated notes: an averaged perceptron (as in the NLTK and spaCy v1 taggers),
/// greedy left to right, deterministic (the note order of each epoch comes from `seed`).
///
/// Each note is first scanned by the rules alone (`PHIScanner` without a tagger); token labels come from the gold
/// spans (a token overlapping a NAME or LOCATION span takes that class, every other token is O). The examples
/// are the tokens the tagger will look at when scanning: words the rules left alone, without digits, starting
/// with a capital (`includeRuleTokens` also trains on such words the rules did find).
public struct NameTaggerTrainer: Sendable {
    /// Passes over the notes.
    public var epochs = 10
    /// log2 of the number of weight rows (2^18 rows × 3 classes).
    public var bucketBits = 18
    /// Seed of the note order.
    public var seed: UInt64 = 6
    /// Also train on capitalised words the rules already found (they are never tagged when scanning).
    public var includeRuleTokens = true
    /// Margin stored in the tagger (see `NameTagger.margin`).
    public var margin: Float = 4

    /// A trainer with the default settings.
    public init() {}

    /// One note ready for training: tokens, features, gold class per token and which tokens are examples.
    struct Prepared {
        var features: TokenFeatures
        var gold: [UInt8]
        var example: [Bool]
    }

    /// Scans `note` with the rules and labels its tokens.
    func prepare(_ note: AnnotatedNote, rules: PHIScanner) -> Prepared {
        var text = note.text
        return text.withUTF8 { b in
            let tokens = TextToken.tokenize(b)
            let ruleSpans = rules.scan(bytes: b)
            let f = TokenFeatures(bytes: b, tokens: tokens, ruleSpans: ruleSpans, lexicon: rules.lexicon)
            var gold = [UInt8](repeating: 0, count: tokens.count)
            for s in note.spans {
                let c: UInt8 = s.type == PHIType.name.rawValue ? 1 : s.type == PHIType.location.rawValue ? 2 : 0
                guard c != 0 else { continue }
                var k = TokenFeatures.firstToken(endingAfter: s.start, in: tokens)
                while k < tokens.count, tokens[k].start < s.end { gold[k] = c; k += 1 }
            }
            var example = [Bool](repeating: false, count: tokens.count)
            for i in tokens.indices {
                let info = f.info[i]
                if f.isCandidate(i) {
                    example[i] = true
                } else if includeRuleTokens, info.rule != 0, tokens[i].isWord, tokens[i].digits == 0, tokens[i].capitalised {
                    example[i] = true
                }
            }
            return Prepared(features: f, gold: gold, example: example)
        }
    }

    /// Trains on `notes`. The same notes, lexicon and settings give the same weights bit for bit.
    public func train(_ notes: [AnnotatedNote], lexicon: Lexicon = .shared) -> NameTagger {
        let rules = PHIScanner(lexicon: lexicon, tagger: nil)
        let data = notes.map { prepare($0, rules: rules) }
        let rows = 1 << bucketBits, k = 3
        var w = [Float](repeating: 0, count: rows * k)
        var total = [Double](repeating: 0, count: rows * k)
        var stamp = [Int](repeating: 0, count: rows * k)
        var tick = 0
        var order = Array(data.indices)
        var rng = seed
        var buf = [UInt64](repeating: 0, count: TokenFeatures.count)
        for _ in 0..<epochs {
            // Fisher–Yates with splitmix64.
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                rng &+= 0x9E37_79B9_7F4A_7C15
                let j = Int(TokenFeatures.mix(0, rng) % UInt64(i + 1))
                order.swapAt(i, j)
            }
            for n in order {
                let p = data[n]
                var previous = 0
                for i in p.gold.indices {
                    let info = p.features.info[i]
                    guard p.example[i] else { previous = Int(NameTagger.ruleClass(info.rule)); continue }
                    buf.withUnsafeMutableBufferPointer { out in p.features.features(i, previousClass: previous, into: out) }
                    var s0: Float = 0, s1: Float = 0, s2: Float = 0
                    for h in buf {
                        let r = TokenFeatures.bucket(h, bits: bucketBits) * k
                        s0 += w[r]; s1 += w[r + 1]; s2 += w[r + 2]
                    }
                    let guess = s2 > s1 ? (s2 > s0 ? 2 : 0) : (s1 > s0 ? 1 : 0)
                    tick += 1
                    let truth = Int(p.gold[i])
                    if guess != truth {
                        for h in buf {
                            let r = TokenFeatures.bucket(h, bits: bucketBits) * k
                            for (c, delta) in [(r + truth, Float(1)), (r + guess, Float(-1))] {
                                total[c] += Double(tick - stamp[c]) * Double(w[c])
                                stamp[c] = tick
                                w[c] += delta
                            }
                        }
                    }
                    // As when scanning: a word the rules found counts with the rules' class.
                    previous = info.rule != 0 ? Int(NameTagger.ruleClass(info.rule)) : guess
                }
            }
        }
        var averaged = [Float](repeating: 0, count: rows * k)
        if tick > 0 {
            for r in 0..<(rows * k) {
                averaged[r] = Float((total[r] + Double(tick - stamp[r]) * Double(w[r])) / Double(tick))
            }
        }
        return NameTagger(bucketBits: bucketBits, realWeights: averaged, margin: margin)
    }
}
