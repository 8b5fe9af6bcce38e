import ArgumentParser
import Foundation
import GalenImaging
import GalenTabular
import GalenText
import GalenTensor

/// The `galen` command: clinical deep learning from the command line.
///
/// Exit codes: 0 success, 1 usage error, 2 data or model error.
@main
struct Galen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "galen",
        abstract: "Clinical deep learning in Swift: train, evaluate and serve models on patient data.",
        discussion: """
        Examples:
          galen inspect data.csv --target diagnosis     what Galen infers from a CSV
          galen train data.csv --target diagnosis       train, evaluate, write bundle and report
          galen train pneumoniamnist.npz                train a CNN on images (MedMNIST .npz, .npy)
          galen train notes.jsonl --target label        text classifier on MiniLM embeddings (--fine-tune)
          galen export-icd10 icd10cm.xml --out icd10-chapters.jsonl   ICD-10-CM texts → chapter, for train
          galen evaluate runs/data/bundle test.csv      evaluate a bundle on labelled rows
          galen ensemble a/bundle b/bundle --data x.npz --out runs/ens   image bundles → one ensemble bundle
          galen predict runs/data/bundle new.csv --out predictions.csv
          galen keys create --role predict              an API key for galen serve (printed once)
          galen serve runs/data/bundle --port 8080      HTTP inference server with audit trail
          galen audit --since 2026-11-01 --model data   who predicted what, when
          galen info                                    BLAS library, kernel, threads, CPU features
          galen keygen --out site.key                   a random key for encryption at rest
          galen encrypt data.csv --key-file site.key    data.csv.enc; train/predict read it with the key
          galen deid data.csv --policy policy.yaml --out clean.csv   de-identify a table
          galen index icd10cm.xml --out runs/icd10-index   search index (BM25 + embeddings)
          galen search runs/icd10-index "chest pain on exertion"     top-k codes with scores

        Exit codes: 0 success, 1 usage error, 2 data or model error.
        """,
        version: GalenVersion.string,
        subcommands: [Train.self, Evaluate.self, Predict.self, Ensemble.self, Inspect.self, Deid.self, Keygen.self, Encrypt.self, Decrypt.self,
                      Serve.self, Keys.self, Audit.self, Index.self, Search.self, ExportICD10.self, Info.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }  // --help, --version
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(1)
            }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            if let tabular = error as? TabularError, case .invalidOption = tabular {
                FileHandle.standardError.write(Data("error: \(tabular)\n".utf8))
                Foundation.exit(1)
            }
            if let text = error as? TextError, case .invalidOption = text {
                FileHandle.standardError.write(Data("error: \(text)\n".utf8))
                Foundation.exit(1)
            }
            if let imaging = error as? ImagingError, case .invalidOption = imaging {
                FileHandle.standardError.write(Data("error: \(imaging)\n".utf8))
                Foundation.exit(1)
            }
            // Everything else raised by Galen's modules is a data or model problem.
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(2)
        }
    }
}

/// An error with the exit code it maps to and a message for the user.
struct CLIError: Error {
    let message: String
    let exitCode: Int32
    static func usage(_ m: String) -> CLIError { CLIError(message: m, exitCode: 1) }
    static func data(_ m: String) -> CLIError { CLIError(message: m, exitCode: 2) }
}

/// Galen's version, written into model bundles and printed by `--version`.
enum GalenVersion {
    static let string = "0.1.0"
}
