import Foundation
import CGalenPlatform

/// The BLAS library behind matrix products (OpenBLAS on Linux, Accelerate on
/// Apple), its kernel and threads.
///
/// On Linux, Galen loads OpenBLAS itself on first use, after choosing the
/// library's core type for this CPU, so the fast kernel is used without user
/// action (see `CGalenPlatform/blas_loader.c`), replacing a weaker
/// `OPENBLAS_CORETYPE` inherited from the environment; `GALEN_BLAS_CORE` forces a core. Threads follow `GALEN_NUM_THREADS` (default: all cores).
public enum BLAS {
    /// Loads the library if needed.
    /// - Throws: `BLASError.unavailable` with the loader's message when it cannot be loaded.
    public static func load() throws {
        if let message = galen_blas_load(Int32(Parallel.threadCount)) {
            throw BLASError.unavailable(String(cString: message))
        }
    }

    @inline(__always) static func ensureLoaded() {
        if let message = galen_blas_load(Int32(Parallel.threadCount)) {
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
        /// BLAS threads.
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

    /// Runs `body` with BLAS on one thread, for callers that parallelise over rows themselves
    /// (many small products gain little from BLAS's own threads). Restores the previous thread count
    /// after, so that regions nest.
    public static func withSingleThread<T>(_ body: () throws -> T) rethrows -> T {
        ensureLoaded()
        let reported = galen_blas_get_threads()
        let previous = reported > 0 ? reported : Int32(Parallel.threadCount)
        galen_blas_set_threads(1)
        defer { galen_blas_set_threads(previous) }
        return try body()
    }

    /// Threads BLAS uses now: 1 inside `withSingleThread`, otherwise `Parallel.threadCount`. Kernels
    /// that split work over threads themselves check it to avoid splitting again inside such a region.
    public static var currentThreads: Int {
        ensureLoaded()
        let reported = Int(galen_blas_get_threads())
        return reported > 0 ? reported : Parallel.threadCount
    }

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
        galen_sgemm(transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda),
                    b, Int32(ldb), beta, c, Int32(ldc))
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
