import Foundation
import GalenData
import GalenNN
import GalenTensor

/// The comparison baseline: TF-IDF bag of words → logistic regression (one linear layer; softmax for multiclass,
/// sigmoid for binary), trained like the network with early stopping on validation.
///
/// Words come from BERT's basic tokenizer (lowercased, accents stripped, punctuation split). The vocabulary is the
/// `maxFeatures` words of highest document frequency among those in at least 2 training texts; a text's vector is
/// sublinear term frequency (1 + ln tf) × smoothed IDF (ln((1 + n) / (1 + df)) + 1), L2-normalised. Vectors are
/// kept sparse and made dense one batch at a time.
struct BagOfWordsFeatures {
    /// Word → column.
    let vocabulary: [String: Int]
    /// IDF per column.
    let idf: [Float]
    let tokenizer = BasicTokenizer(lowercase: true)

    /// Fits the vocabulary and IDF on `texts` (training texts only).
    init(fitting texts: [String], maxFeatures: Int = 5000) {
        var df: [String: Int] = [:]
        let tokenizer = BasicTokenizer(lowercase: true)
        for t in texts { for w in Set(tokenizer.words(t)) { df[w, default: 0] += 1 } }
        let kept = df.filter { $0.value >= 2 }.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .prefix(maxFeatures)
        var vocabulary: [String: Int] = [:]
        var idf: [Float] = []
        let n = Float(texts.count)
        for (i, (w, d)) in kept.enumerated() {
            vocabulary[w] = i
            idf.append(logf((1 + n) / (1 + Float(d))) + 1)
        }
        self.vocabulary = vocabulary
        self.idf = idf
    }

    /// Columns.
    var count: Int { idf.count }

    /// The sparse TF-IDF vector of each text: (column, value) pairs, L2-normalised.
    func vectors(_ texts: [String]) -> [[(Int, Float)]] {
        texts.map { text in
            var tf: [Int: Int] = [:]
            for w in tokenizer.words(text) { if let c = vocabulary[w] { tf[c, default: 0] += 1 } }
            // Sorted by column first, so that the norm is summed in the same order in every process (a
            // dictionary's order is not), and the baseline is the same bit for bit for the same seed.
            var v = tf.map { ($0.key, (1 + logf(Float($0.value))) * idf[$0.key]) }.sorted { $0.0 < $1.0 }
            let norm = sqrtf(v.reduce(0) { $0 + $1.1 * $1.1 })
            if norm > 0 { v = v.map { ($0.0, $0.1 / norm) } }
            return v
        }
    }

    /// Dense rows `[indices.count, count]` of `vectors` at `indices`.
    func dense(_ vectors: [[(Int, Float)]], _ indices: [Int]) -> Tensor {
        let x = Tensor.zeros([indices.count, count])
        for (r, i) in indices.enumerated() { for (c, v) in vectors[i] { x.pointer[r * count + c] = v } }
        return x
    }
}
