import ArgumentParser
import Foundation
import GalenBundle
import GalenClinical
import GalenData
import GalenPrivacy
import GalenTabular
import GalenText

/// The options of `galen train` that only texts take.
struct TextTrainOptions: ParsableArguments {
    @Option(help: "Text: the field holding the text (default text). Giving it selects --kind text for a CSV.") var textColumn: String?
    @Flag(help: "Text: also train the top encoder layer(s) (--fine-tune-layers, default 1) at a lower learning rate.") var fineTune = false
    @Option(help: "Text: encoder layers trained with --fine-tune (default 1).") var fineTuneLayers: Int?
    @Option(help: "Text: the encoder layers' learning rate is --learning-rate times this (default 0.05).") var encoderLrFactor: Float?
    @Option(help: "Text: encoder model folder (default models/all-MiniLM-L6-v2; scripts/fetch_minilm.sh fetches it).") var encoder: String?
    @Option(help: "Text: tokens per text at most (default: the encoder's, 256 for MiniLM).") var maxLength: Int?
    @Flag(help: "Text: leave out the TF-IDF logistic-regression baseline.") var noBaseline = false

    /// Whether any text-only option is given.
    var anyGiven: Bool { textColumn != nil || fineTune || fineTuneLayers != nil || encoderLrFactor != nil || encoder != nil || maxLength != nil || noBaseline }

    /// - Throws: `CLIError.usage` when a text-only option is given for tables or images.
    func refuse(for what: String) throws {
        if anyGiven {
            throw CLIError.usage("--text-column, --fine-tune, --fine-tune-layers, --encoder-lr-factor, --encoder, --max-length and --no-baseline "
                                 + "are for texts (a .jsonl file, or --kind text), not \(what)")
        }
    }
}

extension Galen.Train {
    /// `galen train` on texts: the options are checked, `GalenText` does the work, the outputs are written.
    func runText() throws {
        try images.refuseForTables()
        if idColumn != nil || exclude != nil || cv != 0 || dp || task != nil || positiveClass != nil || delimiter != nil || missing != nil {
            throw CLIError.usage("--task, --positive-class, --id-column, --exclude, --cv, --dp, --delimiter and --missing are for tables, not texts")
        }
        guard let target else { throw CLIError.usage("Missing expected argument '--target <target>' (the field holding each text's label)") }
        try refuseEncryptedText(data)
        if text.fineTuneLayers != nil && !text.fineTune { throw CLIError.usage("--fine-tune-layers needs --fine-tune") }
        if text.encoderLrFactor != nil && !text.fineTune { throw CLIError.usage("--encoder-lr-factor needs --fine-tune") }
        var o = TextTrainingOptions(dataPath: data, target: target)
        o.textColumn = text.textColumn ?? "text"
        o.groupColumn = group
        if let e = text.encoder { o.encoderDirectory = URL(fileURLWithPath: e) }
        o.maxLength = text.maxLength
        o.fineTuneLayers = text.fineTune ? (text.fineTuneLayers ?? 1) : 0
        if text.fineTune && o.fineTuneLayers < 1 { throw CLIError.usage("--fine-tune-layers must be at least 1, got \(o.fineTuneLayers)") }
        o.encoderLearningRateFactor = text.encoderLrFactor ?? o.encoderLearningRateFactor
        o.hidden = try hidden.map(parseSizes) ?? o.hidden
        o.dropout = dropout ?? o.dropout
        o.learningRate = learningRate ?? o.learningRate
        o.weightDecay = weightDecay ?? o.weightDecay
        o.batchSize = batchSize ?? o.batchSize
        o.epochs = epochs ?? o.epochs
        o.patience = patience ?? o.patience
        o.seed = seed
        o.balanceClasses = !noClassWeights
        o.testFraction = testFraction
        o.validationFraction = validationFraction
        o.baseline = !text.noBaseline
        if let s = targetSensitivity { o.thresholdCriterion = .targetSensitivity(s) }
        o.bootstrap = try TrainOutputs.bootstrap(resamples: resamples, seed: seed)
        let k: EncryptionKey? = encryptBundle ? try key.require(for: "--encrypt-bundle") : nil

        let stem = URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent
        let outDir = URL(fileURLWithPath: out ?? "runs/" + stem)
        let say: (String) -> Void = { line in if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) } }
        let result = try TextTrainer.train(o, log: say)

        let (bundleURL, reportURL) = try TrainOutputs.write(
            to: outDir, name: name ?? stem, content: result.content, weights: ["model.safetensors": result.classifier],
            report: result.report, cipher: k.map { BundleEncryption(key: $0) })
        // The held-out test texts, for `galen evaluate`; encrypted when the bundle is.
        let lines = try result.test.jsonLines(textColumn: o.textColumn, target: target, groupColumn: group)
        var testPath = outDir.appendingPathComponent("test.jsonl")
        if let k {
            testPath = outDir.appendingPathComponent("test.jsonl.enc")
            let writer = try EncryptedFileWriter(path: testPath.path, key: k)
            try writer.write(lines)
            try writer.finish()
        } else {
            try AtomicFileWriter.write(lines, to: testPath)
        }
        if json {
            let summary = Galen.TrainSummary(output: outDir.path, bundle: bundleURL.path, report: reportURL.path,
                                             task: result.content.task.rawValue, threshold: result.content.threshold?.threshold,
                                             crossValidation: [], metrics: result.report.metricsDocument, differentialPrivacy: nil)
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(summary), as: UTF8.self))
            return
        }
        let sizes = result.content.trainingData.splitSizes
        print("\nTest split (\(sizes["test"] ?? 0) texts), 95% bootstrap intervals:")
        print(MetricsSummary.text(result.report.models))
        if let t = result.content.threshold { print("\n" + t.explanation) }
        print(String(format: "\nEncoding %.0f s, training %.0f s, total %.0f s", result.content.training.encodingSeconds,
                     result.content.training.trainingSeconds, result.content.training.seconds))
        print("\nBundle:  \(bundleURL.path)\(k != nil ? " (encrypted)" : "") (needs the encoder folder \(result.content.encoder.name) to load)\nReport:  \(reportURL.path)\nTest texts: \(testPath.path)")
    }
}

extension Galen.Evaluate {
    /// `galen evaluate` with a text bundle: metrics, report and metrics.json.
    func runText(cipher: BundleFileCipher?) throws {
        if strict || labels != nil || split != nil { throw CLIError.usage("--strict, --labels and --split are not for text models") }
        try refuseEncryptedText(data)
        let model = try TextModel(contentsOf: URL(fileURLWithPath: bundle), encoderDirectory: encoderDirectory(encoder), cipher: cipher)
        let report = try TextEvaluation.evaluate(model: model, dataPath: data,
                                                 bootstrap: BootstrapOptions(resamples: resamples, confidenceLevel: 0.95, seed: seed))
        try writeOutputs(report, dataName: URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent)
    }
}

extension Galen.Predict {
    /// `galen predict` with a text bundle: one CSV row per text (input line, probabilities, predicted class).
    func runText(cipher: BundleFileCipher?) throws {
        if strict || idColumn != nil || split != nil { throw CLIError.usage("--strict, --id-column and --split are not for text models") }
        try refuseEncryptedText(data)
        let model = try TextModel(contentsOf: URL(fileURLWithPath: bundle), encoderDirectory: encoderDirectory(encoder), cipher: cipher)
        let summary = try TextPrediction.run(model: model, dataPath: data, outputPath: out)
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(summary), as: UTF8.self))
        } else if let out {
            print("Wrote \(summary.rows) predictions for \(summary.source) to \(out)")
        }
    }
}

/// - Throws: `CLIError.usage` for an encrypted text file, which the text workflow does not decrypt yet.
func refuseEncryptedText(_ path: String) throws {
    if EncryptedFile.isEncrypted(path: path) {
        throw CLIError.usage("\(path) is encrypted; text files are read in plain form only (decrypt a copy with galen decrypt first)")
    }
}

/// The encoder folder given with `--encoder`, or `models/all-MiniLM-L6-v2`.
func encoderDirectory(_ path: String?) -> URL {
    URL(fileURLWithPath: path ?? "models/all-MiniLM-L6-v2")
}

/// Whether the bundle at `path` holds a text model (read from its manifest; encrypted bundles need `cipher`). A plain
/// bundle whose files fail verification still counts when its manifest says "text", so that loading it reports the
/// bundle's own error.
func isTextBundle(_ path: String, cipher: BundleFileCipher?) -> Bool {
    let url = URL(fileURLWithPath: path)
    if let kind = TextModel.kind(of: url, cipher: cipher) { return kind == "text" }
    guard let data = try? Data(contentsOf: url.appendingPathComponent("manifest.json")),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let content = object["content"] as? [String: Any] else { return false }
    return content["kind"] as? String == "text"
}

extension Galen {
    /// `galen export-icd10`: the ICD-10-CM chapter-classification task as JSON Lines.
    struct ExportICD10: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-icd10",
            abstract: "Export ICD-10-CM descriptions and inclusion terms with their chapter, as JSONL for galen train.",
            discussion: """
            Reads the ICD-10-CM tabular list XML and writes one JSON object per line:
              {"text", "chapter" (1-22), "chapter_title", "code", "category" (3 characters), "source"}
            with one record for each code's description and one for each inclusion term.

            Examples:
              galen export-icd10 ../shared/data/icd10cm/icd10c-tabular-April-1-2026.xml --out icd10-chapters.jsonl
              galen train icd10-chapters.jsonl --target chapter --group category      (frozen MiniLM + MLP)
              galen export-icd10 icd10cm.xml --out small.jsonl --sample-categories 400  (a seeded subsample)
            """
        )

        @Argument(help: "The ICD-10-CM tabular list XML.") var xml: String
        @Option(help: "Output JSONL file.") var out: String
        @Option(help: "Keep a seeded random choice of this many 3-character categories (all texts of each).") var sampleCategories: Int?
        @Option(help: "Seed for --sample-categories.") var seed: UInt64 = 42

        func run() throws {
            if let s = sampleCategories, s < 1 { throw CLIError.usage("--sample-categories must be at least 1, got \(s)") }
            var records = ICD10ChapterTexts.records(try ICD10CMReader.read(contentsOf: URL(fileURLWithPath: xml)))
            if let s = sampleCategories { records = ICD10ChapterTexts.sample(records, categories: s, seed: seed) }
            try ICD10ChapterTexts.writeJSONL(records, to: URL(fileURLWithPath: out))
            let chapters = Set(records.map(\.chapter)).count, categories = Set(records.map(\.category)).count
            print("Wrote \(records.count) texts (\(categories) categories, \(chapters) chapters) to \(out)")
        }
    }
}
