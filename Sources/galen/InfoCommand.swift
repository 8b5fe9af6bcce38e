import ArgumentParser
import Foundation
import GalenTensor

extension Galen {
    /// `galen info`: what Galen runs on.
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the BLAS library, its kernel, thread count and CPU features.",
            discussion: """
            Galen loads OpenBLAS itself and picks its fastest kernel for this CPU, replacing a
            weaker OPENBLAS_CORETYPE inherited from the environment. GALEN_BLAS_CORE forces a
            kernel (e.g. Haswell); GALEN_NUM_THREADS sets the thread count (default: all cores).

            Examples:
              galen info
              galen info --json
              GALEN_NUM_THREADS=1 galen info
            """
        )

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            let info: BLAS.Info
            do { info = try BLAS.info() } catch { throw CLIError.data("\(error)") }
            if json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(info), as: UTF8.self))
                return
            }
            print("""
            Galen \(GalenVersion.string)
            BLAS library:  \(info.library)
            BLAS path:     \(info.path.isEmpty ? "(unknown)" : info.path)
            BLAS kernel:   \(info.core), \(info.coreSource)
            BLAS threads:  \(info.threads == 1 ? "1 (Galen splits large products over its own threads)" : "\(info.threads)")
            Galen threads: \(Parallel.threadCount) (GALEN_NUM_THREADS; loops and matrix products)
            CPU features:  \(info.cpuFeatures.isEmpty ? "(none detected)" : info.cpuFeatures)
            """)
        }
    }
}
