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

        let server = Process()
        server.executableURL = CLITests.binary
        server.arguments = ["serve", dir.appendingPathComponent("run/bundle").path, "--port", "0", "--database", db]
        let err = Pipe()
        server.standardError = err
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        // Wait (bounded) for the line naming the port.
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("serving "), Date() < deadline, server.isRunning {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("serving ") }, "server output: \(text)")
        let port = try #require(line.split(separator: ":").last.flatMap { Int($0) })

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

    static func firstRecord(_ path: String) throws -> [String: Any] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init), row = lines[1].split(separator: ",").map(String.init)
        var record: [String: Any] = [:]
        for (h, v) in zip(header, row) where h != "diagnosis" { record[h] = Double(v) ?? (v as Any) }
        return record
    }
}
