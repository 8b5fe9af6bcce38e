import Foundation
import CGalenPlatform

/// The BLAS library behind matrix products (OpenBLAS on Linux, Accelerate on
/// Apple), its kernel and threads.
///
/// On Linux, Galen loads OpenBLAS itself on first use, after choosing the
/// library's core type for this CPU, so the fast kernel is used without user
/// action (see `CGalenPlatform/blas_loader.c`), replacing a weaker
/// `OPENBLAS_CORETYPE` inherited from the environment; `GALEN_BLAS_CORE` forces a core.
///
/// Threads: OpenBLAS is loaded single-threaded and `sgemm` splits large products over Galen's own
/// threads (`Parallel`, `GALEN_NUM_THREADS`, default all cores) — one set of threads for products
/// and for every other loop, so that no idle BLAS worker spins on a core another loop needs.
public enum BLAS {
    /// Loads the library if needed.
    /// - Throws: `BLASError.unavailable` with the loader's message when it cannot be loaded.
    public static func load() throws {
        if let message = galen_blas_load() {
            throw BLASError.unavailable(String(cString: message))
        }
    }

    @inline(__always) static func ensureLoaded() {
        if let message = galen_blas_load() {
            fatalError(String(cString: message))
        }
    }

    /// A description of the library for `galen info`.
    public struct Info: Sendable, Codable {
        /// Library name and build configuration.
        public var library: String
        /// Path of the loaded shared library, when known.
        public var path: String
        /// Kernel (core) in use, e.g. "SkylakeX".
        public var core: String
        /// Where the core came from: "chosen by Galen for this CPU", "forced by GALEN_BLAS_CORE", or "library's own detection".
        public var coreSource: String
        /// The library's own threads: 1 with OpenBLAS, whose products Galen splits over its own threads
        /// (`Parallel.threadCount`); 0 where the library does not say (Accelerate).
        public var threads: Int
        /// CPU features relevant to kernels.
        public var cpuFeatures: String
    }

    /// Loads the library and reads its own report of its configuration.
    /// - Throws: `BLASError.unavailable` when the library cannot be loaded.
    public static func info() throws -> Info {
        try load()
        let source: String
        let replaced = String(cString: galen_blas_coretype_replaced())
        if galen_blas_coretype_from_user() != 0 {
            source = "forced by GALEN_BLAS_CORE"
        } else if !String(cString: galen_blas_coretype_choice()).isEmpty {
            source = "chosen by Galen for this CPU" + (replaced.isEmpty ? "" : " (replacing OPENBLAS_CORETYPE=\(replaced) from the environment)")
        } else {
            source = "library's own detection"
        }
        return Info(library: String(cString: galen_blas_config()), path: String(cString: galen_blas_path()),
                    core: String(cString: galen_blas_corename()), coreSource: source,
                    threads: Int(galen_blas_get_threads()), cpuFeatures: String(cString: galen_cpu_features()))
    }

    /// Runs `body` as a parallel region of its own: the caller splits its work over threads itself
    /// (by rows, say), so products and `Parallel` loops started inside run on their calling thread
    /// instead of splitting again. Regions nest.
    public static func withSingleThread<T>(_ body: () throws -> T) rethrows -> T {
        galen_parallel_enter()
        defer { galen_parallel_leave() }
        return try body()
    }

    /// Threads a product started now would use: 1 inside a parallel region (`withSingleThread`, or
    /// a `Parallel` loop running), otherwise `Parallel.threadCount`. Kernels that split work over
    /// threads themselves check it to avoid splitting again inside such a region.
    public static var currentThreads: Int {
        galen_parallel_depth() > 0 ? 1 : Parallel.threadCount
    }

    /// Multiply-adds (m·n·k) below which a product runs in one piece (about 10 µs of one core's
    /// work): smaller products gain little from a second thread, and callers running many of them in
    /// parallel (attention heads, Winograd planes) keep them whole.
    static let splitWork = 1 << 20

    /// C = alpha · op(A) · op(B) + beta · C for row-major Float32 matrices.
    /// op(A) is m×k, op(B) is k×n, C is m×n; lda/ldb/ldc are row strides.
    @inline(__always)
    public static func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        ensureLoaded()
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        // The blocks depend only on the shape and the thread count, never on whether they run in parallel:
        // OpenBLAS rounds a small block differently from a large one (its small-matrix kernels), so a
        // product must be cut the same way every time to give the same bits.
        let threads = m &* n &* k >= splitWork ? Parallel.threadCount : 1
        if threads <= 1 || galen_blas_get_threads() != 1 || max(m, n) < 2 * threads {
            galen_sgemm(transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda),
                        b, Int32(ldb), beta, c, Int32(ldc))
            return
        }
        // Split the longer side of C into one block per thread; each block is an independent product
        // on the single-threaded library (blocks of n in multiples of 16 columns for its kernels).
        let splitColumns = n >= m
        let length = splitColumns ? n : m
        let align = splitColumns ? 16 : 4
        let per = ((length + threads - 1) / threads + align - 1) / align * align
        let parts = (length + per - 1) / per
        let block = { (p: Int) in
            let lo = p * per, size = min(length, lo + per) - lo
            if splitColumns {
                galen_sgemm(transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(size), Int32(k), alpha, a, Int32(lda),
                            b + (transB ? lo * ldb : lo), Int32(ldb), beta, c + lo, Int32(ldc))
            } else {
                galen_sgemm(transA ? 1 : 0, transB ? 1 : 0, Int32(size), Int32(n), Int32(k), alpha,
                            a + (transA ? lo : lo * lda), Int32(lda), b, Int32(ldb), beta, c + lo * ldc, Int32(ldc))
            }
        }
        if galen_parallel_depth() > 0 {
            // Inside another parallel region the cores are busy: the same blocks, one after another.
            for p in 0..<parts { block(p) }
            return
        }
        galen_parallel_enter()
        defer { galen_parallel_leave() }
        Parallel.run(parts, block)
    }
}

/// Failure to use the BLAS library.
public enum BLASError: Error, CustomStringConvertible {
    /// The library could not be loaded; the message says what to install.
    case unavailable(String)
    public var description: String {
        switch self { case let .unavailable(m): return m }
    }
}
