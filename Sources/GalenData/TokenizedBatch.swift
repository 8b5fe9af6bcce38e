/// Token ids of several texts, padded to one length, with their attention masks: the input of a BERT encoder.
///
/// Row-major `[count, length]`: row `i` is text `i`, `[CLS] tokens… [SEP]` followed by `[PAD]` ids; the mask is 1
/// on real tokens (special tokens included) and 0 on padding.
public struct TokenizedBatch: Sendable, Equatable {
    /// Number of texts (rows).
    public let count: Int
    /// Tokens per row after truncation and padding.
    public let length: Int
    /// Token ids, `count × length`, row-major.
    public let ids: [Int32]
    /// Attention mask, `count × length`, row-major: 1 for a real token, 0 for padding.
    public let attentionMask: [Int32]

    /// Creates a batch; `ids` and `attentionMask` must both hold `count × length` values.
    public init(count: Int, length: Int, ids: [Int32], attentionMask: [Int32]) {
        precondition(ids.count == count * length && attentionMask.count == count * length,
                     "TokenizedBatch: ids and mask must hold count × length values")
        self.count = count
        self.length = length
        self.ids = ids
        self.attentionMask = attentionMask
    }

    /// The ids of row `i` (padding included).
    public func ids(ofRow i: Int) -> ArraySlice<Int32> { ids[(i * length)..<((i + 1) * length)] }

    /// The attention mask of row `i`.
    public func mask(ofRow i: Int) -> ArraySlice<Int32> { attentionMask[(i * length)..<((i + 1) * length)] }
}
