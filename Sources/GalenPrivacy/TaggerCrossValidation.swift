import Foundation

/// Leave-one-set-out cross-validation of `NameTagger`: for each annotated set, a tagger is trained on all the
/// other sets and the left-out set is scored through `DeidEvaluation` with the rules alone and with rules + tagger.
public struct TaggerCrossValidation: Sendable {
    /// The scores of one left-out set.
    public struct Fold: Sendable {
        /// The set's name.
        public var set: String
        /// Rules alone.
        public var rules: DeidEvaluation
        /// Rules and the tagger trained without this set.
        public var combined: DeidEvaluation
    }

    /// One fold per set, in the order given.
    public var folds: [Fold]

    /// Runs the cross-validation. `sets` are (name, notes) pairs; at least two are needed.
    /// - Throws: `PrivacyError.invalidArgument` with fewer than two sets.
    public static func run(sets: [(name: String, notes: [AnnotatedNote])], trainer: NameTaggerTrainer,
                           lexicon: Lexicon = .shared) throws -> TaggerCrossValidation {
        guard sets.count >= 2 else { throw PrivacyError.invalidArgument("cross-validation needs at least two annotated sets") }
        let rules = PHIScanner(lexicon: lexicon, tagger: nil)
        var folds: [Fold] = []
        for (k, s) in sets.enumerated() {
            let training = sets.enumerated().filter { $0.offset != k }.flatMap { $0.element.notes }
            let tagger = trainer.train(training, lexicon: lexicon)
            folds.append(Fold(set: s.name, rules: DeidEvaluation.run(s.notes, scanner: rules),
                              combined: DeidEvaluation.run(s.notes, scanner: PHIScanner(lexicon: lexicon, tagger: tagger))))
        }
        return TaggerCrossValidation(folds: folds)
    }

    /// A Markdown table: per set, NAME, LOCATION and overall recall / precision, rules alone → rules + tagger.
    public var table: String {
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        func pair(_ a: DeidEvaluation.Score?, _ b: DeidEvaluation.Score?) -> String {
            guard let a, let b else { return "—" }
            return "\(f(a.recall)) → \(f(b.recall)) / \(f(a.precision)) → \(f(b.precision))"
        }
        var lines = ["| left-out set | NAME recall / precision | LOCATION recall / precision | overall recall / precision |",
                     "| --- | --- | --- | --- |"]
        for fold in folds {
            lines.append("| \(fold.set) | \(pair(fold.rules.perType["NAME"], fold.combined.perType["NAME"])) | "
                + "\(pair(fold.rules.perType["LOCATION"], fold.combined.perType["LOCATION"])) | "
                + "\(pair(fold.rules.overall, fold.combined.overall)) |")
        }
        return lines.joined(separator: "\n")
    }
}
