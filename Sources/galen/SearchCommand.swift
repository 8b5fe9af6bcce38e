import ArgumentParser
import Foundation
import GalenSearch

extension Galen {
    /// `galen search`: query an index built by `galen index`.
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search an index built by galen index: BM25, dense (embeddings) or hybrid.",
            discussion: """
            Prints the top-k documents with their scores: BM25 score, cosine similarity, or the fused hybrid \
            score (by default a score mix weighting the dense side 0.9, chosen on validation; see docs/search.md). The default method is hybrid when the \
            index holds embeddings, else BM25 (with a note). Dense and hybrid search encode the query with the \
            encoder the index was built with (--model gives the MiniLM folder).

            Examples:
              galen search runs/icd10-index "chest pain on exertion"
              galen search runs/icd10-index "high blood pressure" -k 5 --method bm25
              galen search runs/icd10-index "sugar diabetes with eye damage" --json

            Exit codes: 0 success, 1 usage error, 2 index or encoder error.
            """
        )

        @Argument(help: "Index folder written by galen index.") var index: String
        @Argument(help: "The query.") var query: String
        @Option(name: .customShort("k"), help: "Number of results.") var k: Int = 10
        @Option(help: "hybrid, dense or bm25 (default: hybrid when the index has embeddings).") var method: String?
        @Option(help: "MiniLM model folder for dense queries (default models/all-MiniLM-L6-v2).") var model: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            guard k >= 1 else { throw CLIError.usage("-k must be at least 1") }
            var chosen: SearchMethod
            if let method {
                guard let m = SearchMethod(rawValue: method) else {
                    throw CLIError.usage("--method must be hybrid, dense or bm25 (got '\(method)')")
                }
                chosen = m
            } else {
                chosen = .hybrid
            }
            let loaded = try SearchIndex.load(from: URL(fileURLWithPath: index))
            var encoder: SentenceEncoder? = nil
            if chosen != .bm25 {
                if let dense = loaded.dense {
                    do {
                        encoder = try SearchEncoders.encoder(forIndex: dense.encoder, model: model)
                    } catch let error as SearchError where method == nil {
                        FileHandle.standardError.write(Data("note: \(error); using BM25\n".utf8))
                        chosen = .bm25
                    }
                } else if method == nil {
                    FileHandle.standardError.write(Data("note: the index has no embeddings (built without a sentence encoder); using BM25\n".utf8))
                    chosen = .bm25
                }
            }
            let start = Date()
            let hits = try loaded.search(query, k: k, method: chosen, encoder: encoder)
            let milliseconds = Date().timeIntervalSince(start) * 1000
            let results = hits.enumerated().map { rank, hit in
                let d = loaded.documents[hit.document]
                return SearchResult(rank: rank + 1, id: d.id, title: d.title, score: hit.score, fields: d.fields)
            }
            if json {
                try printSearchJSON(SearchOutput(query: query, method: chosen.rawValue, milliseconds: milliseconds, results: results))
                return
            }
            if results.isEmpty { print("No document matches.") }
            for r in results {
                print(String(format: "%2d  %.4f  ", r.rank, r.score) + r.id.padding(toLength: max(8, r.id.count), withPad: " ", startingAt: 0) + "  " + r.title)
            }
            FileHandle.standardError.write(Data(String(format: "(%@, %.1f ms)\n", chosen.rawValue as NSString, milliseconds).utf8))
        }
    }
}

/// One result of `galen search --json`.
struct SearchResult: Encodable {
    var rank: Int
    var id: String
    var title: String
    var score: Float
    var fields: [String: String]
}

/// `galen search --json` output.
struct SearchOutput: Encodable {
    var query: String
    var method: String
    var milliseconds: Double
    var results: [SearchResult]
}
