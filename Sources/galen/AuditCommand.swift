import ArgumentParser
import Foundation
import GalenServe

extension Galen {
    /// `galen audit`: reads the audit trail `galen serve` writes.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the audit trail of galen serve, newest first.",
            discussion: """
            One record per prediction request: time, request id, API key id, route, model name, version
            and bundle hash, SHA-256 of the request body, records, HTTP status, latency, and the outputs
            (with --json; raw inputs only if the server ran with --audit-inputs).

            Examples:
              galen audit --since 2026-11-01 --model wdbc
              galen audit --since 2026-11-23T08:00:00Z --json
              galen audit --audit-db postgres://galen@db.example:5432/galen --model wdbc
            """
        )

        @Option(help: "Only records at or after this date or time (YYYY-MM-DD or ISO 8601, UTC unless an offset is given).") var since: String?
        @Option(help: "Only records for this model.") var model: String?
        @Option(help: "At most this many records.") var limit: Int = 1000
        @OptionGroup var database: AuditDatabaseOption
        @Flag(help: "Print the records as JSON.") var json = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be positive") }
            if let since, AuditDate.normalize(since) == nil {
                throw ValidationError("--since must be a date (YYYY-MM-DD) or an ISO 8601 date-time")
            }
        }

        func run() throws {
            let location = try database.location()
            guard location.exists else {
                throw CLIError.data("no audit database at \(location) (see --audit-db)")
            }
            let query = AuditQuery(since: since.flatMap(AuditDate.normalize), model: model, limit: limit)
            let records = try database.withStore { try await $0.records(query) }
            if json {
                let e = JSONEncoder()
                e.outputFormatting = [.sortedKeys]
                print(String(decoding: try e.encode(records), as: UTF8.self))
                return
            }
            print("time\trequest\tkey\troute\tmodel\tversion\tstatus\trows\tlatency_ms")
            for r in records {
                print("\(r.time)\t\(r.requestID)\t\(r.keyID.map(String.init) ?? "-")\t\(r.route)\t\(r.model ?? "-")\t\(r.modelVersion ?? "-")\t\(r.status)\t\(r.rows)\t\(String(format: "%.2f", r.latencyMilliseconds))")
            }
        }
    }
}
