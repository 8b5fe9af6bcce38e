import Foundation
import CGalenPlatform
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// The BLAS library behind matrix products (OpenBLAS on Linux, Accelerate on
/// Apple), its kernel and threads.
///
/// On Linux, Galen picks OpenBLAS's core type for this CPU before the library
/// loads (see `CGalenPlatform/blas_environment.c`), so the fast kernel is used
/// without user action; `OPENBLAS_CORETYPE` set by the user wins.
public enum BLAS {
    private static let configured: Bool = {
        #if !canImport(Accelerate)
        openblas_set_num_threads(Int32(Parallel.threadCount))
        #endif
        return true
    }()

    /// Applies `GALEN_NUM_THREADS` (default: all cores) to the BLAS library. Idempotent.
    @inline(__always) public static func configureThreads() { _ = configured }

    /// A description of the library for `galen info`.
    public struct Info: Sendable, Codable {
        /// Library name and version ("OpenBLAS 0.3.21 …" or "Accelerate").
        public var library: String
        /// Path of the loaded shared library, when known.
        public var path: String?
        /// Kernel (core) in use, e.g. "SkylakeX" or "Haswell".
        public var core: String
        /// Where the core came from: "chosen by Galen for this CPU", "OPENBLAS_CORETYPE set by the user", or "library default".
        public var coreSource: String
        /// BLAS threads.
        public var threads: Int
        /// CPU features relevant to kernels.
        public var cpuFeatures: String
    }

    /// Reads the library's own report of its configuration.
    public static func info() -> Info {
        configureThreads()
        let features = String(cString: galen_cpu_features())
        #if canImport(Accelerate)
        return Info(library: "Accelerate", path: nil, core: "Accelerate", coreSource: "library default",
                    threads: Parallel.threadCount, cpuFeatures: features)
        #else
        let config = String(cString: openblas_get_config())
        let core = String(cString: openblas_get_corename())
        let source: String
        if galen_blas_coretype_from_user() != 0 {
            source = "OPENBLAS_CORETYPE set by the user"
        } else if !String(cString: galen_blas_coretype_choice()).isEmpty {
            source = "chosen by Galen for this CPU"
        } else {
            source = "library default"
        }
        return Info(library: "OpenBLAS " + config, path: loadedLibraryPath(), core: core, coreSource: source,
                    threads: Int(openblas_get_num_threads()), cpuFeatures: features)
        #endif
    }

    private static func loadedLibraryPath() -> String? {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return nil }
        for line in maps.split(separator: "\n") where line.contains("libopenblas") {
            if let slash = line.firstIndex(of: "/") { return String(line[slash...]) }
        }
        return nil
    }

    /// C = alpha · op(A) · op(B) + beta · C for row-major Float32 matrices.
    /// op(A) is m×k, op(B) is k×n, C is m×n; lda/ldb/ldc are row strides.
    @inline(__always)
    public static func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        configureThreads()
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
