import GalenTensor

/// A deterministic sentence encoder without a model: the character trigrams of each word (with `<` and `>` marking
/// word boundaries, words from ``SearchTokenizer`` without plural folding) and the whole words are hashed (64-bit
/// FNV-1a) into `dimension` signed buckets, and the vector is L2-normalised.
///
/// Texts sharing spellings get similar vectors ("hypertension" and "hypertensive" share most trigrams). It stands in
/// for MiniLM in tests and serves as a lexical dense baseline; it knows nothing of meaning (no synonyms).
public struct HashedTrigramEncoder: SentenceEncoder, Sendable {
    /// Embedding width.
    public let dimension: Int
    /// `hashed-trigrams-<dimension>`.
    public var identifier: String { "hashed-trigrams-\(dimension)" }
    let tokenizer = SearchTokenizer(foldPlurals: false)

    /// Creates the encoder.
    /// - Throws: `SearchError.invalidArgument` when `dimension` < 8.
    public init(dimension: Int = 512) throws {
        guard dimension >= 8 else { throw SearchError.invalidArgument("trigram encoder dimension must be ≥ 8 (got \(dimension))") }
        self.dimension = dimension
    }

    /// Embeddings `[texts.count, dimension]`, rows L2-normalised (a text without words gets a zero row).
    public func embed(_ texts: [String]) throws -> Tensor {
        let storage = TensorStorage(count: texts.count * dimension, repeating: 0)
        let out = storage.buffer
        let d = UInt64(dimension)
        for (row, text) in texts.enumerated() {
            let base = row * dimension
            func add(_ hash: UInt64, _ weight: Float) {
                let bucket = Int(hash % d)
                out[base + bucket] += (hash >> 63) == 0 ? weight : -weight
            }
            tokenizer.forEachWord(text) { word in
                var bytes: [UInt8] = [0x3C]
                bytes.append(contentsOf: word.utf8)
                bytes.append(0x3E)
                add(Self.fnv1a(bytes[...], seed: 0x9E37_79B9_7F4A_7C15), 1)
                if bytes.count >= 3 {
                    for i in 0...(bytes.count - 3) { add(Self.fnv1a(bytes[i..<(i + 3)], seed: 0), 1) }
                }
            }
            var norm: Float = 0
            for j in 0..<dimension { norm += out[base + j] * out[base + j] }
            if norm > 0 {
                let inv = 1 / norm.squareRoot()
                for j in 0..<dimension { out[base + j] *= inv }
            }
        }
        return Tensor(shape: [texts.count, dimension], storage: storage)
    }

    /// 64-bit FNV-1a of `bytes`, mixed with `seed`.
    static func fnv1a(_ bytes: ArraySlice<UInt8>, seed: UInt64) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        // Final avalanche so the top bit (the sign) and the low bits (the bucket) are well mixed.
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }
}
