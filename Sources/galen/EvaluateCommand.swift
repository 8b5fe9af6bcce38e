import ArgumentParser
import Foundation
import GalenBundle
import GalenClinical
import GalenPrivacy
import GalenTabular

extension Galen {
    /// `galen evaluate`: a saved model on labelled data.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a model bundle on a labelled CSV, with confidence intervals and a report.",
            discussion: """
            Applies the bundle's preprocessing and decision threshold to the rows, and evaluates the
            network and its baseline with 95% bootstrap confidence intervals. Writes report.html and
            metrics.json into --out (default: evaluation-<file name> beside the bundle).

            Examples:
              galen evaluate runs/wdbc/bundle runs/wdbc/test.csv
              galen evaluate model/ new_site.csv --out site_b --json
              galen evaluate runs/p/bundle runs/p/test.csv.enc --key-file site.key
              galen evaluate runs/pneumoniamnist/bundle pneumoniamnist.npz     (images: its test split)
              galen evaluate runs/eunomia/bundle other_omop_folder/             (sequences: the bundle's cohort rule)

            Image bundles take a MedMNIST .npz (its test split, or --split), an .npy of images with --labels,
            or a folder of PNGs per class (folders matched to the model's classes by name); the report adds Grad-CAM heat maps for some correct and some wrong predictions.

            Text bundles take a JSONL or CSV with the model's text and target fields, and the encoder folder
            they were trained with (--encoder, default models/all-MiniLM-L6-v2; another encoder is refused):
              galen evaluate runs/icd10-chapters/bundle held-out.jsonl

            Sequence bundles take an OMOP folder or event CSV read as in training; the bundle's cohort rule
            (index date, prior observation, exclusions, outcome window) gives patients and labels, or --labels
            gives a labels CSV (patient column, label, optional index_date).
            """
        )

        @Argument(help: "Model bundle folder.") var bundle: String
        @Argument(help: "CSV with the model's input columns and its target column, or images (.npz/.npy, or a folder of PNGs per class) for an image model.") var data: String
        @Option(help: "Images: labels for an .npy of images.") var labels: String?
        @Option(help: "Images: split of a MedMNIST .npz to evaluate (train, val, test; default test).") var split: String?
        @Option(help: "Text models: the encoder folder the model was trained with (default models/all-MiniLM-L6-v2).") var encoder: String?
        @Option(help: "Output folder for report.html and metrics.json.") var out: String?
        @Option(help: "Bootstrap resamples.") var resamples: Int = 1000
        @Option(help: "Bootstrap seed.") var seed: UInt64 = 42
        @Flag(help: "Treat input warnings (unseen categories, type mismatches) as errors.") var strict = false
        @OptionGroup var key: KeyOptions
        @Flag(help: "Print the metrics as JSON on standard output.") var json = false

        func run() throws {
            guard resamples >= 100 else { throw CLIError.usage("--resamples must be at least 100, got \(resamples)") }
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
            if labels != nil || split != nil { throw CLIError.usage("--labels and --split are for image models") }
            let model = try TabularModel(contentsOf: URL(fileURLWithPath: bundle), key: k)
            let (report, warnings) = try TabularEvaluation.evaluate(
                model: model, dataPath: data, bootstrap: BootstrapOptions(resamples: resamples, confidenceLevel: 0.95, seed: seed),
                strict: strict, key: k)
            for w in warnings.prefix(20) { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            let name = URL(fileURLWithPath: data.hasSuffix(".enc") ? String(data.dropLast(4)) : data).deletingPathExtension().lastPathComponent
            try writeOutputs(report, dataName: name)
        }

        /// Writes `report.html` and `metrics.json` into `--out` (default: `evaluation-<dataName>` beside the bundle)
        /// and prints the summary, or the metrics document with `--json`.
        func writeOutputs(_ report: ReportContent, dataName: String) throws {
            let bundleURL = URL(fileURLWithPath: bundle).standardized
            let outDir = URL(fileURLWithPath: out ?? bundleURL.deletingLastPathComponent()
                .appendingPathComponent("evaluation-" + dataName).path)
            try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
            try ReportRenderer.write(report, to: outDir.appendingPathComponent("report.html"))
            try report.metricsDocument.write(to: outDir.appendingPathComponent("metrics.json"))
            if json {
                print(String(decoding: try report.metricsDocument.jsonData(), as: UTF8.self))
                return
            }
            print("\(report.evaluationSplit), 95% bootstrap intervals:")
            print(MetricsSummary.text(report.models))
            if let t = report.threshold { print("\nChosen at training: " + t.explanation) }
            print("\nReport: \(outDir.appendingPathComponent("report.html").path)")
        }
    }
}
