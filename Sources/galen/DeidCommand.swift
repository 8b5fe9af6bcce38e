import ArgumentParser
import Foundation
import GalenPrivacy

extension Galen {
    /// `galen deid`: de-identify tables and notes, evaluate the scanner, measure re-identification risk.
    struct Deid: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "De-identify CSV tables and clinical notes (HIPAA Safe Harbor identifiers).",
            discussion: """
            Tables: each column gets a mode from a YAML policy (keep, drop, redact, surrogate, pseudonymize, \
            dateshift, text; see docs/deid.md). The CSV is streamed and the output file appears only when complete.
            Notes: --text FILE (or - for standard input) prints the note with identifiers replaced.
            Evaluation: --evaluate CORPUS scores the scanner on an annotated corpus (precision, recall, F2).
            Risk: --risk --quasi COLS reports k-anonymity of a table over its quasi-identifiers.

            The project key (for surrogate, pseudonymize, dateshift and keyed text modes) comes from --key-file \
            or the environment variable GALEN_DEID_KEY (at least 16 bytes; openssl rand -hex 32 > project.key). \
            Messages name rows and columns, never values.

            Examples:
              galen deid data.csv --policy policy.yaml --out clean.csv --key-file key
              galen deid --text note.txt
              cat note.txt | galen deid --text - --mode surrogate --key-file project.key
              galen deid --evaluate data/deid-corpus --json
              galen deid --evaluate data/deid-corpus/heldout2 --misses   # synthetic corpora only
              galen deid --risk --quasi age,sex,zip3 clean.csv -k 5
              galen deid --cross-validate-tagger data/deid-corpus data/deid-corpus/dev2 data/deid-corpus/dev3
              galen deid --train-tagger data/deid-corpus data/deid-corpus/dev2 --out name_tagger.bin

            Name tagger: a learned tagger for names and places runs after the rules (Resources/name_tagger.bin).             --no-tagger scores or scans with the rules alone, --tagger FILE uses other weights. --train-tagger             CORPUS... --out FILE trains weights (the same corpora give the same bytes); --cross-validate-tagger             CORPUS... trains on all sets but one and scores the left-out set, rules alone against rules + tagger.

            Transformer PHI tagger: MiniLM (models/all-MiniLM-L6-v2, or --encoder DIR) with a fine-tuned top layer \
            and head (GalenText Resources/phi_tagger.safetensors, or --phi-model FILE) tags every PHI type in notes \
            and text cells of at least 8 words; its spans are added to the rules'. Without the base model it is off \
            (said on stderr). --no-transformer turns it off; --train-transformer CORPUS... --out FILE fine-tunes it:
              galen deid --train-transformer data/deid-corpus data/deid-corpus/dev2 --out phi.safetensors
              galen deid --evaluate data/deid-corpus/heldout4 --phi-model phi.safetensors

            Exit codes: 0 success, 1 usage error (including a missing key), 2 data, policy or key error.
            """
        )

        @Argument(help: "CSV file to de-identify (or to measure with --risk).") var data: String?
        @Option(help: "YAML policy giving each column's mode.") var policy: String?
        @Option(help: "Output CSV (default: standard output).") var out: String?
        @Option(help: "File holding the project key (else $GALEN_DEID_KEY).") var keyFile: String?
        @Option(help: "A note to de-identify; - reads standard input.") var text: String?
        @Option(help: "Replacement for --text: redact, surrogate or pseudonymize.") var mode: String = "redact"
        @Option(help: "Annotated corpus (folder or corpus.jsonl) to evaluate the scanner on.") var evaluate: String?
        @Flag(help: """
            With --evaluate: also list every missed identifier and every false positive with its note id, type and \
            text. Prints identifier values, so use it only on synthetic corpora, never on real patient data.
            """) var misses = false
        @Flag(help: "Report k-anonymity of DATA over --quasi columns.") var risk = false
        @Option(help: "Comma-separated quasi-identifier columns for --risk.") var quasi: String?
        @Option(name: .customShort("k"), help: "Smallest acceptable group size for --risk.") var k: Int = 5
        @Flag(help: "Print JSON (summary, scores or risk).") var json = false
        @Flag(help: "Scan with the rules alone, without the learned name tagger (--evaluate, --text).") var noTagger = false
        @Option(help: "Name-tagger weight file to use instead of the shipped one (--evaluate, --text).") var tagger: String?
        @Option(parsing: .upToNextOption, help: "Train name-tagger weights on these annotated corpora (with --out FILE).")
        var trainTagger: [String] = []
        @Option(parsing: .upToNextOption, help: "Leave-one-set-out cross-validation of the name tagger over these corpora.")
        var crossValidateTagger: [String] = []
        @Option(help: "Training passes for --train-tagger and --cross-validate-tagger.") var taggerEpochs: Int = 10
        @Option(help: "Score margin a NAME or LOCATION must have over O, stored in trained weights.") var taggerMargin: Float = 4
        @Flag(help: "Train only on words the rules missed (default: also on capitalised words the rules found).")
        var taggerResidual = false
        @OptionGroup var phi: DeidTransformerOptions

        func run() throws {
            let tasks = [text != nil, evaluate != nil, risk, policy != nil, !trainTagger.isEmpty,
                         !crossValidateTagger.isEmpty, !phi.trainTransformer.isEmpty, phi.writePhiModel != nil].filter { $0 }.count
            guard tasks == 1 else {
                throw CLIError.usage("choose one of: DATA --policy FILE, --text FILE, --evaluate CORPUS, --risk --quasi COLS DATA, "
                    + "--train-tagger CORPUS... --out FILE, --cross-validate-tagger CORPUS..., --train-transformer CORPUS... --out FILE, --write-phi-model FILE")
            }
            if phi.noTransformer && phi.anyGiven { throw CLIError.usage("--no-transformer excludes --encoder, --phi-model and --phi-threshold") }
            if phi.transformerOnly && (evaluate == nil || noTagger || phi.noTransformer || tagger != nil) {
                throw CLIError.usage("--transformer-only goes with --evaluate CORPUS, without --no-tagger, --tagger and --no-transformer")
            }
            if noTagger && phi.anyGiven { throw CLIError.usage("--no-tagger scans with the rules alone; it excludes the transformer options") }
            if !phi.trainTransformer.isEmpty { return try phi.train(out: out) }
            if let path = phi.writePhiModel { return try phi.rewrite(to: path) }
            if misses && evaluate == nil { throw CLIError.usage("--misses needs --evaluate CORPUS") }
            if noTagger && tagger != nil { throw CLIError.usage("--no-tagger and --tagger FILE exclude each other") }
            if !trainTagger.isEmpty || !crossValidateTagger.isEmpty { return try runTaggerTraining() }
            if let evaluate { return try runEvaluation(evaluate) }
            if let text { return try runText(text) }
            if risk { return try runRisk() }
            try runTable()
        }

        private func loadKey(required: Bool, reason: String) throws -> ProjectKey? {
            if let keyFile { return try ProjectKey(contentsOfFile: keyFile) }
            if let key = try ProjectKey.fromEnvironment() { return key }
            if required { throw CLIError.usage(PrivacyError.missingKey(reason: reason).description) }
            return nil
        }

        private func printJSON<T: Encodable>(_ value: T) throws {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(value), as: UTF8.self))
        }

        private func runEvaluation(_ path: String) throws {
            let notes = try AnnotatedNote.load(path: path)
            let e: DeidEvaluation
            if phi.transformerOnly {
                guard let tagger = try phi.tagger() else { throw CLIError.usage("--transformer-only needs the transformer PHI tagger (see the note above)") }
                e = DeidEvaluation.run(notes) { text in
                    var copy = text
                    return copy.withUTF8 { tagger.spans(inUTF8: $0) }
                }
            } else {
                e = DeidEvaluation.run(notes, scanner: try scanner())
            }
            if json { try printJSON(e) } else {
                print("\(e.notes) notes")
                print(e.table)
            }
            if misses {
                // Synthetic corpora only: these lines quote identifier text.
                for line in DeidEvaluation.listing(e.misses, notes: notes) { print("missed \(line)") }
                for line in DeidEvaluation.listing(e.falsePositives, notes: notes) { print("false positive \(line)") }
            }
        }

        private func runText(_ path: String) throws {
            guard let m = ReplacementMode(rawValue: mode) else {
                throw CLIError.usage("--mode must be redact, surrogate or pseudonymize (got '\(mode)')")
            }
            let input: Data
            if path == "-" { input = FileHandle.standardInput.readDataToEndOfFile() } else {
                guard let d = FileManager.default.contents(atPath: path) else { throw CLIError.data("\(path): cannot read the file") }
                input = d
            }
            let key = try loadKey(required: m != .redact, reason: "--mode \(m.rawValue) needs a project key")
            let deid = try TextDeidentifier(mode: m, key: key, scanner: try scanner())
            let result = deid.deidentify(String(decoding: input, as: UTF8.self))
            if let out {
                let file = try AtomicOutputFile(path: out)
                try file.write(Array(result.utf8))
                try file.commit()
            } else {
                FileHandle.standardOutput.write(Data(result.utf8))
            }
        }

        private func runRisk() throws {
            guard let data else { throw CLIError.usage("--risk needs a CSV file") }
            guard let quasi, !quasi.isEmpty else { throw CLIError.usage("--risk needs --quasi COL1,COL2,...") }
            guard k >= 1 else { throw CLIError.usage("-k must be at least 1") }
            let cols = quasi.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let r = try KAnonymity.measure(path: data, quasiIdentifiers: cols, k: k)
            if json { try printJSON(r) } else {
                print("quasi-identifiers: \(cols.joined(separator: ", "))")
                print("records: \(r.records), groups: \(r.groups)")
                print("smallest group: \(r.smallestGroup) (the table is \(r.smallestGroup)-anonymous)")
                print(String(format: "records in groups below k=%d: %d (%.2f%%) in %d groups; unique records: %d",
                             r.k, r.recordsBelowK, r.shareBelowK * 100, r.groupsBelowK, r.uniqueRecords))
            }
        }

        private func runTable() throws {
            guard let data else { throw CLIError.usage("give the CSV file to de-identify") }
            guard let policyPath = policy else { throw CLIError.usage("--policy FILE is required") }
            if json && out == nil { throw CLIError.usage("--json needs --out, since the table goes to standard output otherwise") }
            let p = try DeidPolicy(contentsOfFile: policyPath)
            let needs = p.columns.first { $0.mode.needsKey }
            let key = try loadKey(required: needs != nil, reason: "column '\(needs?.name ?? "")' uses mode '\(needs?.mode.name ?? "")'")
            let deid = try TableDeidentifier(policy: p, key: key, scanner: try scanner(lazyTransformer: true))
            let showProgress = out != nil && isatty(STDERR_FILENO) != 0
            let summary = try deid.run(input: data, output: out, sink: { FileHandle.standardOutput.write(Data($0.utf8)) }) { rows in
                if showProgress { FileHandle.standardError.write(Data("\rde-identified \(rows) rows".utf8)) }
            }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            for w in summary.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            if summary.warningCount > summary.warnings.count {
                FileHandle.standardError.write(Data("… \(summary.warningCount - summary.warnings.count) more warnings\n".utf8))
            }
            if json { try printJSON(summary) } else if let out {
                print("Wrote \(summary.rows) rows, \(summary.columns.count) columns to \(out)"
                      + (summary.dropped.isEmpty ? "" : "; dropped: \(summary.dropped.joined(separator: ", "))"))
            }
        }
    }
}
