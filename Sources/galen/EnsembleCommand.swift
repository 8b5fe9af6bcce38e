import ArgumentParser
import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenImaging
import GalenPrivacy
import GalenTabular

extension Galen {
    /// `galen ensemble`: already-trained image bundles joined into one ensemble bundle.
    struct Ensemble: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Combine trained image bundles of one task into one ensemble bundle (mean of their probabilities).",
            discussion: """
            The bundles must share class names, channels, image size and training
            data (the same file by SHA-256); their architectures and recipes may
            differ, and an ensemble bundle adds all its members. --data is that
            training file (a MedMNIST .npz with official splits): its validation
            split is scored by the ensemble to choose the threshold (Youden's J,
            or --threshold / --target-sensitivity) and for the report and the
            figures; the test split is never scored. Writes OUT/bundle
            (member-1.safetensors, …), OUT/report.html and OUT/metrics.json
            (validation figures). Evaluate on test with galen evaluate OUT/bundle
            DATA; predict and evaluate score every image with all members.
            --key-file opens encrypted bundles; --encrypt-bundle seals the result.

            Examples:
              galen ensemble s1/bundle s2/bundle s3/bundle --data b.npz --out b-ens
              galen ensemble a/bundle b/bundle --data x.npz --out runs/ab --json
              galen ensemble e1/bundle e2/bundle --data x.npz --out e --key-file k
            """
        )

        @Argument(help: "Image model bundle folders (an ensemble bundle adds all its members).") var bundles: [String]
        @Option(help: "The members' training images (.npz with official splits); its validation split is scored.") var data: String
        @Option(help: "Output folder for bundle/, report.html and metrics.json.") var out: String
        @Option(help: "Model name in the bundle (default: the output folder's name).") var name: String?
        @Option(help: "Fixed decision threshold on the positive-class probability (e.g. 0.5) instead of Youden's J on validation.") var threshold: Double?
        @Option(help: "Choose the threshold for this sensitivity on validation instead of Youden's J.") var targetSensitivity: Double?
        @Option(help: "Validation images shown with Grad-CAM in the report (default 16; 0 = none).") var gallery: Int = 16
        @Option(help: "Bootstrap resamples of the report's validation metrics.") var resamples: Int = 1000
        @Option(help: "Bootstrap seed.") var seed: UInt64 = 42
        @Flag(help: "Write the ensemble bundle encrypted with the key (--key-file or GALEN_KEY).") var encryptBundle = false
        @OptionGroup var key: KeyOptions
        @Flag(help: "Print the ensemble's validation figures as JSON on standard output.") var json = false
        @Flag(help: "No progress lines on standard error.") var quiet = false

        /// What `--json` prints.
        struct Summary: Encodable {
            var output: String, bundle: String, report: String
            var members: [String]
            var validation: ImageEnsembleValidation
        }

        func run() throws {
            guard !bundles.isEmpty else { throw CLIError.usage("galen ensemble needs at least one bundle") }
            if threshold != nil && targetSensitivity != nil {
                throw CLIError.usage("--threshold and --target-sensitivity both choose the threshold; give one")
            }
            guard gallery >= 0 else { throw CLIError.usage("--gallery must be ≥ 0, got \(gallery)") }
            var options = ImageEnsembleBuilder.Options()
            options.fixedThreshold = threshold
            if let s = targetSensitivity { options.thresholdCriterion = .targetSensitivity(s) }
            options.bootstrap = try TrainOutputs.bootstrap(resamples: resamples, seed: seed)
            options.galleryImages = gallery
            let anyEncrypted = bundles.contains { isEncryptedBundle(at: URL(fileURLWithPath: $0)) }
            let k = try encryptBundle ? key.require(for: "--encrypt-bundle") : key.load(needed: anyEncrypted)
            let cipher = k.map { BundleEncryption(key: $0) }

            var models: [(name: String, model: ImageModel)] = []
            for path in bundles {
                let url = URL(fileURLWithPath: path)
                if let kind = ImageModel.kind(of: url, cipher: cipher), kind != "images" {
                    throw CLIError.data("\(path) holds a '\(kind)' model; galen ensemble combines image models")
                }
                models.append((path, try ImageModel(contentsOf: url, cipher: cipher)))
            }
            guard NumpyImageSource.handles(data) else {
                throw CLIError.usage("--data must be the members' training images as a .npz with official splits (train/val/test), got \(data)")
            }
            let say: (String) -> Void = { line in if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) } }
            let result = try ImageEnsembleBuilder.combine(models, source: NumpyImageSource(path: data), options: options, log: say)

            let outDir = URL(fileURLWithPath: out)
            let (bundleURL, reportURL) = try TrainOutputs.write(
                to: outDir, name: name ?? outDir.lastPathComponent, content: result.content, weights: result.weights,
                report: result.report, cipher: encryptBundle ? cipher : nil, formatVersion: result.content.bundleFormatVersion)
            let e = result.content.ensemble!
            if json {
                let summary = Summary(output: outDir.path, bundle: bundleURL.path, report: reportURL.path,
                                      members: e.members.map { $0.source ?? $0.file }, validation: e.validation)
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try enc.encode(summary), as: UTF8.self))
                return
            }
            print("Ensemble of \(e.members.count) networks, \(e.validation.summary)")
            if let t = result.content.threshold { print("\n" + t.explanation) }
            print("\nBundle:  \(bundleURL.path)\(encryptBundle ? " (encrypted)" : "")\nReport:  \(reportURL.path) (validation split)")
        }
    }
}
