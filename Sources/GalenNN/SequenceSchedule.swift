/// The order in which a recurrent kernel visits the sequences of a batch (or of one chunk of its
/// rows), as PyTorch's packed sequences do: sequences are sorted longest first, so that at step `s`
/// the sequences still running are the first `active[s]` state rows and one matrix product of that
/// many rows advances them all. A sequence of length `L` runs steps `0..<L`; the forward direction
/// reads time `s` at step `s`, the reverse direction time `L − 1 − s`, so that it starts at the
/// sequence's true last element and never sees padding.
struct SequenceSchedule {
    /// Batch row held by each state row, longest sequence first (ties keep batch order).
    let order: [Int]
    /// `active[s]`: how many state rows (a prefix) are still running at step `s`.
    let active: [Int]
    /// Length of each batch row's sequence (indexed by batch row, for the whole batch).
    let lengths: [Int]

    /// The schedule of batch rows `rows`, whose sequences have `lengths[row]` valid steps (0 allowed).
    init(rows: Range<Int>, lengths: [Int]) {
        self.lengths = lengths
        order = rows.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }
        let steps = order.first.map { lengths[$0] } ?? 0
        var active = [Int](repeating: 0, count: steps)
        var count = order.count
        for s in 0..<steps {
            while count > 0 && lengths[order[count - 1]] <= s { count -= 1 }
            active[s] = count
        }
        self.active = active
    }

    /// Whether every sequence of these rows has the same length: then state row `r` is batch row
    /// `order[0] + r` at every step, and all rows read the same time index.
    var isUniform: Bool { order.first.map { lengths[$0] == lengths[order[order.count - 1]] } ?? true }

    /// Number of steps: the longest sequence's length.
    var steps: Int { active.count }

    /// The time index read at step `s` by batch row `row`.
    @inline(__always) func time(row: Int, step s: Int, reverse: Bool) -> Int {
        reverse ? lengths[row] - 1 - s : s
    }
}
