import Foundation
import Testing
@testable import GalenTensor

/// Galen's worker pool (`Parallel.run`, `thread_pool.c`): every iteration runs exactly once, regions
/// started inside a region or from several threads at once still run all their iterations, and
/// `forRanges` covers its range whether it runs in parallel or in turn.
@Suite("Parallel pool")
struct ParallelPoolTests {
    /// Counts per iteration, written by whichever thread runs it.
    final class Counts: @unchecked Sendable {
        let values: UnsafeMutableBufferPointer<Int>
        init(_ n: Int) { values = .allocate(capacity: n); values.initialize(repeating: 0) }
        deinit { values.deallocate() }
    }

    @Test func everyIterationRunsOnce() {
        for n in [1, 2, 3, 17, 1000] {
            let counts = Counts(n)
            for _ in 0..<50 { Parallel.run(n) { i in counts.values[i] += 1 } }
            #expect(counts.values.allSatisfy { $0 == 50 }, "n = \(n)")
        }
    }

    @Test func nestedRegionsRunInTurn() {
        let counts = Counts(8 * 8)
        Parallel.run(8) { i in
            Parallel.run(8) { j in counts.values[i * 8 + j] += 1 }
        }
        #expect(counts.values.allSatisfy { $0 == 1 })
    }

    @Test func regionsFromSeveralThreadsAtOnce() {
        let threads = 4, n = 300
        let counts = Counts(threads * n)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for _ in 0..<20 { Parallel.run(n) { i in counts.values[t * n + i] += 1 } }
        }
        #expect(counts.values.allSatisfy { $0 == 20 })
    }

    @Test func forRangesCoversItsRangeOnce() {
        for (count, cost) in [(5, Parallel.grainSize), (1001, 1 << 10), (2, 1)] {
            let counts = Counts(count)
            Parallel.forRanges(count, costPerItem: cost) { r in for i in r { counts.values[i] += 1 } }
            #expect(counts.values.allSatisfy { $0 == 1 }, "count \(count)")
        }
    }
}
