/// Overlapping windows over a token sequence longer than a model's input, and the stitching rule that takes each
/// token's prediction from one window.
///
/// Windows hold `length` tokens and start every `stride` tokens; the last window is aligned to the end of the
/// sequence, so every window is full when the sequence is at least `length` long (one window of the whole sequence
/// otherwise). Each token is owned by the window that sees it with the most context on its nearer side (the largest
/// distance to that window's closer edge; the earlier window on a tie), so predictions near a window's edge come
/// from a neighbour that sees around them.
public struct TokenWindows: Sendable, Equatable {
    /// Tokens in the sequence.
    public let tokenCount: Int
    /// Tokens per window at most.
    public let length: Int
    /// First token of each window, increasing.
    public let starts: [Int]

    /// Windows over `tokenCount` tokens.
    /// - Parameters:
    ///   - length: tokens per window (≥ 1).
    ///   - stride: tokens between window starts (1…`length`; `length / 2` gives half-overlapping windows).
    /// - Throws: `TextError.invalidOption` when `length` or `stride` is out of range or `tokenCount` is negative.
    public init(tokenCount: Int, length: Int, stride: Int) throws {
        guard tokenCount >= 0 else { throw TextError.invalidOption("token count must not be negative, got \(tokenCount)") }
        guard length >= 1 else { throw TextError.invalidOption("window length must be at least 1, got \(length)") }
        guard stride >= 1, stride <= length else {
            throw TextError.invalidOption("window stride must be in 1...\(length), got \(stride)")
        }
        self.tokenCount = tokenCount
        self.length = length
        var starts = [0]
        if tokenCount > length {
            var s = stride
            while s + length < tokenCount { starts.append(s); s += stride }
            starts.append(tokenCount - length)
        }
        self.starts = starts
    }

    /// Token indices of window `w`.
    public func range(_ w: Int) -> Range<Int> { starts[w] ..< min(tokenCount, starts[w] + length) }

    /// The window that owns token `i` (0 ≤ i < `tokenCount`) and the token's position inside it.
    public func owner(of i: Int) -> (window: Int, offset: Int) {
        var best = 0, bestMargin = Int.min
        for w in starts.indices {
            let r = range(w)
            guard r.contains(i) else { continue }
            let margin = min(i - r.lowerBound, r.upperBound - 1 - i)
            if margin > bestMargin { best = w; bestMargin = margin }
        }
        return (best, i - starts[best])
    }
}
