import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `galen keys`, `galen serve` and `galen audit` as a user runs them: a real server process on a loopback port,
/// called over HTTP, stopped with SIGTERM.
@Suite(.serialized) struct ServeCLITests {
    @Test func helpHasExamples() throws {
        for command in [["serve"], ["keys"], ["keys", "create"], ["keys", "list"], ["keys", "revoke"], ["audit"]] {
            let r = try CLITests.galen(command + ["--help"])
            #expect(r.status == 0)
            #expect(r.stdout.contains("Examples:"), "\(command) --help has no examples")
        }
    }

    @Test func keysServePredictAuditAndGracefulShutdown() async throws {
        let dir = try CLITests.tempDir()
        let data = CLITests.repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path
        let db = dir.appendingPathComponent("serve.sqlite").path
        let train = try CLITests.galen(["train", data, "--target", "diagnosis", "--out", dir.appendingPathComponent("run").path,
                                        "--epochs", "3", "--resamples", "100", "--quiet"])
        #expect(train.status == 0, "\(train.stderr)")
        let created = try CLITests.galen(["keys", "create", "--role", "predict", "--label", "cli test", "--database", db, "--json"])
        #expect(created.status == 0, "\(created.stderr)")
        let key = try #require((try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])?["key"] as? String)
        #expect(try CLITests.galen(["keys", "create", "--role", "nurse", "--database", db]).status == 1)
        #expect(try CLITests.galen(["keys", "revoke", "999", "--database", db]).status == 2)
        #expect(try CLITests.galen(["serve", dir.appendingPathComponent("missing").path, "--database", db]).status == 2)

        let (server, port) = try Self.startServer(bundle: dir.appendingPathComponent("run/bundle").path, database: db)
        defer { if server.isRunning { server.terminate() } }

        let record = try ServeCLITests.firstRecord(data)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/models/breast_cancer_wdbc/predict")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["records": [record]])
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(String(decoding: body, as: UTF8.self))")
        request.setValue(nil, forHTTPHeaderField: "Authorization")
        let (_, unauthorized) = try await URLSession.shared.data(for: request)
        #expect((unauthorized as? HTTPURLResponse)?.statusCode == 401)

        server.terminate()   // SIGTERM: graceful shutdown
        server.waitUntilExit()
        #expect(server.terminationReason == .exit && server.terminationStatus == 0)

        let audit = try CLITests.galen(["audit", "--database", db, "--model", "breast_cancer_wdbc", "--since", "2000-01-01", "--json"])
        #expect(audit.status == 0, "\(audit.stderr)")
        let records = try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(records.count == 1 && records.first?["status"] as? Int == 200)
        #expect(try CLITests.galen(["audit", "--database", db, "--since", "last week"]).status == 1)
        let text2 = try CLITests.galen(["audit", "--database", db])
        #expect(text2.status == 0 && text2.stdout.contains("breast_cancer_wdbc"))
    }

    /// Kills the server (SIGKILL) while requests are in flight: every acknowledged prediction has its audit row.
    @Test func killedUnderLoadLosesNoAcknowledgedAuditRecord() async throws {
        let dir = try CLITests.tempDir()
        try await Self.killUnderLoad(dir: dir, database: dir.appendingPathComponent("serve.sqlite").path)
    }

    /// The same against PostgreSQL (`GALEN_TEST_POSTGRES_URL`, set by scripts/with_postgres.sh).
    @Test(.enabled(if: postgresURL != nil, "GALEN_TEST_POSTGRES_URL is not set: run the tests through scripts/with_postgres.sh (make test does)"))
    func killedUnderLoadLosesNoAcknowledgedAuditRecordInPostgres() async throws {
        try await Self.killUnderLoad(dir: try CLITests.tempDir(), database: try #require(Self.postgresURL))
    }

    /// `galen keys`, `galen serve` and `galen audit` on one PostgreSQL database, with two servers sharing it.
    @Test(.enabled(if: postgresURL != nil, "GALEN_TEST_POSTGRES_URL is not set: run the tests through scripts/with_postgres.sh (make test does)"))
    func keysServeAuditOnPostgres() async throws {
        let db = try #require(Self.postgresURL)
        let dir = try CLITests.tempDir()
        let data = CLITests.repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path
        let name = "pgcli\(UUID().uuidString.prefix(6).lowercased())"
        #expect(try CLITests.galen(["train", data, "--target", "diagnosis", "--out", dir.appendingPathComponent("run").path,
                                    "--epochs", "2", "--resamples", "100", "--quiet", "--name", name]).status == 0)
        let created = try CLITests.galen(["keys", "create", "--role", "predict", "--label", name, "--audit-db", db, "--json"])
        #expect(created.status == 0, "\(created.stderr)")
        let key = try #require((try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])?["key"] as? String)
        let listed = try CLITests.galen(["keys", "list", "--audit-db", db])
        #expect(listed.status == 0 && listed.stdout.contains(name))
        let bundle = dir.appendingPathComponent("run/bundle").path
        let (one, portOne) = try Self.startServer(bundle: bundle, database: db)
        defer { if one.isRunning { one.terminate() } }
        let (two, portTwo) = try Self.startServer(bundle: bundle, database: db)
        defer { if two.isRunning { two.terminate() } }
        var ids: [String] = []
        for port in [portOne, portTwo, portOne] {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/models/\(name)/predict")!)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
            request.httpBody = try JSONSerialization.data(withJSONObject: ["records": [try Self.firstRecord(data)]])
            let (body, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 200, "\(String(decoding: body, as: UTF8.self))")
            ids.append(try #require(http.value(forHTTPHeaderField: "X-Request-ID")))
        }
        for server in [one, two] { server.terminate(); server.waitUntilExit() }
        let audit = try CLITests.galen(["audit", "--audit-db", db, "--model", name, "--since", "2000-01-01", "--json"])
        #expect(audit.status == 0, "\(audit.stderr)")
        let records = try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(Set(records.compactMap { $0["requestID"] as? String }) == Set(ids))
        let refused = try CLITests.galen(["keys", "list", "--audit-db", "postgres://galen:hunter2@127.0.0.1:1/none?sslmode=disable"])
        #expect(refused.status == 2 && refused.stderr.contains("cannot connect to postgres://galen@127.0.0.1:1/none") && !refused.stderr.contains("hunter2"),
                "\(refused.stderr)")
    }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["GALEN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Trains a model, serves it on `database`, sends predictions from 8 clients and SIGKILLs the server after
    /// 40 acknowledged ones; then every acknowledged request id must be in the audit trail.
    static func killUnderLoad(dir: URL, database db: String) async throws {
        let data = CLITests.repoRoot.appendingPathComponent("data/wdbc/breast_cancer_wdbc.csv").path
        #expect(try CLITests.galen(["train", data, "--target", "diagnosis", "--out", dir.appendingPathComponent("run").path,
                                    "--epochs", "2", "--resamples", "100", "--quiet", "--name", "wdbc"]).status == 0)
        let created = try CLITests.galen(["keys", "create", "--role", "predict", "--audit-db", db, "--json"])
        let key = try #require((try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])?["key"] as? String)
        let (server, port) = try Self.startServer(bundle: dir.appendingPathComponent("run/bundle").path, database: db)
        defer { if server.isRunning { server.terminate() } }

        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/models/wdbc/predict")!)
        request.httpMethod = "POST"
        request.timeoutInterval = 10
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["records": [try Self.firstRecord(data)]])
        let acknowledged = AckCounter()
        let pid = server.processIdentifier
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { [request] in
                    for _ in 0..<60 {
                        guard let (_, response) = try? await URLSession.shared.data(for: request),
                              let http = response as? HTTPURLResponse else { return }   // the server is gone
                        guard http.statusCode == 200, let id = http.value(forHTTPHeaderField: "X-Request-ID") else { continue }
                        if await acknowledged.add(id) == 40 { kill(pid, SIGKILL) }
                    }
                }
            }
            try await group.waitForAll()
        }
        server.waitUntilExit()
        #expect(server.terminationReason == .uncaughtSignal)
        let ids = await acknowledged.ids
        #expect(ids.count >= 40)
        let audit = try CLITests.galen(["audit", "--audit-db", db, "--model", "wdbc", "--limit", "100000", "--json"])
        #expect(audit.status == 0, "\(audit.stderr)")
        let records = try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]] ?? []
        let audited = Set(records.compactMap { $0["requestID"] as? String })
        #expect(ids.isSubset(of: audited), "\(ids.subtracting(audited).count) acknowledged requests have no audit record")
    }

    /// Starts `galen serve` on a free loopback port and waits (bounded) for it to say which.
    static func startServer(bundle: String, database: String) throws -> (Process, Int) {
        let server = Process()
        server.executableURL = CLITests.binary
        server.arguments = ["serve", bundle, "--port", "0", "--audit-db", database, "--watch-interval", "0"]
        let err = Pipe()
        server.standardError = err
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("serving "), Date() < deadline, server.isRunning {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("serving ") }),
              let port = line.split(separator: ":").last.flatMap({ Int($0) }) else {
            server.terminate()
            throw CLIError(message: "server did not start: \(text)")
        }
        return (server, port)
    }

    struct CLIError: Error { let message: String }

    /// Request ids of acknowledged predictions.
    actor AckCounter {
        var ids: Set<String> = []
        func add(_ id: String) -> Int { ids.insert(id); return ids.count }
    }

    static func firstRecord(_ path: String) throws -> [String: Any] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init), row = lines[1].split(separator: ",").map(String.init)
        var record: [String: Any] = [:]
        for (h, v) in zip(header, row) where h != "diagnosis" { record[h] = Double(v) ?? (v as Any) }
        return record
    }
}
