import Foundation
import CGalenPlatform

/// Parallel loops for kernels that BLAS does not cover (elementwise maps,
/// reductions, im2col). The thread count follows `GALEN_NUM_THREADS`, default
/// all cores; small work runs inline, since waking threads costs microseconds.
public enum Parallel {
    /// Threads Galen's own loops and its matrix products use (see `BLAS`).
    public static let threadCount: Int = {
        if let s = ProcessInfo.processInfo.environment["GALEN_NUM_THREADS"], let n = Int(s), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Elements below which an elementwise loop stays on one thread.
    /// Measured: below ~256K floats a memory-bound loop finishes in tens of microseconds,
    /// less than waking a second thread while OpenBLAS threads spin on the other core.
    public static let grainSize = 1 << 18

    /// Splits `0..<count` into contiguous chunks and runs `body` on each,
    /// in parallel when `count * costPerItem` is large enough to pay for it and no other parallel
    /// region is running (loops and products inside `body` then stay on their thread). The chunks
    /// depend only on `count`, `costPerItem` and the thread count, never on whether they run in
    /// parallel, so results are reproducible bit for bit.
    @inlinable
    public static func forRanges(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        let work = count &* max(costPerItem, 1)
        let threads = min(threadCount, max(1, work / grainSize))
        if threads <= 1 || count < 2 {
            body(0..<count)
            return
        }
        let chunks = min(threads, count)
        let per = (count + chunks - 1) / chunks
        if galen_parallel_depth() > 0 {
            // The cores are busy with another region: the same chunks, one after another, so that results
            // that depend on the chunks (partial sums) are the same bit for bit either way.
            for c in 0..<chunks where c * per < count { body((c * per)..<min(count, c * per + per)) }
            return
        }
        galen_parallel_enter()
        defer { galen_parallel_leave() }
        run(chunks) { c in
            let lo = c * per
            let hi = min(count, lo + per)
            if lo < hi { body(lo..<hi) }
        }
    }

    /// Runs `body(i)` for every i in `0..<iterations` on Galen's threads (the calling thread and
    /// `threadCount - 1` workers of `thread_pool.c`), returning when all are done; on the calling
    /// thread, in order, while another region runs. Callers that split work themselves wrap this in
    /// `BLAS.withSingleThread`, so that products and loops inside `body` do not split again.
    public static func run(_ iterations: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { task in
            var task = task
            withUnsafeMutablePointer(to: &task) { pointer in
                galen_pool_run(Int32(threadCount), iterations, pointer) { context, index in
                    context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(index)
                }
            }
        }
    }
}
