import ArgumentParser
import Foundation
import GalenBundle
import GalenPrivacy
import GalenTabular

extension Galen {
    /// `galen predict`: a saved model on new rows.
    struct Predict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Predict new rows with a model bundle.",
            discussion: """
            Checks each row against the bundle's input schema (missing columns are errors; wrong types
            and unseen categories are warnings naming row and column, or errors with --strict), applies
            the fitted preprocessing and writes, per input row, the ID column (when the model has one),
            the probabilities and the predicted label. Streams the input, so millions of rows need
            bounded memory. The output file appears only when complete.

            Examples:
              galen predict runs/wdbc/bundle new_patients.csv --out predictions.csv
              galen predict model/ visits.csv --strict --id-column visit_id > predictions.csv
              galen predict runs/p/bundle new.csv.enc --key-file site.key --out predictions.csv
              galen predict runs/pneumoniamnist/bundle images.npz --out preds.csv   (image model)
              galen predict runs/eunomia/bundle omop_folder/ --out risk.csv        (sequence model)

            Image bundles take an .npy of images, an .npz with an 'images' array, a MedMNIST .npz (its
            test split, or --split), or a folder of PNGs in class folders named as the model's classes; each output row is the image's index, probabilities and predicted class.

            Text bundles take a JSONL or CSV with the model's text field and the encoder folder they were
            trained with (--encoder, default models/all-MiniLM-L6-v2); each output row is the text's line in
            the input, the probabilities and the predicted class:
              galen predict runs/icd10-chapters/bundle notes.jsonl --out preds.csv

            Sequence bundles (from `galen train` on an OMOP folder or event CSV) read the new data the way
            the training data was read, index every patient by the bundle's rule and write one row per
            patient: patient_id, index_date, events (before the index), probability, prediction.

            Encrypted inputs (from `galen encrypt`) and encrypted bundles (`train --encrypt-bundle`)
            are read with --key-file or GALEN_KEY; an encrypted input is decrypted chunk by chunk.
            """
        )

        @Argument(help: "Model bundle folder.") var bundle: String
        @Argument(help: "CSV with the model's input columns, or images (.npz/.npy, or a folder of PNGs per class) for an image model.") var data: String
        @Option(help: "Images: split of a MedMNIST .npz to predict (train, val, test; default test).") var split: String?
        @Option(help: "Text models: the encoder folder the model was trained with (default models/all-MiniLM-L6-v2).") var encoder: String?
        @Option(help: "Output CSV (default: standard output).") var out: String?
        @Option(help: "Column to carry through as the row ID (default: the model's ID column, if present).") var idColumn: String?
        @Flag(help: "Treat warnings (unseen categories, type mismatches) as errors.") var strict = false
        @OptionGroup var key: KeyOptions
        @Flag(help: "Print a JSON summary (requires --out).") var json = false

        func run() throws {
            if json && out == nil { throw CLIError.usage("--json needs --out, since predictions go to standard output otherwise") }
            let k = try key.load(needed: EncryptedFile.isEncrypted(path: data) || isEncryptedBundle(at: URL(fileURLWithPath: bundle)))
            if isImageBundle(bundle, cipher: k.map { BundleEncryption(key: $0) }) {
                try runImages(cipher: k.map { BundleEncryption(key: $0) })
                return
            }
            if isTextBundle(bundle, cipher: k.map { BundleEncryption(key: $0) }) {
                try runText(cipher: k.map { BundleEncryption(key: $0) })
                return
            }
            if isSequenceBundle(bundle) {
                try runSequences()
                return
            }
            if encoder != nil { throw CLIError.usage("--encoder is for text models") }
            if split != nil { throw CLIError.usage("--split is for image models") }
            let model = try TabularModel(contentsOf: URL(fileURLWithPath: bundle), key: k)
            let showProgress = out != nil && isatty(STDERR_FILENO) != 0
            let summary = try TabularPrediction.run(model: model, inputPath: data, outputPath: out, strict: strict,
                                                    idColumn: idColumn, key: k) { rows in
                if showProgress { FileHandle.standardError.write(Data("\rpredicted \(rows) rows".utf8)) }
            }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            for w in summary.warnings.prefix(20) { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            if summary.warningCount > 20 {
                FileHandle.standardError.write(Data("… \(summary.warningCount - 20) more warnings\n".utf8))
            }
            if json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(summary), as: UTF8.self))
            } else if let out {
                print("Wrote \(summary.rows) predictions to \(out)")
            }
        }
    }
}
