import ArgumentParser
import Foundation
import GalenPrivacy
import GalenServe

extension Galen {
    /// `galen serve`: the authenticated, audited HTTP inference server.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve model bundles over HTTP with API keys, an audit trail and metrics.",
            discussion: """
            Serves MODEL_DIR when it is a bundle, else every bundle folder inside it (name from the
            manifest; version = creation time + first 12 hex digits of the manifest's SHA-256; when
            several bundles share a name the newest is served). A bundle that fails verification stops
            the server from starting. Encrypted bundles (`galen train --encrypt-bundle`) are served with
            --key-file KEYFILE or GALEN_KEY and decrypted in memory only; an encrypted bundle without a key,
            or with a wrong one, stops the server from starting (exit code 2).

            Routes (OpenAPI 3.1 document at /openapi.json):
              GET  /health, /openapi.json, /metrics          open
              GET  /v1/models, /v1/models/NAME               key with role predict or admin
              GET  /v1/models/NAME/drift                     PSI per feature against training
              POST /v1/models/NAME/predict                   {"records": [{column: value, ...}]}
              POST /invocations[?model=NAME]                 MLflow scoring protocol
              GET  /v1/audit[?since=DATE&model=NAME]         key with role admin
              POST /v1/admin/reload                          key with role admin

            Requests need `Authorization: Bearer KEY` (create keys with `galen keys create`). Each
            prediction request is written to the audit trail in --audit-db (a SQLite file by default, or
            postgres://USER@HOST:PORT/DATABASE so that several servers share one trail and one set of
            keys; tables are created when missing) and committed before it is answered. Concurrent
            requests share one commit (group commit: at most 512 records, no added wait); raw inputs
            only with --audit-inputs. An active API key is remembered for 1 second after the database
            confirms it, so a key revoked with `galen keys revoke` stops working within a second.
            /metrics times each stage of a prediction in
            galen_prediction_stage_duration_seconds{stage="admission|decode|score|encode|audit"}. Stops gracefully on SIGTERM or SIGINT. SIGHUP (or
            POST /v1/admin/reload with an admin key) loads the folder again and swaps in new versions
            atomically; requests in flight finish on the model they started with. The folder is also
            polled every --watch-interval seconds (0: never) and reloaded when a bundle is added, removed
            or changed; a failed reload (say, a bundle still being copied) keeps the served models and is
            retried at the next change.

            Examples:
              galen keys create --role predict
              galen serve runs/breast_cancer_wdbc/bundle --port 8080
              galen serve models/ --host 0.0.0.0 --port 8443 --tls-cert cert.pem --tls-key key.pem --rate-limit 50
              galen serve models/ --key-file site.key
              PGPASSWORD=... galen serve models/ --audit-db postgres://galen@db.example:5432/galen
              galen serve models/ --max-rows 1000 --max-body-bytes 4194304 --audit-inputs
              curl -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \\
                   -d '{"records": [{"mean radius": 14.1, ...}]}' localhost:8080/v1/models/wdbc/predict
            """
        )

        @Argument(help: "A model bundle, or a folder of bundle folders.") var modelDir: String
        @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
        @Option(help: "Port to listen on (0: any free port, printed at start).") var port: Int = 8080
        @OptionGroup var database: AuditDatabaseOption
        @Option(help: "Largest request body in bytes (413 above it).") var maxBodyBytes: Int = 1 << 20
        @Option(help: "Most records in one prediction request (400 above it).") var maxRows: Int = 10_000
        @Option(help: "TLS certificate chain (PEM); with --tls-key, serves HTTPS.") var tlsCert: String?
        @Option(help: "TLS private key (PEM).") var tlsKey: String?
        @Option(help: "Requests per second allowed per API key (429 above it; default: no limit).") var rateLimit: Double?
        @Option(help: "Seconds between looks at MODEL_DIR for new or changed bundles (0: do not watch).") var watchInterval: Double = 5
        @OptionGroup var key: KeyOptions
        @Flag(help: "Keep the raw request body in each audit record (it may hold patient data).") var auditInputs = false

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
            guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
            guard maxRows > 0 else { throw ValidationError("--max-rows must be positive") }
            if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
            if let rateLimit, !(rateLimit > 0) { throw ValidationError("--rate-limit must be positive") }
            guard watchInterval >= 0, watchInterval.isFinite else { throw ValidationError("--watch-interval must be 0 or more seconds") }
        }

        func run() throws {
            var configuration = ServerConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.maxBodyBytes = maxBodyBytes
            configuration.maxRows = maxRows
            configuration.auditInputs = auditInputs
            configuration.rateLimitPerKey = rateLimit
            configuration.tlsCertificatePath = tlsCert
            configuration.tlsKeyPath = tlsKey
            let directory = URL(fileURLWithPath: modelDir)
            let registry = try ModelRegistry(directory: directory,
                                             key: try key.load(needed: ModelRegistry.containsEncryptedBundle(directory)))
            let location = try database.location()
            let store = try Blocking.run { try await location.open() }
            if try Blocking.run({ try await store.keys() }).allSatisfy({ !$0.isActive }) {
                FileHandle.standardError.write(Data("warning: \(location) holds no active API key; create one with `galen keys create --role predict --audit-db \(location)`\n".utf8))
            }
            let server = GalenServer(registry: registry, keys: store, audit: store, configuration: configuration)
            let snapshot = registry.snapshot
            let names = snapshot.names.map { "\($0) \(snapshot.models[$0]!.version)" }.joined(separator: ", ")
            let host = self.host, scheme = tlsCert == nil ? "http" : "https"
            let app = try server.makeApplication(onRunning: { port in
                FileHandle.standardError.write(Data("serving \(names) on \(scheme)://\(host):\(port)\n".utf8))
            })
            // SIGHUP: scan the folder again and swap in the new models (as POST /v1/admin/reload does).
            signal(SIGHUP, SIG_IGN)
            let hangup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
            hangup.setEventHandler {
                do {
                    try registry.reload()
                    let s = registry.snapshot
                    let now = s.names.map { "\($0) \(s.models[$0]!.version)" }.joined(separator: ", ")
                    FileHandle.standardError.write(Data("reloaded: serving \(now)\n".utf8))
                } catch {
                    FileHandle.standardError.write(Data("reload failed, previous models stay served: \(error)\n".utf8))
                }
            }
            hangup.resume()
            defer { hangup.cancel() }
            let watcher = watchInterval > 0
                ? ModelWatcher(registry: registry, interval: .milliseconds(Int64(watchInterval * 1000))) { event in
                    switch event {
                    case .reloaded(let served):
                        FileHandle.standardError.write(Data("model folder changed: serving \(served.joined(separator: ", "))\n".utf8))
                    case .failed(let error):
                        FileHandle.standardError.write(Data("model folder changed but reload failed, previous models stay served: \(error)\n".utf8))
                    }
                }
                : nil
            try Blocking.run {
                let watching = watcher.map { w in Task { await w.run() } }
                defer { watching?.cancel() }
                do {
                    try await app.runService()
                } catch {
                    await store.close()
                    throw error
                }
                await store.close()
            }
        }
    }
}

/// Defaults shared by `galen serve`, `galen keys` and `galen audit`.
enum ServeDefaults {
    /// The database file, in the working directory.
    static let database = "galen-serve.sqlite"
}
