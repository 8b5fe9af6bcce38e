/// Selection of the `k` highest scores with a bounded min-heap: O(n log k) time, O(k) memory.
///
/// Ties are broken by the lower document position, so results are deterministic. NaN scores are skipped.
public enum TopK {
    /// The `k` best of `scores` (document `i` has score `scores[i]`), best first.
    /// - Parameter include: positions to consider; nil considers every position.
    public static func select(_ scores: UnsafeBufferPointer<Float>, k: Int, where include: ((Int) -> Bool)? = nil) -> [SearchHit] {
        guard k > 0 else { return [] }
        var heap: [SearchHit] = []
        heap.reserveCapacity(k)
        for i in 0..<scores.count {
            let s = scores[i]
            if s.isNaN { continue }
            if let include, !include(i) { continue }
            if heap.count < k {
                heap.append(SearchHit(document: i, score: s))
                siftUp(&heap, heap.count - 1)
            } else if better(SearchHit(document: i, score: s), heap[0]) {
                heap[0] = SearchHit(document: i, score: s)
                siftDown(&heap, 0)
            }
        }
        return heap.sorted(by: better)
    }

    /// The `k` best of `scores`, best first.
    public static func select(_ scores: [Float], k: Int) -> [SearchHit] {
        scores.withUnsafeBufferPointer { select($0, k: k) }
    }

    /// Whether `a` ranks before `b`: higher score, then lower position.
    @inline(__always)
    static func better(_ a: SearchHit, _ b: SearchHit) -> Bool {
        a.score > b.score || (a.score == b.score && a.document < b.document)
    }

    /// Min-heap on rank: the root is the worst hit kept.
    @inline(__always)
    static func siftUp(_ heap: inout [SearchHit], _ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            if better(heap[parent], heap[i]) { heap.swapAt(parent, i); i = parent } else { break }
        }
    }

    @inline(__always)
    static func siftDown(_ heap: inout [SearchHit], _ start: Int) {
        var i = start
        let n = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var worst = i
            if l < n, better(heap[worst], heap[l]) { worst = l }
            if r < n, better(heap[worst], heap[r]) { worst = r }
            if worst == i { return }
            heap.swapAt(i, worst)
            i = worst
        }
    }
}

extension TopK {
    /// The `k` best of the positions in `indices`, scored by `scores[index]`, best first.
    public static func select(indices: [Int32], scores: UnsafeBufferPointer<Float>, k: Int) -> [SearchHit] {
        guard k > 0 else { return [] }
        var heap: [SearchHit] = []
        heap.reserveCapacity(min(k, indices.count))
        for index in indices {
            let hit = SearchHit(document: Int(index), score: scores[Int(index)])
            if hit.score.isNaN { continue }
            if heap.count < k {
                heap.append(hit)
                siftUp(&heap, heap.count - 1)
            } else if better(hit, heap[0]) {
                heap[0] = hit
                siftDown(&heap, 0)
            }
        }
        return heap.sorted(by: better)
    }
}
