import Foundation

/// An Okapi BM25 index over the words of a document collection (``SearchTokenizer``), stored as compressed-row
/// postings (documents and term frequencies per term).
///
/// Score of document d for query q (each distinct query word t counted once):
///
///     score(d, q) = Σ_t idf(t) · tf(t,d) · (k1 + 1) / (tf(t,d) + k1 · (1 − b + b · |d| / avgdl))
///     idf(t)      = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
///
/// with N documents, df(t) documents containing t, |d| the word count of d and avgdl the mean word count; k1 = 1.2,
/// b = 0.75 by default. This idf (Lucene's) is never negative, so a very common word cannot lower a score.
public struct BM25Index: Sendable, Equatable {
    /// Term-frequency saturation (1.2).
    public let k1: Float
    /// Length normalisation (0.75).
    public let b: Float
    /// The word tokenizer used for documents and queries.
    public let tokenizer: SearchTokenizer
    /// Number of documents.
    public let documentCount: Int
    /// Words, by term id.
    public let terms: [String]
    /// Word → term id.
    let termIDs: [String: Int32]
    /// Postings of term t are `postingDocuments[postingStart[t] ..< postingStart[t + 1]]` (ascending).
    let postingStart: [Int32]
    /// Document positions of all postings.
    let postingDocuments: [Int32]
    /// Term frequency of each posting.
    let postingFrequencies: [UInt16]
    /// Word count of each document.
    public let documentLengths: [Int32]

    /// Mean word count per document (avgdl).
    public var averageLength: Float {
        documentCount == 0 ? 0 : Float(documentLengths.reduce(0) { $0 + Int($1) }) / Float(documentCount)
    }

    /// Builds the index of `texts` (document i is `texts[i]`).
    /// - Throws: `SearchError.invalidArgument` for k1 < 0, b outside [0, 1], or more than 2³¹ postings.
    public init(texts: [String], tokenizer: SearchTokenizer = SearchTokenizer(), k1: Float = 1.2, b: Float = 0.75) throws {
        guard k1 >= 0, b >= 0, b <= 1 else {
            throw SearchError.invalidArgument("BM25 needs k1 ≥ 0 and 0 ≤ b ≤ 1 (got k1 \(k1), b \(b))")
        }
        var termIDs: [String: Int32] = [:]
        var terms: [String] = []
        var perTerm: [[(doc: Int32, tf: UInt16)]] = []
        var lengths = [Int32](repeating: 0, count: texts.count)
        var counts: [Int32: Int] = [:]
        for (d, text) in texts.enumerated() {
            counts.removeAll(keepingCapacity: true)
            var length = 0
            tokenizer.forEachWord(text) { word in
                length += 1
                let id: Int32
                if let existing = termIDs[word] { id = existing } else {
                    id = Int32(terms.count)
                    termIDs[word] = id
                    terms.append(word)
                    perTerm.append([])
                }
                counts[id, default: 0] += 1
            }
            lengths[d] = Int32(clamping: length)
            for (id, tf) in counts { perTerm[Int(id)].append((Int32(d), UInt16(clamping: tf))) }
        }
        var start: [Int32] = [0]
        start.reserveCapacity(terms.count + 1)
        var docs: [Int32] = []
        var freqs: [UInt16] = []
        for list in perTerm {
            for p in list { docs.append(p.doc); freqs.append(p.tf) }
            guard docs.count < Int(Int32.max) else { throw SearchError.invalidArgument("too many postings for one index") }
            start.append(Int32(docs.count))
        }
        try self.init(k1: k1, b: b, tokenizer: tokenizer, documentCount: texts.count, terms: terms, postingStart: start,
                      postingDocuments: docs, postingFrequencies: freqs, documentLengths: lengths, source: "index")
    }

    /// Assembles an index from its arrays, checking that they fit together (used when loading a file).
    /// - Throws: `SearchError.corruptFile` naming `source` when sizes, offsets or positions are inconsistent.
    init(k1: Float, b: Float, tokenizer: SearchTokenizer, documentCount: Int, terms: [String], postingStart: [Int32],
         postingDocuments: [Int32], postingFrequencies: [UInt16], documentLengths: [Int32], source: String) throws {
        func corrupt(_ reason: String) -> SearchError { .corruptFile(path: source, reason: reason) }
        guard k1.isFinite, b.isFinite, k1 >= 0, b >= 0, b <= 1 else { throw corrupt("BM25 parameters out of range") }
        guard documentLengths.count == documentCount else { throw corrupt("document lengths do not match the document count") }
        guard postingStart.count == terms.count + 1, postingStart.first == 0,
              Int(postingStart.last ?? -1) == postingDocuments.count,
              postingDocuments.count == postingFrequencies.count else {
            throw corrupt("posting offsets do not match the postings")
        }
        var termIDs: [String: Int32] = [:]
        termIDs.reserveCapacity(terms.count)
        for (i, term) in terms.enumerated() {
            guard postingStart[i] <= postingStart[i + 1] else { throw corrupt("posting offsets decrease at term \(i)") }
            guard termIDs.updateValue(Int32(i), forKey: term) == nil else { throw corrupt("term \(i) appears twice") }
        }
        for d in postingDocuments where d < 0 || Int(d) >= documentCount {
            throw corrupt("a posting points past the last document")
        }
        self.k1 = k1
        self.b = b
        self.tokenizer = tokenizer
        self.documentCount = documentCount
        self.terms = terms
        self.termIDs = termIDs
        self.postingStart = postingStart
        self.postingDocuments = postingDocuments
        self.postingFrequencies = postingFrequencies
        self.documentLengths = documentLengths
    }

    /// Number of documents containing `word` (already tokenized), 0 when unknown.
    public func documentFrequency(_ word: String) -> Int {
        guard let t = termIDs[word] else { return 0 }
        return Int(postingStart[Int(t) + 1] - postingStart[Int(t)])
    }

    /// idf of a word with document frequency `df`.
    public func inverseDocumentFrequency(documentFrequency df: Int) -> Float {
        Float(log(1 + (Double(documentCount) - Double(df) + 0.5) / (Double(df) + 0.5)))
    }

    /// The BM25 score of every document for `query` (0 for documents sharing no word with it).
    public func scores(_ query: String) -> [Float] {
        var scores = [Float](repeating: 0, count: documentCount)
        scores.withUnsafeMutableBufferPointer { out in _ = accumulate(query, into: out) }
        return scores
    }

    /// The `k` best documents for `query`, best first; only documents sharing a word with the query are returned.
    public func search(_ query: String, k: Int) -> [SearchHit] {
        var scores = [Float](repeating: 0, count: documentCount)
        return scores.withUnsafeMutableBufferPointer { out in
            let touched = accumulate(query, into: out)
            return TopK.select(indices: touched, scores: UnsafeBufferPointer(out), k: k)
        }
    }

    /// Adds the query's BM25 contributions into `scores` (zeroed by the caller); returns the documents touched.
    func accumulate(_ query: String, into scores: UnsafeMutableBufferPointer<Float>) -> [Int32] {
        var seen = Set<Int32>()
        var touched: [Int32] = []
        let avgdl = max(averageLength, 1e-9)
        tokenizer.forEachWord(query) { word in
            guard let t = termIDs[word], seen.insert(t).inserted else { return }
            let lo = Int(postingStart[Int(t)]), hi = Int(postingStart[Int(t) + 1])
            let idf = inverseDocumentFrequency(documentFrequency: hi - lo)
            let k1 = self.k1, b = self.b
            postingDocuments.withUnsafeBufferPointer { docs in
                postingFrequencies.withUnsafeBufferPointer { freqs in
                    documentLengths.withUnsafeBufferPointer { lengths in
                        for p in lo..<hi {
                            let d = Int(docs[p])
                            let tf = Float(freqs[p])
                            let norm = k1 * (1 - b + b * Float(lengths[d]) / avgdl)
                            if scores[d] == 0 { touched.append(docs[p]) }
                            scores[d] += idf * tf * (k1 + 1) / (tf + norm)
                        }
                    }
                }
            }
        }
        return touched
    }
}
