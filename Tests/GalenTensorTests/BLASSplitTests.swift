import Foundation
import Testing
@testable import GalenTensor

/// `BLAS.sgemm` splits large products over Galen's threads (by columns or by rows of C, every
/// transpose, with leading dimensions wider than the matrices); the blocks must add up to the
/// product computed in one piece, and regions must stop nested splitting.
@Suite("BLAS products split over threads")
struct BLASSplitTests {
    /// op(A)·op(B) + beta·C in Double, for row-major matrices with the given leading dimensions.
    func reference(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: [Float], lda: Int, b: [Float], ldb: Int,
                   beta: Float, c: [Float], ldc: Int) -> [Float] {
        var out = c
        for i in 0..<m { for j in 0..<n {
            var s = 0.0
            for p in 0..<k {
                let x = transA ? a[p * lda + i] : a[i * lda + p]
                let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                s += Double(x) * Double(y)
            }
            out[i * ldc + j] = Float(s) + beta * c[i * ldc + j]
        } }
        return out
    }

    @Test(arguments: [(600, 37, 90), (37, 600, 90), (129, 131, 80), (64, 2000, 9)])
    func splitEqualsReference(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        #expect(m * n * k >= BLAS.splitWork, "the shape must be large enough to be split")
        for transA in [false, true] { for transB in [false, true] { for beta: Float in [0, 1] {
            let lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 5, ldc = n + 2
            let a = randn([(transA ? k : m) * lda], seed: 1).scalars
            let b = randn([(transB ? n : k) * ldb], seed: 2).scalars
            var c = randn([m * ldc], seed: 3).scalars
            let expected = reference(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                                     beta: beta, c: c, ldc: ldc)
            a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in c.withUnsafeMutableBufferPointer { pc in
                BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, a: pa.baseAddress!, lda: lda,
                           b: pb.baseAddress!, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: ldc)
            } } }
            // Columns between n and ldc are padding and must be untouched, like the product itself.
            #expect(close(c, expected, atol: 1e-3, rtol: 1e-4), "transA \(transA) transB \(transB) beta \(beta)")
        } } }
    }

    /// Regions nest. (Other tests run concurrently in this process and open regions of their own, so only
    /// what holds inside a region is checked: the count is process-wide by design.)
    @Test func regionsStopNestedSplitting() {
        BLAS.withSingleThread {
            #expect(BLAS.currentThreads == 1)
            BLAS.withSingleThread { #expect(BLAS.currentThreads == 1) }
            #expect(BLAS.currentThreads == 1)
        }
    }

    /// Products started from the threads of a parallel loop run at the same time on the single-threaded
    /// library (no splitting inside the loop) and each gives its own exact result.
    @Test func concurrentProductsInsideALoop() throws {
        let (m, n, k) = (96, 200, 64)
        let a = randn([m, k], seed: 5), b = randn([k, n], seed: 6)
        let expected = referenceMatmul(a.scalars, b.scalars, m: m, k: k, n: n)
        let out = UnsafeMutableBufferPointer<Float>.allocate(capacity: 4 * m * n)
        defer { out.deallocate() }
        Parallel.forRanges(4, costPerItem: m * n * k) { r in
            for i in r {
                BLAS.sgemm(transA: false, transB: false, m: m, n: n, k: k, a: a.pointer, lda: k, b: b.pointer, ldb: n,
                           c: out.baseAddress! + i * m * n, ldc: n)
            }
        }
        for i in 0..<4 {
            #expect(close(Array(out[(i * m * n)..<((i + 1) * m * n)]), expected, atol: 1e-3, rtol: 1e-4), "product \(i)")
        }
    }
}
