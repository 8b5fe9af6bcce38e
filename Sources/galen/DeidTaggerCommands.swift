import Foundation
import GalenPrivacy

extension Galen.Deid {
    /// The scanner chosen by `--no-tagger` (rules alone), `--tagger FILE` and the transformer options (default:
    /// rules, the shipped name tagger and, when the base MiniLM folder is present, the shipped transformer tagger).
    /// - Throws: `PrivacyError.invalidTagger` when a weight file (given or shipped) cannot be loaded; the errors of
    ///   `DeidTransformerOptions.tagger()`.
    /// With `lazyTransformer` the transformer is loaded on the first text long enough for it (tables: most cells
    /// are too short, and the model costs ≈150 MB).
    func scanner(lazyTransformer: Bool = false) throws -> PHIScanner {
        if noTagger { return PHIScanner(tagger: nil) }
        let names = try tagger.map { try NameTagger.load(path: $0) } ?? NameTagger.bundled.get()
        let extra: [any PHISpanSource] = lazyTransformer ? try phi.lazyTagger().map { [$0] } ?? []
            : try phi.tagger().map { [$0] } ?? []
        return PHIScanner(tagger: names, extraSources: extra)
    }

    /// `--train-tagger CORPUS... --out FILE` and `--cross-validate-tagger CORPUS...`.
    func runTaggerTraining() throws {
        guard taggerEpochs >= 1, taggerEpochs <= 100 else { throw CLIError.usage("--tagger-epochs must be 1...100") }
        var trainer = NameTaggerTrainer()
        trainer.epochs = taggerEpochs
        trainer.includeRuleTokens = !taggerResidual
        guard taggerMargin.isFinite, taggerMargin >= 0 else { throw CLIError.usage("--tagger-margin must be a number ≥ 0") }
        trainer.margin = taggerMargin
        if !crossValidateTagger.isEmpty {
            guard crossValidateTagger.count >= 2 else { throw CLIError.usage("--cross-validate-tagger needs at least two corpora") }
            let sets = try crossValidateTagger.map { (name: $0, notes: try AnnotatedNote.load(path: $0)) }
            let cv = try TaggerCrossValidation.run(sets: sets, trainer: trainer)
            print(cv.table)
            return
        }
        guard let out else { throw CLIError.usage("--train-tagger needs --out FILE") }
        let notes = try trainTagger.flatMap { try AnnotatedNote.load(path: $0) }
        let tagger = trainer.train(notes)
        try tagger.write(to: out)
        print("trained on \(notes.count) notes from \(trainTagger.count) corpora: \(tagger.nonZeroRows) weight rows, "
            + "\(tagger.encoded().count) bytes → \(out)")
    }
}
