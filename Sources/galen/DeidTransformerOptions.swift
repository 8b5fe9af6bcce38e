import ArgumentParser
import Foundation
import GalenPrivacy
import GalenText

/// `galen deid` options of the MiniLM PHI tagger (GalenText's `PHITransformerTagger`), which runs after the rules
/// and the name tagger on notes and text cells of at least its minimum word count.
struct DeidTransformerOptions: ParsableArguments {
    @Option(help: "Base MiniLM folder of the transformer PHI tagger (default models/all-MiniLM-L6-v2; scripts/fetch_minilm.sh fetches it).")
    var encoder: String?
    @Option(help: "Fine-tuned PHI tagger weights (default: the shipped Resources/phi_tagger.safetensors of GalenText).")
    var phiModel: String?
    @Flag(help: "Scan without the transformer PHI tagger (rules and name tagger only).") var noTransformer = false
    @Flag(help: "With --evaluate: score the transformer PHI tagger alone, without the rules and the name tagger.")
    var transformerOnly = false
    @Option(help: "Probability of 'not O' that makes a word PHI for the transformer tagger (default: stored in its weights).")
    var phiThreshold: Float?
    @Option(parsing: .upToNextOption, help: "Fine-tune the transformer PHI tagger on these annotated corpora (with --out FILE).")
    var trainTransformer: [String] = []
    @Option(help: "Passes over the windows for --train-transformer.") var transformerEpochs: Int = 8
    @Option(help: "Top encoder layers fine-tuned by --train-transformer (0 trains the head alone).") var fineTuneLayers: Int = 1
    @Option(help: "Loss weight of PHI classes against O for --train-transformer.") var phiWeight: Float = 2
    @Option(help: "Seed of --train-transformer (head initialisation, dropout, window order).") var seed: UInt64 = 1
    @Option(help: "Write the --phi-model weights with the settings given here (--phi-threshold) to this file; same bytes as training with them.")
    var writePhiModel: String?

    /// Whether a transformer option other than the default ones was given.
    var anyGiven: Bool { encoder != nil || phiModel != nil || phiThreshold != nil }

    /// The encoder folder: `--encoder` or `models/all-MiniLM-L6-v2`.
    var encoderURL: URL { URL(fileURLWithPath: encoder ?? "models/all-MiniLM-L6-v2") }

    /// The tagger to add to the scanner, or nil with one line on standard error saying why it is off (no base
    /// model folder, or no shipped weights). `--no-transformer` turns it off without a message.
    /// - Throws: `PrivacyError.invalidTagger` for an unreadable, corrupt or mismatched weight file;
    ///   `TextError.encoder` when `--encoder` or `--phi-model` is given and the base folder is missing;
    ///   `CLIError.usage` for a threshold out of range.
    func tagger() throws -> PHITransformerTagger? {
        guard let weights = try weightsToUse() else { return nil }
        let tagger = try PHITransformerTagger.load(weights: weights, base: TextEncoder(directory: encoderURL))
        if let t = phiThreshold { tagger.threshold = t }
        return tagger
    }

    /// The tagger as `tagger()` gives it, loaded only when the first text of its minimum word count comes
    /// (`LazyPHITagger`): for tables, whose short cells never need it. The weight file's header is checked now.
    /// - Throws: as `tagger()` for the options and the header; a failure of the full load later is reported on
    ///   standard error and leaves the rules and the name tagger.
    func lazyTagger() throws -> LazyPHITagger? {
        guard let weights = try weightsToUse() else { return nil }
        let encoderURL = encoderURL, threshold = phiThreshold
        return try LazyPHITagger(weights: weights) {
            let tagger = try PHITransformerTagger.load(weights: weights, base: TextEncoder(directory: encoderURL))
            if let threshold { tagger.threshold = threshold }
            return tagger
        }
    }

    /// The weight file of the transformer tagger, or nil (with the note of `tagger()`) when it is off.
    private func weightsToUse() throws -> URL? {
        if noTransformer { return nil }
        if let t = phiThreshold, !(t > 0 && t <= 1) { throw CLIError.usage("--phi-threshold must be in (0, 1]") }
        let fm = FileManager.default
        if !fm.fileExists(atPath: encoderURL.appendingPathComponent("model.safetensors").path), encoder == nil, phiModel == nil {
            note("the transformer PHI tagger is off: no base model at \(encoderURL.path) (scripts/fetch_minilm.sh fetches it, "
                 + "or give --encoder DIR); scanning with the rules and the name tagger")
            return nil
        }
        let weights: URL
        if let phiModel { weights = URL(fileURLWithPath: phiModel) } else if let shipped = PHITransformerTagger.bundledWeightsURL {
            weights = shipped
        } else {
            note("the transformer PHI tagger is off: this build ships no weights (Resources/phi_tagger.safetensors); "
                 + "give --phi-model FILE; scanning with the rules and the name tagger")
            return nil
        }
        // A given encoder folder must exist now, as with the eager tagger.
        if encoder != nil || phiModel != nil, !fm.fileExists(atPath: encoderURL.appendingPathComponent("model.safetensors").path) {
            _ = try TextEncoder(directory: encoderURL)
        }
        return weights
    }

    /// `--phi-model IN --phi-threshold T --write-phi-model OUT`: the weights of IN with the new threshold (the
    /// bytes `--train-transformer` writes when given that threshold).
    func rewrite(to out: String) throws {
        guard phiModel != nil, phiThreshold != nil else { throw CLIError.usage("--write-phi-model needs --phi-model FILE and --phi-threshold T") }
        guard let tagger = try tagger() else { throw CLIError.data("the transformer PHI tagger could not be loaded") }
        try tagger.write(to: URL(fileURLWithPath: out))
        print("wrote \(out) (threshold \(tagger.threshold))")
    }

    /// `--train-transformer CORPUS... --out FILE`: fine-tunes the tagger and writes its weights; progress on stderr.
    func train(out: String?) throws {
        guard let out else { throw CLIError.usage("--train-transformer needs --out FILE") }
        guard transformerEpochs >= 1, transformerEpochs <= 100 else { throw CLIError.usage("--transformer-epochs must be 1...100") }
        guard fineTuneLayers >= 0, fineTuneLayers <= 6 else { throw CLIError.usage("--fine-tune-layers must be 0...6") }
        guard phiWeight > 0, phiWeight.isFinite else { throw CLIError.usage("--phi-weight must be positive") }
        let notes = try trainTransformer.flatMap { try AnnotatedNote.load(path: $0) }
        var trainer = PHITaggerTrainer()
        trainer.epochs = transformerEpochs
        trainer.fineTuneLayers = fineTuneLayers
        trainer.phiWeight = phiWeight
        trainer.seed = seed
        if let t = phiThreshold { trainer.threshold = t }
        let started = Date()
        let tagger = try trainer.train(notes, base: TextEncoder(directory: encoderURL)) { note($0) }
        try tagger.write(to: URL(fileURLWithPath: out))
        print(String(format: "trained on %d notes from %d corpora in %.0f s → %@", notes.count, trainTransformer.count,
                     Date().timeIntervalSince(started), out))
    }

    /// One line on standard error.
    private func note(_ line: String) {
        FileHandle.standardError.write(Data("note: \(line)\n".utf8))
    }
}
