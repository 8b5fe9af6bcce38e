import ArgumentParser
import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenImaging
import GalenNN
import GalenPrivacy
import GalenTabular

extension Galen {
    /// `galen train`: from a patient table to an evaluated model bundle and report.
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train and evaluate a model on a CSV of patient records.",
            discussion: """
            Reads and types the CSV, drops rows without a target and exact duplicates, splits it
            (stratified, or by --group so that no patient spans two splits), fits preprocessing on the
            training rows only, trains the network with early stopping and a linear baseline beside it,
            picks the decision threshold on the validation rows, and evaluates both on the test rows
            with 95% bootstrap confidence intervals.

            Writes into --out (default runs/<file name>):
              bundle/       the model bundle (weights, manifest with schema and preprocessing, hashes)
              report.html   the report (self-contained page)
              metrics.json  the metrics with confidence intervals
              test.csv      the held-out test rows, for `galen evaluate`
                            (test.csv.enc, encrypted, when the data or the bundle is encrypted)

            Encrypted data (from `galen encrypt`) is read directly with --key-file or GALEN_KEY and is
            decrypted in memory only. --encrypt-bundle writes every bundle file encrypted with the key;
            `galen predict` and `galen evaluate` then need the key too.

            Examples:
              galen train data/wdbc/breast_cancer_wdbc.csv --target diagnosis
              galen train visits.csv --target readmitted --group patient_id --cv 5
              galen train labs.csv --target outcome --target-sensitivity 0.95 --hidden 64,32 --epochs 300
              galen train patients.csv.enc --target outcome --key-file site.key --encrypt-bundle
              galen train data/wdbc/breast_cancer_wdbc.csv --target diagnosis --dp --epsilon 3 --delta 1e-5
              galen train pneumoniamnist.npz                          (images: inferred from .npz/.npy)
              galen train images.npy --labels labels.npy --arch resnet18 --class-names normal,pneumonia
              galen train xrays/                                      (a folder of PNGs per class: xrays/<class>/*.png)
              galen train notes.jsonl --target chapter --group category       (texts: inferred from .jsonl)
              galen train notes.csv --kind text --text-column note --target label --fine-tune
              galen train ../shared/data/eunomia --outcome-concept 80180 --arch gru     (OMOP CDM folder: sequences)
              galen train events.csv --kind events --patient-column patient --time-column date --event-column code \\
                          --outcome-code E11 --index-date 2015-01-01

            Images (--kind images, inferred from a .npz or .npy file or a folder): a MedMNIST-format .npz with its
            official train/val/test splits, an .npy of images (uint8 [N, H, W] or [N, H, W, C]) with --labels,
            or a folder of PNG images per class (class names from the folder names, all images one size); a CNN
            (--arch cnn-bn, the default; cnn-small, cnn-large, resnet18) is trained with seeded augmentation
            and early stopping on validation ROC AUC, and evaluated on the test images as tables are. The
            report adds Grad-CAM heat maps for some correct and some wrong test predictions. See docs/images.md.

            Texts (--kind text; inferred from a .jsonl/.ndjson file or from --text-column, a CSV is a table
            otherwise): a JSONL or CSV with a text field (--text-column, default text) and a label (--target),
            split stratified or by --group, seeded. Every text is embedded once by the frozen encoder
            (all-MiniLM-L6-v2 in models/all-MiniLM-L6-v2, from scripts/fetch_minilm.sh; --encoder DIR for another)
            and an MLP head (--hidden 256, softmax for multiclass, sigmoid for binary) is trained with early
            stopping on validation, beside a TF-IDF logistic-regression baseline. --fine-tune also trains the top
            --fine-tune-layers (default 1) encoder layers at --encoder-lr-factor × the learning rate (the lower
            layers run once and are cached). The bundle names the encoder by folder and SHA-256 (its 90 MB of
            weights are not copied; fine-tuned layers are); predict and evaluate take --encoder. See docs/text.md.

            Patient histories (--kind omop, inferred from a folder with person.csv and observation_period.csv;
            or --kind events for a long-format CSV with --patient-column, --time-column, --event-column and/or
            --feature-columns): every patient's events are read, a cohort is built — index date (--index-date,
            default 2000-01-01 for OMOP, or --index-before-end N days), at least --prior-days of observation
            before it, patients with the outcome on or before the index excluded, label = the outcome
            (--outcome-concept and its descendants, or --outcome-code) within --horizon-days after it, or
            --labels labels.csv — and an LSTM, GRU or transformer (--arch) reads the latest --max-events
            events before the index (vocabulary fitted on training patients only), beside a logistic-regression
            baseline on bag-of-codes counts, both evaluated on the test patients. See docs/sequences.md.

            With --dp the network and the baseline are trained with DP-SGD (per-row gradient clipping to
            --max-grad-norm, Gaussian noise, Poisson-sampled batches of expected size --batch-size); the noise
            multiplier is chosen so that both runs together spend at most --epsilon for --delta, and the ε
            actually spent (lower when early stopping ends training sooner) is recorded in the bundle and report.
            """
        )

        @Argument(help: "CSV file with one row per patient or visit, or images (.npz, .npy, or a folder of PNGs per class).") var data: String
        @Option(help: "Column to predict (tables).") var target: String?
        @Option(help: "What the data holds: tabular, images, text, omop or events (default: omop for an OMOP CDM folder, images for .npz/.npy or another folder, text for .jsonl/.ndjson or when --text-column is given, else tabular).") var kind: DataKind?
        @OptionGroup var images: ImageTrainOptions
        @OptionGroup var text: TextTrainOptions
        @OptionGroup var sequences: SequenceTrainOptions
        @Option(help: "Output folder (default: runs/<file name>).") var out: String?
        @Option(help: "Model name in the bundle (default: the file name).") var name: String?
        @Option(help: "Task: binary, multiclass or regression (default: inferred from the target).") var task: TaskKind?
        @Option(help: "Positive class of a binary target (default: inferred, e.g. 'malignant', 'yes', '1').") var positiveClass: String?
        @Option(help: "Column grouping rows of one patient: no group spans two splits.") var group: String?
        @Option(help: "Column carried through to predictions as the row's ID.") var idColumn: String?
        @Option(help: "Comma-separated columns to leave out of the features.") var exclude: String?
        @Option(help: "k-fold cross-validation on the non-test rows, reported as mean ± sd.") var cv: Int = 0
        @Option(help: "Fraction of rows held out for testing.") var testFraction: Double = 0.2
        @Option(help: "Fraction of rows for validation (early stopping, threshold).") var validationFraction: Double = 0.1
        @Option(help: "Choose the threshold reaching this sensitivity on validation instead of Youden's J.") var targetSensitivity: Double?
        @Flag(help: "Do not weight classes for skewed targets.") var noClassWeights = false
        @Option(help: "Hidden layer sizes (default 128,64,32 tables, 256 texts).") var hidden: String?
        @Option(help: "Dropout after each hidden layer (default 0.3 tables, 0.1 texts and sequences).") var dropout: Float?
        @Option(help: "AdamW weight decay (default 0.01 tables, 1e-4 images).") var weightDecay: Float?
        @Option(help: "Learning rate (default 1e-3).") var learningRate: Float?
        @Option(help: "Rows per batch (default 32 tables, 64 images).") var batchSize: Int?
        @Option(help: "Maximum epochs (default 200 tables; 30 images, more for small image sets: docs/images.md).") var epochs: Int?
        @Option(help: "Early-stopping patience in epochs (default 30 tables; 8 images, all epochs for small image sets).") var patience: Int?
        @Option(help: "Bootstrap resamples for confidence intervals.") var resamples: Int = 1000
        @Option(help: "Seed for the split, weights, shuffling and bootstrap.") var seed: UInt64 = 42
        @Option(help: "Field delimiter: ',', ';', 'tab' (default: detected).") var delimiter: String?
        @Option(help: "Comma-separated extra tokens meaning 'missing' (empty, NA, N/A, NaN, ?, null, None always do).") var missing: String?
        @OptionGroup var key: KeyOptions
        @Flag(help: "Encrypt the bundle's files (weights, manifest, metrics) with the key.") var encryptBundle = false
        @Flag(help: "Train with differential privacy (DP-SGD); needs --epsilon.") var dp = false
        @Option(help: "Privacy budget ε for --dp (> 0).") var epsilon: Double?
        @Option(help: "Privacy parameter δ for --dp, in (0, 1); keep it below 1 / training rows.") var delta: Double?
        @Option(help: "Per-row gradient norm bound C for --dp (default 1.0).") var maxGradNorm: Double?
        @Flag(help: "Print the summary as JSON on standard output.") var json = false
        @Flag(help: "No progress output.") var quiet = false

        func run() throws {
            let kind = self.kind ?? (text.textColumn != nil ? .text : DataKind.inferred(from: data))
            if kind == .omop || kind == .events {
                try runSequences(kind: kind)
                return
            }
            try sequences.refuseUnlessSequences()
            if kind == .images {
                try runImages()
                return
            }
            if kind == .text {
                try runText()
                return
            }
            try images.refuseForTables()
            try text.refuse(for: "tables")
            guard let target else { throw CLIError.usage("Missing expected argument '--target <target>' (the column to predict)") }
            var o = TabularTrainingOptions(dataPath: data, target: target)
            o.task = task
            o.positiveClass = positiveClass
            o.groupColumn = group
            o.idColumn = idColumn
            o.crossValidationFolds = cv
            o.testFraction = testFraction
            o.validationFraction = validationFraction
            if let s = targetSensitivity { o.thresholdCriterion = .targetSensitivity(s) }
            o.balanceClasses = !noClassWeights
            o.network.hidden = try parseSizes(hidden ?? "128,64,32")
            o.network.dropout = dropout ?? 0.3
            o.network.weightDecay = weightDecay ?? 0.01
            o.network.learningRate = learningRate ?? 1e-3
            o.network.batchSize = batchSize ?? 32
            o.network.epochs = epochs ?? 200
            o.network.patience = patience ?? 30
            o.network.seed = seed
            o.splitSeed = seed
            o.bootstrap = try TrainOutputs.bootstrap(resamples: resamples, seed: seed)
            o.readOptions = try readOptions(delimiter: delimiter, missing: missing)
            o.privacy = try privacyOptions()
            if let exclude { o.preprocessing.excludeColumns = exclude.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

            let encryptedData = EncryptedFile.isEncrypted(path: data)
            o.key = encryptBundle ? try key.require(for: "--encrypt-bundle") : try key.load(needed: encryptedData)
            if encryptedData && o.key == nil { throw EncryptionError.missingKey(what: data) }
            let stem = URL(fileURLWithPath: data.hasSuffix(".enc") ? String(data.dropLast(4)) : data).deletingPathExtension().lastPathComponent
            let outDir = URL(fileURLWithPath: out ?? "runs/" + stem)
            let say: (String) -> Void = { line in if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) } }
            let result = try TabularTrainer.train(o, verbosity: quiet ? .silent : .auto, log: say)
            for w in result.warnings.prefix(20) { say("warning: \(w)") }
            if result.warnings.count > 20 { say("… and \(result.warnings.count - 20) more warnings (see the report)") }

            // Everything is computed; now write, bundle first.
            let modelName = name ?? stem
            let (bundleURL, reportURL) = try TrainOutputs.write(
                to: outDir, name: modelName, content: result.content,
                weights: ["model.safetensors": result.network, "baseline.safetensors": result.baseline],
                report: result.report, cipher: encryptBundle ? o.key.map { BundleEncryption(key: $0) } : nil)
            // Held-out patient rows stay encrypted when the data or the bundle is.
            var testPath = outDir.appendingPathComponent("test.csv")
            if let k = o.key, encryptedData || encryptBundle {
                testPath = outDir.appendingPathComponent("test.csv.enc")
                let writer = try EncryptedFileWriter(path: testPath.path, key: k)
                try writer.write(Data(CSVWriter.text(result.testTable).utf8))
                try writer.finish()
            } else {
                try AtomicFileWriter.write(CSVWriter.text(result.testTable), to: testPath)
            }

            if json {
                let summary = TrainSummary(output: outDir.path, bundle: bundleURL.path, report: reportURL.path,
                                           task: result.content.target.task.rawValue, threshold: result.content.threshold?.threshold,
                                           crossValidation: result.crossValidation, metrics: result.report.metricsDocument,
                                           differentialPrivacy: result.content.differentialPrivacy)
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(summary), as: UTF8.self))
                return
            }
            print("")
            print("Test split (\(result.testTable.rowCount) rows), 95% bootstrap intervals:")
            print(MetricsSummary.text(result.report.models))
            if let t = result.content.threshold { print("\n" + t.explanation) }
            for line in result.crossValidation { print("Cross-validation: \(line)") }
            if let g = result.content.differentialPrivacy {
                print(String(format: "\nDifferential privacy: ε = %.3f spent (target %g), δ = %g, σ = %.4f, C = %g, q = %.4g, %d steps",
                             g.epsilon, g.targetEpsilon, g.delta, g.noiseMultiplier, g.maxGradNorm, g.sampleRate, g.steps))
            }
            print("\nBundle:  \(bundleURL.path)\(encryptBundle ? " (encrypted)" : "")\nReport:  \(reportURL.path)\nTest rows: \(testPath.path)")
        }
    }

    struct TrainSummary: Encodable {
        var output: String, bundle: String, report: String, task: String
        var threshold: Double?
        var crossValidation: [String]
        var metrics: MetricsDocument
        var differentialPrivacy: PrivacyGuarantee?
        /// Image ensembles (`--ensemble K`): the ensemble's validation figures; absent otherwise.
        var ensembleValidation: ImageEnsembleValidation? = nil
    }
}

extension Galen.Train {
    /// The `--dp` options, or nil without `--dp`.
    /// - Throws: `CLIError.usage` for privacy options without `--dp` or `--dp` without `--epsilon`.
    func privacyOptions() throws -> PrivateTrainingOptions? {
        guard dp else {
            if epsilon != nil || delta != nil || maxGradNorm != nil {
                throw CLIError.usage("--epsilon, --delta and --max-grad-norm need --dp")
            }
            return nil
        }
        guard let epsilon else { throw CLIError.usage("--dp needs a privacy budget: --epsilon (e.g. --epsilon 3)") }
        return PrivateTrainingOptions(epsilon: epsilon, delta: delta ?? 1e-5, maxGradNorm: maxGradNorm ?? 1.0)
    }
}

extension TaskKind: ExpressibleByArgument {}

/// "128,64,32" → [128, 64, 32].
func parseSizes(_ s: String) throws -> [Int] {
    if s.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
    return try s.split(separator: ",").map {
        guard let v = Int($0.trimmingCharacters(in: .whitespaces)), v > 0 else {
            throw CLIError.usage("--hidden takes positive sizes separated by commas, e.g. 128,64,32 (got '\(s)')")
        }
        return v
    }
}

/// CSV options from the common flags.
func readOptions(delimiter: String?, missing: String?) throws -> CSVReadOptions {
    var o = CSVReadOptions()
    if let delimiter {
        do { o.delimiter = try CSVReadOptions.delimiter(from: delimiter) } catch { throw CLIError.usage("\(error)") }
    }
    if let missing {
        o.missingTokens += missing.split(separator: ",").map { String($0) }
    }
    return o
}
