import ArgumentParser
import Foundation
import GalenBundle
import GalenData
import GalenSearch

extension Galen {
    /// `galen index`: build a search index of a document collection, or evaluate retrieval on ICD-10-CM.
    struct Index: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a search index (BM25 + embeddings) of ICD-10-CM, a JSONL or a CSV collection.",
            discussion: """
            SOURCE is the ICD-10-CM tabular-list XML (one document per code: its description and inclusion terms), \
            a JSONL file (one JSON object per line) or a CSV file with a header; --id-field and --text-fields name \
            the fields of JSONL and CSV records. The index folder holds the documents, a BM25 index and, with a \
            sentence encoder, the embedding matrix (safetensors), with a manifest of SHA-256 hashes; it is written \
            atomically.

            --model names the encoder: the all-MiniLM-L6-v2 folder (default, models/all-MiniLM-L6-v2 from \
            scripts/fetch_minilm.sh; when it is missing the index is BM25 only, with a note), another \
            sentence-transformers BERT folder, trigram (hashed character trigrams, a lexical baseline), or none.

            --evaluate (ICD-10-CM only) measures retrieval honestly: every inclusion term is a query whose answer \
            is its code, and inclusion terms are left out of the indexed text for the run. 20% of the queries \
            (seeded) choose the hybrid fusion; top-1, top-5 and MRR are reported on the other 80% for BM25, dense \
            and hybrid. Nothing is written unless --out is given.

            Examples:
              galen index ../shared/data/icd10cm/icd10c-tabular-April-1-2026.xml --out runs/icd10-index
              galen index notes.jsonl --out runs/notes-index --id-field note_id --text-fields title,body
              galen index terms.csv --out runs/terms-index --format csv --text-fields term --model trigram
              galen index icd10cm.xml --evaluate --model trigram

            Exit codes: 0 success, 1 usage error, 2 data or index error.
            """
        )

        @Argument(help: "ICD-10-CM XML, JSONL or CSV file.") var source: String
        @Option(help: "Index folder to write.") var out: String?
        @Option(help: "icd10, jsonl or csv (default: from the file extension).") var format: String?
        @Option(help: "Comma-separated text fields of JSONL/CSV records (joined into the indexed text).") var textFields: String = "text"
        @Option(help: "Id field of JSONL/CSV records.") var idField: String = "id"
        @Option(help: "Sentence encoder: a MiniLM model folder, trigram, or none.") var model: String = SearchEncoders.defaultModel
        @Option(help: "Texts per encoder call.") var batchSize: Int = 64
        @Flag(help: "Evaluate retrieval on ICD-10-CM inclusion terms (held out of the index).") var evaluate = false
        @Option(help: "Seed of the validation/test split of --evaluate.") var seed: UInt64 = 42
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let kind = try resolvedFormat()
            guard batchSize >= 1 else { throw CLIError.usage("--batch-size must be at least 1") }
            if evaluate, kind != "icd10" {
                throw CLIError.usage("--evaluate needs the ICD-10-CM XML (its inclusion terms are the queries)")
            }
            guard evaluate || out != nil else { throw CLIError.usage("give --out INDEX (or --evaluate)") }
            if let out, FileManager.default.fileExists(atPath: out),
               !FileManager.default.fileExists(atPath: URL(fileURLWithPath: out).appendingPathComponent("manifest.json").path),
               !((try? FileManager.default.contentsOfDirectory(atPath: out))?.isEmpty ?? false) {
                throw CLIError.usage("\(out) exists and is not a search index folder; choose another --out")
            }
            let sourceURL = URL(fileURLWithPath: source)
            guard FileManager.default.fileExists(atPath: source) else { throw CLIError.data("\(source): no such file") }

            let started = Date()
            var entries: [ICD10CMEntry] = []
            let documents: [TextDocument]
            switch kind {
            case "icd10":
                entries = try ICD10CMReader.read(contentsOf: sourceURL)
                documents = ICD10CMCollection.documents(entries, includeInclusionTerms: !evaluate)
            case "jsonl":
                documents = try DocumentCollectionReader.readJSONL(contentsOf: sourceURL, idField: idField, textFields: fields())
            default:
                documents = try DocumentCollectionReader.readCSV(contentsOf: sourceURL, idField: idField, textFields: fields())
            }
            let readSeconds = Date().timeIntervalSince(started)

            var encoder: SentenceEncoder? = nil
            var denseNote: String? = nil
            do { encoder = try SearchEncoders.encoder(model: model) } catch {
                // The default model may not have been fetched (scripts/fetch_minilm.sh): say so and build BM25.
                // A model the user named that cannot be used is an error.
                guard model == SearchEncoders.defaultModel else { throw error }
                let message = (error as? CLIError)?.message ?? "\(error)"
                denseNote = message
                FileHandle.standardError.write(Data("note: dense side skipped: \(message); the index holds BM25 only\n".utf8))
            }
            let buildStart = Date()
            let index = try SearchIndex.build(documents: documents, source: source, sourceFormat: kind,
                                              sourceSHA256: try FileHash.sha256(fileAt: sourceURL), encoder: encoder,
                                              batchSize: batchSize, progress: progressPrinter(total: documents.count))
            let buildSeconds = Date().timeIntervalSince(buildStart)
            if let out { try index.save(to: URL(fileURLWithPath: out)) }
            let totalSeconds = Date().timeIntervalSince(started)

            var evaluation: SearchEvaluation? = nil
            if evaluate {
                evaluation = try SearchEvaluation.run(index: index, queries: ICD10CMCollection.evaluationQueries(entries),
                                                      encoder: encoder, seed: seed)
            }
            if json {
                try printSearchJSON(summary(index, read: readSeconds, build: buildSeconds, total: totalSeconds, note: denseNote,
                                      evaluation: evaluation))
                return
            }
            let embedded = index.dense.map { "embeddings \($0.encoder), \($0.dimension)-d" } ?? "no embeddings"
            print("Indexed \(documents.count) documents from \(source) (\(kind)) in \(String(format: "%.1f", totalSeconds)) s: "
                  + "BM25 over \(index.bm25.terms.count) words, \(embedded)" + (out.map { " → \($0)" } ?? ""))
            print(String(format: "  read %.1f s, index and embed %.1f s", readSeconds, buildSeconds))
            if let evaluation { print(EvaluationTable.text(evaluation)) }
        }

        /// Prints embedding progress to standard error every tenth of a large collection.
        private func progressPrinter(total: Int) -> ((Int) -> Void)? {
            guard total >= 5_000, !json else { return nil }
            var next = total / 10
            let start = Date()
            return { done in
                guard done >= next || done == total else { return }
                next += total / 10
                let seconds = Date().timeIntervalSince(start)
                FileHandle.standardError.write(Data("  embedded \(done)/\(total) documents (\(Int(seconds)) s)\n".utf8))
            }
        }

        private func fields() throws -> [String] {
            let list = textFields.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !list.isEmpty else { throw CLIError.usage("--text-fields names no field") }
            return list
        }

        private func resolvedFormat() throws -> String {
            if let format {
                guard ["icd10", "jsonl", "csv"].contains(format) else {
                    throw CLIError.usage("--format must be icd10, jsonl or csv (got '\(format)')")
                }
                return format
            }
            switch URL(fileURLWithPath: source).pathExtension.lowercased() {
            case "xml": return "icd10"
            case "jsonl", "ndjson": return "jsonl"
            case "csv", "tsv", "txt": return "csv"
            default: throw CLIError.usage("cannot tell the format of \(source) from its extension; give --format icd10|jsonl|csv")
            }
        }

        private func summary(_ index: SearchIndex, read: Double, build: Double, total: Double, note: String?,
                             evaluation: SearchEvaluation?) -> IndexSummary {
            IndexSummary(documents: index.documents.count, source: source, format: index.manifest.sourceFormat, out: out,
                         bm25Words: index.bm25.terms.count, encoder: index.dense?.encoder, denseNote: note,
                         readSeconds: read, buildSeconds: build, totalSeconds: total,
                         evaluation: evaluation.map(EvaluationSummary.init))
        }
    }
}

/// `galen index --json` output.
struct IndexSummary: Encodable {
    var documents: Int
    var source: String
    var format: String
    var out: String?
    var bm25Words: Int
    var encoder: String?
    var denseNote: String?
    var readSeconds: Double
    var buildSeconds: Double
    var totalSeconds: Double
    var evaluation: EvaluationSummary?
}

/// The evaluation part of `galen index --evaluate --json`.
struct EvaluationSummary: Encodable {
    var validationQueries: Int
    var testQueries: Int
    var bm25: RetrievalMetrics
    var dense: RetrievalMetrics?
    var hybrid: RetrievalMetrics?
    var fusion: String?
    var fusionCandidates: [String: Double]
    var bm25MillisecondsPerQuery: Double
    var denseMillisecondsPerQuery: Double?

    init(_ e: SearchEvaluation) {
        validationQueries = e.validationQueries
        testQueries = e.testQueries
        bm25 = e.bm25
        dense = e.dense
        hybrid = e.hybrid
        fusion = e.fusion?.description
        fusionCandidates = Dictionary(uniqueKeysWithValues: e.fusionCandidates.map { ($0.fusion.description, $0.validationMRR) })
        bm25MillisecondsPerQuery = e.bm25MillisecondsPerQuery
        denseMillisecondsPerQuery = e.denseMillisecondsPerQuery
    }
}

/// The evaluation as a text table.
enum EvaluationTable {
    static func text(_ e: SearchEvaluation) -> String {
        var lines = ["Evaluation: \(e.testQueries) test queries (inclusion terms held out of the index; \(e.validationQueries) more chose the fusion)",
                     "  method   top-1   top-5   MRR     ms/query"]
        func row(_ name: String, _ m: RetrievalMetrics?, _ ms: Double?) {
            guard let m else { return }
            let time = ms.map { String(format: "%.2f", $0) } ?? "-"
            lines.append("  " + name.padding(toLength: 8, withPad: " ", startingAt: 0)
                         + String(format: " %.3f   %.3f   %.3f   ", m.top1, m.top5, m.mrr) + time)
        }
        row("bm25", e.bm25, e.bm25MillisecondsPerQuery)
        row("dense", e.dense, e.denseMillisecondsPerQuery)
        row("hybrid", e.hybrid, nil)
        if let f = e.fusion { lines.append("  hybrid fusion chosen on validation: \(f)") }
        if e.dense == nil { lines.append("  dense and hybrid: no sentence encoder in this run (see the note above)") }
        return lines.joined(separator: "\n")
    }
}

/// Prints `value` as pretty, key-sorted JSON.
func printSearchJSON<T: Encodable>(_ value: T) throws {
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try enc.encode(value), as: UTF8.self))
}
